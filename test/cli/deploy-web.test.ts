/**
 * `make deploy-web` against stub `terraform` and `aws` executables on PATH. The terraform stub
 * answers `workspace show` and `output -json` with canned values; the aws stub keeps a fake bucket
 * in a JSON file (list-objects-v2, head-object, put-object) and answers create-invalidation. Like
 * the web bucket (SSE-KMS), it gives objects ETags that are not their MD5, unless told otherwise.
 * Every call is recorded, so the tests check order, headers and what was not done.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

import { IMMUTABLE, NO_CACHE, runDeployWeb } from '../../src/cli/deploy-web.js';
import { parseWebConfig, type WebConfig } from '../../src/shared/web-config.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const TERRAFORM_STUB = `#!/bin/sh
printf '%s\\t%s\\n' "$PWD" "$*" >> "$STUB_TERRAFORM_LOG"
case "$1" in
  workspace) cat "$STUB_TERRAFORM_WORKSPACE" ;;
  output) cat "$STUB_TERRAFORM_OUTPUTS" ;;
esac
`;

// CommonJS on purpose: the temp folder has no package.json saying otherwise.
const AWS_STUB = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.STUB_AWS_LOG, JSON.stringify(args) + '\\n');
// One file per object: the command uploads in parallel, and one shared file would lose writes.
const dir = process.env.STUB_S3_STATE;
const fileOf = (key) => path.join(dir, encodeURIComponent(key));
const read = (key) => (fs.existsSync(fileOf(key)) ? JSON.parse(fs.readFileSync(fileOf(key), 'utf8')) : undefined);
const option = (name) => { const i = args.indexOf(name); return i < 0 ? undefined : args[i + 1]; };
const print = (value) => process.stdout.write(JSON.stringify(value, null, 2) + '\\n');
const command = args.slice(0, 2).join(' ');
if (command === 's3api list-objects-v2') {
  const keys = fs.existsSync(dir) ? fs.readdirSync(dir).map(decodeURIComponent).sort() : [];
  print(keys.length === 0 ? { RequestCharged: null, Prefix: '' } : { Contents: keys.map((Key) => ({ Key, ETag: read(Key).etag, Size: 1 })), RequestCharged: null });
} else if (command === 's3api head-object') {
  const object = read(option('--key'));
  if (!object) { process.stderr.write('An error occurred (404) when calling the HeadObject operation: Not Found\\n'); process.exit(254); }
  print({ ETag: object.etag, ContentType: object.contentType, CacheControl: object.cacheControl, Metadata: object.metadata });
} else if (command === 's3api put-object') {
  const body = fs.readFileSync(option('--body'));
  const md5 = crypto.createHash('md5').update(body);
  if (md5.copy().digest('base64') !== option('--content-md5')) { process.stderr.write('BadDigest\\n'); process.exit(254); }
  const [name, value] = option('--metadata').split('=');
  const etag = process.env.STUB_S3_ETAG === 'md5' ? md5.digest('hex') : crypto.randomBytes(16).toString('hex');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(fileOf(option('--key')), JSON.stringify({ etag: '"' + etag + '"', contentType: option('--content-type'), cacheControl: option('--cache-control'), metadata: { [name]: value }, body: body.toString('utf8') }));
  print({ ETag: '"' + etag + '"' });
} else if (command === 'cloudfront create-invalidation') {
  print({ Location: 'https://cloudfront.amazonaws.com/2020-05-31/distribution/E2TEST/invalidation/I2TEST', Invalidation: { Id: 'I2TEST', Status: 'InProgress' } });
} else {
  process.stderr.write('stub aws: unexpected ' + command + '\\n');
  process.exit(2);
}
`;

const WEB_CONFIG: WebConfig = {
  apiBase: '',
  region: 'ap-southeast-2',
  userPoolId: 'ap-southeast-2_AbCdEfGhI',
  userPoolClientId: '1example23456789',
  cognitoEndpoint: 'https://cognito-idp.ap-southeast-2.amazonaws.com/',
  selfSignUp: true,
  maxUploadBytes: { image: 52428800, video: 5368709120 },
};

const BUILD: Record<string, string> = {
  'index.html': '<!doctype html><script type="module" src="/assets/main-AAAA1111.js"></script><link rel="stylesheet" href="/assets/main-BBBB2222.css">',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  'assets/main-AAAA1111.js': 'console.log("app")',
  'assets/main-AAAA1111.js.map': '{"version":3}',
  'assets/main-BBBB2222.css': 'body{margin:0}',
};

type AwsCall = string[];

describe('deploy-web (stub terraform and aws)', function () {
  this.timeout(60_000);
  let work: string;
  let bin: string;
  let dist: string;
  let out: string[];
  let err: string[];

  const paths = () => ({
    STUB_TERRAFORM_LOG: join(work, 'terraform.log'),
    STUB_TERRAFORM_WORKSPACE: join(work, 'workspace'),
    STUB_TERRAFORM_OUTPUTS: join(work, 'outputs.json'),
    STUB_AWS_LOG: join(work, 'aws.log'),
    STUB_S3_STATE: join(work, 'bucket'),
  });
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    const base: NodeJS.ProcessEnv = { ...process.env };
    delete base.TF_WORKSPACE;
    delete base.TERRAFORM;
    return { ...base, ...paths(), PATH: `${bin}${delimiter}${process.env.PATH}`, ...extra };
  };
  const setOutputs = (webConfig: unknown, workspace = 'dev') => {
    writeFileSync(paths().STUB_TERRAFORM_WORKSPACE, `${workspace}\n`);
    const output = (value: unknown) => ({ sensitive: false, type: typeof value, value });
    writeFileSync(
      paths().STUB_TERRAFORM_OUTPUTS,
      JSON.stringify({
        environment: output('dev'),
        web_bucket_name: output('photo-album-dev-web-123456789012'),
        cdn_distribution_id: output('E2TEST'),
        web_config: output(webConfig),
      }),
    );
  };
  const writeBuild = (files: Record<string, string>) => {
    rmSync(dist, { recursive: true, force: true });
    for (const [key, body] of Object.entries(files)) {
      mkdirSync(dirname(join(dist, key)), { recursive: true });
      writeFileSync(join(dist, key), body);
    }
  };
  const deploy = async (args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) => {
    out = [];
    err = [];
    rmSync(paths().STUB_AWS_LOG, { force: true });
    const status = await runDeployWeb(['--env', 'dev', '--dist', dist, '--terraform-dir', work, ...args], {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      env: env(extraEnv),
    });
    return status;
  };
  const awsCalls = (): AwsCall[] =>
    existsSync(paths().STUB_AWS_LOG) ? readFileSync(paths().STUB_AWS_LOG, 'utf8').trimEnd().split('\n').filter(Boolean).map((line) => JSON.parse(line) as AwsCall) : [];
  const option = (call: AwsCall, name: string) => call[call.indexOf(name) + 1];
  const puts = () => awsCalls().filter((call) => call[1] === 'put-object');
  const putKeys = () => puts().map((call) => option(call, '--key') ?? '');
  const invalidations = () => awsCalls().filter((call) => call[1] === 'create-invalidation');
  const invalidatedPaths = (call: AwsCall) => call.slice(call.indexOf('--paths') + 1, call.indexOf('--output'));
  const bucket = () =>
    Object.fromEntries(
      readdirSync(paths().STUB_S3_STATE).map((name) => [decodeURIComponent(name), JSON.parse(readFileSync(join(paths().STUB_S3_STATE, name), 'utf8')) as { body: string; cacheControl: string; contentType: string }]),
    );
  const expectOk = (status: number) => expect(status, [...out, ...err].join('\n')).to.equal(0);

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'deploy-web-test-'));
    bin = join(work, 'bin');
    dist = join(work, 'dist', 'web');
    mkdirSync(bin);
    writeFileSync(join(bin, 'terraform'), TERRAFORM_STUB);
    writeFileSync(join(bin, 'aws'), AWS_STUB);
    chmodSync(join(bin, 'terraform'), 0o755);
    chmodSync(join(bin, 'aws'), 0o755);
    writeBuild(BUILD);
    setOutputs(WEB_CONFIG);
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('first deploy: uploads hashed assets first, then other files, config.json and index.html last, with their headers, and invalidates the unhashed paths', async () => {
    expectOk(await deploy());
    const keys = putKeys();
    expect(keys).to.have.members([...Object.keys(BUILD), 'config.json']);
    const position = (key: string) => keys.indexOf(key);
    for (const asset of keys.filter((key) => key.startsWith('assets/'))) expect(position(asset), asset).to.be.lessThan(position('favicon.svg'));
    expect(position('favicon.svg')).to.be.lessThan(position('config.json'));
    expect(position('config.json')).to.be.lessThan(position('index.html'));
    expect(keys.at(-1)).to.equal('index.html');

    const stored = bucket();
    expect(stored['assets/main-AAAA1111.js']).to.include({ cacheControl: IMMUTABLE, contentType: 'text/javascript; charset=utf-8' });
    expect(stored['assets/main-BBBB2222.css']).to.include({ cacheControl: 'public, max-age=31536000, immutable', contentType: 'text/css; charset=utf-8' });
    expect(stored['assets/main-AAAA1111.js.map']).to.include({ cacheControl: IMMUTABLE, contentType: 'application/json' });
    expect(stored['index.html']).to.include({ cacheControl: 'no-cache', contentType: 'text/html; charset=utf-8' });
    expect(stored['favicon.svg']).to.include({ cacheControl: NO_CACHE, contentType: 'image/svg+xml' });
    expect(stored['config.json']).to.include({ cacheControl: NO_CACHE, contentType: 'application/json' });
    expect(JSON.parse(stored['config.json']!.body)).to.deep.equal(WEB_CONFIG);
    for (const call of puts()) {
      expect(option(call, '--bucket')).to.equal('photo-album-dev-web-123456789012');
      expect(option(call, '--region')).to.equal('ap-southeast-2');
    }

    expect(invalidations()).to.have.length(1);
    expect(option(invalidations()[0]!, '--distribution-id')).to.equal('E2TEST');
    expect(invalidatedPaths(invalidations()[0]!)).to.have.members(['/index.html', '/', '/config.json', '/favicon.svg']);
    expect(out.at(-1)).to.match(/uploaded 6, unchanged 0, kept 0; invalidated .* \(I2TEST\)$/);
    // The workspace is checked in the root module given, before its outputs are read.
    expect(readFileSync(paths().STUB_TERRAFORM_LOG, 'utf8').trimEnd().split('\n')).to.deep.equal([`${work}\tworkspace show`, `${work}\toutput -json`]);
  });

  it('second deploy with nothing changed: uploads nothing and invalidates nothing (the MD5 is in the metadata, as SSE-KMS ETags are not MD5s)', async () => {
    expectOk(await deploy());
    expectOk(await deploy());
    expect(puts()).to.deep.equal([]);
    expect(invalidations()).to.deep.equal([]);
    expect(awsCalls().filter((call) => call[1] === 'head-object')).to.have.length(6);
    expect(out.at(-1)).to.match(/uploaded 0, unchanged 6, kept 0; nothing to invalidate$/);
  });

  it('with ETags that are MD5s (SSE-S3), an unchanged file costs no head-object', async () => {
    expectOk(await deploy([], { STUB_S3_ETAG: 'md5' }));
    expectOk(await deploy([], { STUB_S3_ETAG: 'md5' }));
    expect(awsCalls().map((call) => call[1])).to.deep.equal(['list-objects-v2']);
  });

  it('a changed index.html: uploads only it and invalidates only it (and /)', async () => {
    expectOk(await deploy());
    writeBuild({ ...BUILD, 'index.html': `${BUILD['index.html']}<!-- release 2 -->` });
    expectOk(await deploy());
    expect(putKeys()).to.deep.equal(['index.html']);
    expect(invalidations()).to.have.length(1);
    expect(invalidatedPaths(invalidations()[0]!)).to.have.members(['/index.html', '/']);
    expect(bucket()['index.html']!.body).to.contain('release 2');
  });

  it('a changed web_config: uploads and invalidates only /config.json', async () => {
    expectOk(await deploy());
    setOutputs({ ...WEB_CONFIG, selfSignUp: false });
    expectOk(await deploy());
    expect(putKeys()).to.deep.equal(['config.json']);
    expect(invalidatedPaths(invalidations()[0]!)).to.deep.equal(['/config.json']);
    expect(JSON.parse(bucket()['config.json']!.body)).to.include({ selfSignUp: false });
  });

  it('a new release keeps the old hashed assets, uploads the new ones before index.html, and does not invalidate new asset names', async () => {
    expectOk(await deploy());
    const rest = Object.fromEntries(Object.entries(BUILD).filter(([key]) => !key.startsWith('assets/main-AAAA1111.js')));
    writeBuild({ ...rest, 'assets/main-CCCC3333.js': 'console.log("v2")', 'index.html': BUILD['index.html']!.replace('AAAA1111', 'CCCC3333') });
    expectOk(await deploy());
    expect(putKeys()).to.deep.equal(['assets/main-CCCC3333.js', 'index.html']);
    expect(invalidatedPaths(invalidations()[0]!)).to.have.members(['/index.html', '/']);
    expect(Object.keys(bucket())).to.include.members(['assets/main-AAAA1111.js', 'assets/main-AAAA1111.js.map', 'assets/main-CCCC3333.js']);
    expect(out.join('\n')).to.match(/kept 2 objects not in this build \(older assets that pages opened before this release still load\)/);
  });

  it('--dry-run prints what it would do and changes nothing', async () => {
    expectOk(await deploy(['--dry-run']));
    expect(puts()).to.deep.equal([]);
    expect(invalidations()).to.deep.equal([]);
    expect(existsSync(paths().STUB_S3_STATE)).to.equal(false);
    expect(out.filter((line) => line.startsWith('would upload '))).to.have.length(6);
    expect(out.at(-1)).to.match(/would upload 6, .*would invalidate /);
  });

  it('refuses when the selected workspace is not ENV, before reading outputs or calling aws', async () => {
    setOutputs(WEB_CONFIG, 'prod');
    expect(await deploy()).to.equal(1);
    expect(err.join('\n')).to.contain("the selected Terraform workspace is 'prod', not 'dev'");
    expect(awsCalls()).to.deep.equal([]);
    expect(readFileSync(paths().STUB_TERRAFORM_LOG, 'utf8')).to.not.contain('output');
  });

  it('refuses an invalid web_config before any upload, naming what is wrong', async () => {
    const incomplete = Object.fromEntries(Object.entries(WEB_CONFIG).filter(([key]) => key !== 'selfSignUp'));
    setOutputs({ ...incomplete, maxUploadBytes: { image: 52428800, video: 0 } });
    expect(parseWebConfig({ ...incomplete })).to.have.property('problems');
    expect(await deploy()).to.equal(1);
    expect(err.join('\n')).to.match(/web_config output is not a valid web config: .*selfSignUp.*maxUploadBytes/);
    expect(awsCalls()).to.deep.equal([]);
  });

  it('refuses a state without the outputs (not applied yet) and a missing build', async () => {
    writeFileSync(paths().STUB_TERRAFORM_OUTPUTS, '{}');
    expect(await deploy()).to.equal(1);
    expect(err.join('\n')).to.contain('run make plan ENV=dev and make apply ENV=dev first');
    rmSync(dist, { recursive: true });
    expect(await deploy()).to.equal(1);
    expect(err.join('\n')).to.contain('build the web app first (node build.mjs --only web)');
    expect(awsCalls()).to.deep.equal([]);
  });

  describe('make deploy-web', () => {
    const make = (args: string[]) => {
      const base = env();
      for (const key of ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES', 'ENV', 'TERRAFORM_DIR']) delete base[key];
      // -o: the npm packages are installed already; never let a test run npm ci.
      return spawnSync('make', ['-o', 'node_modules/.install-stamp', ...args], { cwd: ROOT, env: base, encoding: 'utf8' });
    };

    it('runs the command with ENV, the Terraform binary and directory, and DRY_RUN', () => {
      // make checks ENV against TERRAFORM_DIR's environments, as make plan does.
      mkdirSync(join(work, 'environments'));
      for (const name of ['dev', 'staging', 'prod']) writeFileSync(join(work, 'environments', `${name}.tfvars`), '');
      const run = make(['deploy-web', 'ENV=dev', `TERRAFORM=${join(bin, 'terraform')}`, `TERRAFORM_DIR=${work}`, `WEB_DIST=${dist}`, 'DRY_RUN=1']);
      expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);
      expect(run.stdout).to.match(/would upload 6, unchanged 0, kept 0; would invalidate /);
      expect(existsSync(paths().STUB_S3_STATE)).to.equal(false);
    });

    it('stops on an unknown ENV with one line, before running anything', () => {
      const run = make(['deploy-web', 'ENV=qa', `TERRAFORM=${join(bin, 'terraform')}`]);
      expect(run.status).to.not.equal(0);
      expect(run.stderr).to.match(/unknown ENV 'qa': choose one of dev prod staging/);
      expect(existsSync(paths().STUB_TERRAFORM_LOG)).to.equal(false);
    });
  });

  it('hashes what it compares: the stored MD5 is the content MD5', async () => {
    expectOk(await deploy());
    const call = puts().find((c) => option(c, '--key') === 'favicon.svg')!;
    expect(option(call, '--metadata')).to.equal(`md5=${createHash('md5').update(BUILD['favicon.svg']!).digest('hex')}`);
  });
});
