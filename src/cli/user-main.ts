/**
 * `npm run -s user -- create <name>`: creates (or re-keys) a user in the running `make dev` stack's
 * Cognito user pool and prints a fresh ID token, for `curl -H "authorization: Bearer $TOKEN"`.
 *
 * `npm run -s user -- create <name> --password <password>`: creates the user (or updates an
 * existing one) with that permanent password, for signing in to the web app in a browser.
 */
import { parseArgs } from 'node:util';

import { cognitoClient, createLocalUser, passwordPolicyOf, passwordProblems, setLocalUserPassword } from '../local/cognito.js';
import { readLocalStack } from './stack-target.js';

const USAGE = 'usage: npm run -s user -- create <name> [--password <password>]';

class UsageError extends Error {}

function parse(args: readonly string[]): { name: string; password: string | undefined } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { password: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [command, name, ...rest] = parsed.positionals;
  if (command !== 'create' || !name || rest.length > 0) throw new UsageError(USAGE);
  if (!/^[\w.@+-]{1,128}$/.test(name)) throw new UsageError(`the name may have only letters, digits and . @ + - _ (at most 128): ${name}`);
  return { name, password: parsed.values.password };
}

async function main(args: readonly string[]): Promise<number> {
  let request;
  try {
    request = parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message === USAGE ? USAGE : `user: ${error.message}\n${USAGE}`}\n`);
    return 2;
  }
  const stack = readLocalStack();
  if (!stack.userPool) throw new Error('the running local stack has no user pool: restart "make dev"');
  const cognito = cognitoClient(stack);
  if (request.password === undefined) {
    const user = await createLocalUser(cognito, stack.userPool, request.name);
    process.stdout.write(`${user.idToken}\n`);
    process.stderr.write(`user ${user.username} (sub ${user.sub}); the ID token is valid for one hour\n`);
    return 0;
  }
  // Checked here, so a weak password gets every reason at once instead of Cognito's generic refusal.
  const problems = passwordProblems(await passwordPolicyOf(cognito, stack.userPool.userPoolId), request.password);
  if (problems.length > 0) {
    process.stderr.write(`user: the password does not meet the user pool's policy: ${problems.join('; ')}\n`);
    return 2;
  }
  const { created } = await setLocalUserPassword(cognito, stack.userPool, request.name, request.password);
  const signIn = stack.webUrl ?? (stack.apiUrl ? `${stack.apiUrl}/` : 'the web app of "make dev"');
  process.stdout.write(`${created ? 'created' : 'updated'} user ${request.name}: sign in at ${signIn} with that password\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`user: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
