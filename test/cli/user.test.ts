/** `npm run -s user -- create`, run as a command against a real moto through LOCAL_STACK_FILE. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AdminGetUserCommand, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { expect } from 'chai';

import type { LocalStackRecord } from '../../src/cli/stack-target.js';
import { cognitoClient, passwordProblems, provisionUserPool } from '../../src/local/cognito.js';
import { startMoto, type MotoServer } from '../../src/local/moto.js';
import { projectRoot } from '../../src/local/paths.js';

const REGION = 'ap-southeast-2';
const WEB_URL = 'http://127.0.0.1:3999/';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function userCommand(args: readonly string[], stackFile: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/cli/user-main.ts'), ...args], {
      cwd: projectRoot,
      env: { ...process.env, LOCAL_STACK_FILE: stackFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run -s user -- create', function () {
  this.timeout(60_000);
  let moto: MotoServer;
  let temp: string;
  let stackFile: string;
  let clientId: string;
  let userPoolId: string;

  /** The browser's sign-in: USER_PASSWORD_AUTH with plain fetch. */
  const signIn = async (username: string, password: string): Promise<number> =>
    (
      await fetch(`${moto.endpoint}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
        body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }),
      })
    ).status;

  before(async () => {
    moto = await startMoto();
    const aws = { endpoint: moto.endpoint, region: REGION };
    ({ userPoolId, clientId } = await provisionUserPool(cognitoClient(aws), 'user-cli'));
    temp = await mkdtemp(join(tmpdir(), 'user-cli-'));
    stackFile = join(temp, 'stack.json');
    const record: LocalStackRecord = { ...aws, prefix: 'user-cli', apiUrl: 'http://127.0.0.1:3999', webUrl: WEB_URL, userPool: { userPoolId, clientId } };
    await writeFile(stackFile, JSON.stringify(record));
  });
  after(async () => {
    await moto?.stop();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('--password creates a user who can sign in as the browser does, and says where', async () => {
    const run = await userCommand(['create', 'alice', '--password', 'Correct-Horse-1'], stackFile);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal(`created user alice: sign in at ${WEB_URL} with that password\n`);
    expect(await signIn('alice', 'Correct-Horse-1')).to.equal(200);
    expect(await signIn('alice', 'Wrong-Horse-12')).to.equal(400);
  });

  it('--password on an existing user changes the password', async () => {
    const run = await userCommand(['create', 'alice', '--password=Another-Horse-2'], stackFile);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^updated user alice: sign in at /);
    expect(await signIn('alice', 'Another-Horse-2')).to.equal(200);
    expect(await signIn('alice', 'Correct-Horse-1')).to.equal(400);
  });

  it('refuses a password the pool would refuse, with every reason and exit code 2, before creating anyone', async () => {
    const run = await userCommand(['create', 'bob', '--password', 'short'], stackFile);
    expect(run.code).to.equal(2);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.include('at least 12 characters').and.include('upper-case').and.include('digit');
    const lookup = cognitoClient({ endpoint: moto.endpoint, region: REGION }).send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: 'bob' }));
    expect(await lookup.then(() => 'found', (error: unknown) => (error instanceof UserNotFoundException ? 'absent' : String(error)))).to.equal('absent');
  });

  it('without --password prints a fresh ID token, as before', async () => {
    const run = await userCommand(['create', 'carol'], stackFile);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout.trim()).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = JSON.parse(Buffer.from(run.stdout.trim().split('.')[1]!, 'base64url').toString('utf8')) as { 'cognito:username'?: string; token_use?: string };
    expect(claims.token_use).to.equal('id');
  });

  it('exits 2 on a usage error and 1 when no stack is running', async () => {
    for (const args of [[], ['create'], ['delete', 'alice'], ['create', 'a b'], ['create', 'alice', '--password'], ['create', 'alice', '--colour', 'red']]) {
      const run = await userCommand(args, stackFile);
      expect(run.code, args.join(' ')).to.equal(2);
      expect(run.stderr, args.join(' ')).to.include('usage: npm run -s user -- create <name>');
    }
    const missing = await userCommand(['create', 'dave', '--password', 'Correct-Horse-1'], join(temp, 'none.json'));
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('no local stack is running').and.include('none.json');
  });
});

describe('passwordProblems (the pool policy, checked before Cognito is asked)', () => {
  const policy = { MinimumLength: 12, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: false };

  it('accepts a password that fits and lists every shortfall of one that does not', () => {
    expect(passwordProblems(policy, 'Correct-Horse-1')).to.deep.equal([]);
    expect(passwordProblems(policy, 'correcthorse1')).to.deep.equal(['it must contain an upper-case letter']);
    expect(passwordProblems(policy, 'abc')).to.have.length(3);
    expect(passwordProblems({ ...policy, RequireSymbols: true }, 'CorrectHorse12')).to.deep.equal(['it must contain a symbol such as ! or -']);
    expect(passwordProblems({ ...policy, RequireSymbols: true }, 'Correct Horse 1')).to.deep.equal([]);
  });
});
