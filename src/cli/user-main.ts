/**
 * `npm run -s user -- create <name>`: creates (or re-keys) a user in the running `make dev` stack's
 * Cognito user pool and prints a fresh ID token, for `curl -H "authorization: Bearer $TOKEN"`.
 */
import { cognitoClient, createLocalUser } from '../local/cognito.js';
import { readLocalStack } from './stack-target.js';

const USAGE = 'usage: npm run -s user -- create <name>';

async function main(args: readonly string[]): Promise<number> {
  const [command, name, ...rest] = args;
  if (command !== 'create' || !name || rest.length > 0 || !/^[\w.@+-]{1,128}$/.test(name)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const stack = readLocalStack();
  if (!stack.userPool) throw new Error('the running local stack has no user pool: restart "make dev"');
  const user = await createLocalUser(cognitoClient(stack), stack.userPool, name);
  process.stdout.write(`${user.idToken}\n`);
  process.stderr.write(`user ${user.username} (sub ${user.sub}); the ID token is valid for one hour\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`user: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
