/**
 * `npm run -s smoke [-- --dir <path>] [--timeout <s>] [--user <name>]`: against the running `make dev`
 * stack (its API URL and user pool from .local/stack.json), uploads every file under the folder (by
 * default ../shared/fixtures/images beside the repository) as the user `smoke` into the album
 * `smoke`. `--user` names another user: a pool whose users sign in by email, such as the one
 * Terraform creates (`make rehearse`), needs an address.
 * Exit 0 when nothing is lost, 1 when something is (or the run fails), 2 on a usage error.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { cognitoClient, createLocalUser } from '../local/cognito.js';
import { projectRoot } from '../local/paths.js';
import { progressBar } from './progress.js';
import { formatOutcome, formatSummary, listSmokeFiles, runSmoke, SMOKE_NAME } from './smoke.js';
import { readLocalStack } from './stack-target.js';

const USAGE = 'usage: npm run -s smoke [-- --dir <path>] [--timeout <seconds>] [--user <name>]';
const DEFAULT_DIR = join(projectRoot, '..', 'shared', 'fixtures', 'images');

async function main(args: string[]): Promise<number> {
  let dir: string;
  let timeoutSeconds: number;
  let userName: string;
  try {
    const { values } = parseArgs({ args, options: { dir: { type: 'string' }, timeout: { type: 'string', default: '120' }, user: { type: 'string', default: SMOKE_NAME } }, strict: true });
    userName = values.user;
    dir = values.dir === undefined ? DEFAULT_DIR : resolve(values.dir);
    timeoutSeconds = Number(values.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new Error(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!existsSync(dir)) {
    process.stderr.write(`--dir ${dir} does not exist\n${USAGE}\n`);
    return 2;
  }
  const files = listSmokeFiles(dir);
  if (files.length === 0) throw new Error(`no files under ${dir}`);

  const stack = readLocalStack();
  if (!stack.apiUrl || !stack.userPool) throw new Error('the running local stack has no API or user pool: restart "make dev"');
  const user = await createLocalUser(cognitoClient(stack), stack.userPool, userName);
  process.stderr.write(`smoke: ${files.length} files from ${dir} to ${stack.apiUrl} as user ${userName}, ${timeoutSeconds} s each\n`);

  const bars = { upload: progressBar('smoke: uploaded'), wait: progressBar('smoke: settled') };
  const { summary } = await runSmoke({
    apiUrl: stack.apiUrl,
    token: user.idToken,
    files,
    readFile: (path) => readFile(path),
    fetch,
    timeoutMs: timeoutSeconds * 1000,
    onOutcome: (outcome) => process.stdout.write(`${formatOutcome(outcome)}\n`),
    onProgress: ({ phase, done, total }) => bars[phase]({ done, total }),
  });
  process.stdout.write(`${formatSummary(summary)}\n`);
  return summary.lost > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`smoke: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
