/**
 * The media signing key's rotation steps 1 and 2 (`make signing-key`, `make signing-key-activate`)
 * against a stub `aws` that keeps SSM parameters as files and knows one CloudFront public key per
 * label, in a scratch copy of the environments folder. Nothing reaches AWS.
 */
import { createPublicKey } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ACTIVE = '/photo-album/dev/cloudfront/media-signing-key';
const PENDING = `${ACTIVE}-next`;

/** SSM as files under $STUB_SSM (the name with / as _), CloudFront's list-public-keys from $STUB_KEY_IDS. */
const AWS_STUB = `#!/bin/sh
printf 'aws %s\\n' "$*" >> "$STUB_LOG"
name=; value=; query=
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name=$2; shift ;;
    --value) value=$2; shift ;;
    --query) query=$2; shift ;;
  esac
  shift
done
file="$STUB_SSM/$(printf '%s' "$name" | tr / _)"
case "$query" in
  *PublicKeyList*) label=$(printf '%s' "$query" | sed -n "s/.*photo-album-dev-media-\\([a-z0-9-]*\\)-'.*/\\1/p"); grep "^$label " "$STUB_KEY_IDS" | cut -d' ' -f2; exit 0 ;;
esac
if [ -n "$value" ]; then cp "\${value#file://}" "$file"; exit 0; fi
if [ "$query" = Parameter.Value ]; then [ -f "$file" ] || { echo "ParameterNotFound" >&2; exit 254; }; cat "$file"; exit 0; fi
rm -f "$file"
`;

describe('make signing-key / signing-key-activate (stub aws)', function () {
  this.timeout(60_000);
  let work: string;
  let environments: string;
  let ssm: string;
  let log: string;
  let keyIds: string;
  let bin: string;

  const make = (args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES', 'ENV', 'LABEL', 'PUT']) delete env[key];
    const result = spawnSync('make', [...args, `SIGNING_KEY_ENVIRONMENTS=${environments}`], {
      cwd: ROOT,
      env: { ...env, PATH: `${bin}${delimiter}${process.env.PATH}`, STUB_LOG: log, STUB_SSM: ssm, STUB_KEY_IDS: keyIds },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const parameter = (name: string): string | undefined => {
    const file = join(ssm, name.replace(/\//g, '_'));
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  const keyFiles = () => readdirSync(environments).filter((f) => f.startsWith('dev.media-signing-key')).sort();
  const labelOf = (file: string) => /^dev\.media-signing-key\.(.+)\.pub\.pem$/.exec(file)![1]!;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'make-signing-key-'));
    environments = join(work, 'environments');
    ssm = join(work, 'ssm');
    bin = join(work, 'bin');
    log = join(work, 'calls.log');
    keyIds = join(work, 'key-ids');
    for (const dir of [environments, ssm, bin]) mkdirSync(dir);
    for (const file of ['dev.tfvars', 'dev.media-signing-key.pub.pem']) copyFileSync(join(ROOT, 'terraform', 'environments', file), join(environments, file));
    writeFileSync(join(bin, 'aws'), AWS_STUB);
    chmodSync(join(bin, 'aws'), 0o755);
    writeFileSync(keyIds, '');
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('step 1 adds a labelled public key and parks its private half in <parameter>-next, which the API never reads', () => {
    const result = make(['signing-key', 'ENV=dev', 'PUT=1']);
    expect(result.status, result.stderr).to.equal(0);
    const files = keyFiles();
    expect(files).to.have.length(2);
    const added = files.find((f) => f !== 'dev.media-signing-key.pub.pem')!;
    expect(labelOf(added)).to.match(/^\d{8}t\d{4}$/);
    const pending = parameter(PENDING)!;
    expect(pending).to.match(/^-----BEGIN PRIVATE KEY-----/);
    expect(createPublicKey(pending).export({ type: 'spki', format: 'pem' })).to.equal(readFileSync(join(environments, added), 'utf8'));
    expect(parameter(ACTIVE), 'the key in use is untouched').to.equal(undefined);
    expect(readFileSync(log, 'utf8')).to.match(/aws ssm put-parameter --region ap-southeast-2 --overwrite --type SecureString --key-id alias\/photo-album-dev --name \/photo-album\/dev\/cloudfront\/media-signing-key-next /);
    expect(result.stdout).to.include(`make signing-key-activate ENV=dev LABEL=${labelOf(added)}`);
  });

  it('refuses a third key while a rotation is under way', () => {
    expect(make(['signing-key', 'ENV=dev', 'PUT=1']).status).to.equal(0);
    const again = make(['signing-key', 'ENV=dev', 'PUT=1']);
    expect(again.status).to.not.equal(0);
    expect(again.stderr).to.match(/already holds 2 media signing keys for dev: a rotation is under way/);
    expect(keyFiles()).to.have.length(2);
  });

  it('step 2 writes the key pair ID and the private key together, then deletes the pending key', () => {
    expect(make(['signing-key', 'ENV=dev', 'PUT=1']).status).to.equal(0);
    const label = labelOf(keyFiles().find((f) => f !== 'dev.media-signing-key.pub.pem')!);
    const pending = parameter(PENDING)!;
    writeFileSync(keyIds, `${label} K2NEWKEYID0001\n`);
    const result = make(['signing-key-activate', 'ENV=dev', `LABEL=${label}`]);
    expect(result.status, result.stderr).to.equal(0);
    expect(JSON.parse(parameter(ACTIVE)!)).to.deep.equal({ keyPairId: 'K2NEWKEYID0001', privateKey: pending });
    expect(parameter(PENDING)).to.equal(undefined);
    const calls = readFileSync(log, 'utf8');
    expect(calls).to.match(/aws ssm put-parameter --region ap-southeast-2 --overwrite --type SecureString --key-id alias\/photo-album-dev --name \/photo-album\/dev\/cloudfront\/media-signing-key --value file:\/\//);
    expect(calls.indexOf('delete-parameter')).to.be.greaterThan(calls.lastIndexOf('put-parameter'));
  });

  it('step 2 refuses a pending key that is not the pair of the label, and a label CloudFront does not know', () => {
    expect(make(['signing-key', 'ENV=dev', 'PUT=1']).status).to.equal(0);
    const label = labelOf(keyFiles().find((f) => f !== 'dev.media-signing-key.pub.pem')!);

    const unknown = make(['signing-key-activate', 'ENV=dev', `LABEL=${label}`]);
    expect(unknown.status).to.not.equal(0);
    expect(unknown.stderr).to.match(/expected one CloudFront public key named photo-album-dev-media-\d{8}t\d{4}-\*/);

    writeFileSync(keyIds, `${label} K2NEWKEYID0001\n`);
    // Another key's public half in place of the label's: the pending private key no longer matches.
    copyFileSync(join(environments, 'dev.media-signing-key.pub.pem'), join(environments, `dev.media-signing-key.${label}.pub.pem`));
    const mismatch = make(['signing-key-activate', 'ENV=dev', `LABEL=${label}`]);
    expect(mismatch.status).to.not.equal(0);
    expect(mismatch.stderr).to.include('is not the private half of');
    expect(parameter(ACTIVE), 'nothing written').to.equal(undefined);
    expect(parameter(PENDING), 'the pending key is kept').to.not.equal(undefined);
  });
});
