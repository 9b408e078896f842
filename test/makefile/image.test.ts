/**
 * `make image ENV=...` against stub docker, aws and terraform commands that record every call. No
 * image is built and nothing is pushed. The git checks run on a scratch repository (GIT_DIR and
 * GIT_WORK_TREE point git there), so the result does not depend on this working tree's state.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ACCOUNT = '123456789012';

/** Each stub logs "<name> <args>" and answers only what make image asks. */
const STUBS: Record<string, string> = {
  docker: `#!/bin/sh
printf 'docker %s\\n' "$*" >> "$STUB_LOG"
case "$1 $2" in
  "buildx version") [ -z "$STUB_NO_BUILDX" ] ;;
  "login --username") cat > "$STUB_LOG.password" ;;
esac
`,
  aws: `#!/bin/sh
printf 'aws %s\\n' "$*" >> "$STUB_LOG"
case "$1 $2" in
  "sts get-caller-identity") echo ${ACCOUNT} ;;
  "ecr get-login-password") echo secret-password ;;
  "ecr describe-images") [ -n "$STUB_IMAGE_EXISTS" ] ;;
esac
`,
  terraform: `#!/bin/sh
printf 'terraform %s\\n' "$*" >> "$STUB_LOG"
case "$1 $2" in
  "workspace show") echo "\${STUB_TF_WORKSPACE:-default}" ;;
  "output -json") [ -n "$STUB_TF_REPOSITORY" ] && echo "{\\"video-transcode\\": \\"$STUB_TF_REPOSITORY\\"}" ;;
esac
`,
};

describe('make image ENV=... (stub docker, aws and terraform)', function () {
  this.timeout(60_000);
  let work: string;
  let stubBin: string;
  let repo: string;
  let log: string;
  let tfDir: string;
  let commit: string;

  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' }).trim();

  const make = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const base: NodeJS.ProcessEnv = { ...process.env };
    for (const key of ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES', 'ENV', 'DOCKER', 'AWS', 'TERRAFORM', 'TERRAFORM_DIR', 'TF_WORKSPACE', 'GIT_DIR', 'GIT_WORK_TREE']) delete base[key];
    const result = spawnSync('make', args, {
      cwd: ROOT,
      env: { ...base, PATH: `${stubBin}${delimiter}${process.env.PATH}`, STUB_LOG: log, GIT_DIR: join(repo, '.git'), GIT_WORK_TREE: repo, ...env },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  /** `-o build` keeps make from bundling; TERRAFORM_DIR is a scratch copy of the environments. */
  const image = (envName: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []) => make(['-o', 'build', 'image', `ENV=${envName}`, `TERRAFORM_DIR=${tfDir}`, ...extra], env);
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').filter(Boolean) : []);
  const pushCalls = () => calls().filter((c) => !/^docker buildx version$/.test(c));

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'make-image-'));
    stubBin = join(work, 'bin');
    mkdirSync(stubBin);
    for (const [name, script] of Object.entries(STUBS)) {
      writeFileSync(join(stubBin, name), script);
      chmodSync(join(stubBin, name), 0o755);
    }
    repo = join(work, 'repo');
    mkdirSync(repo);
    git('init', '-q');
    writeFileSync(join(repo, 'README.md'), 'scratch\n');
    git('add', 'README.md');
    git('commit', '-q', '-m', 'scratch');
    commit = git('rev-parse', 'HEAD');
    tfDir = join(work, 'terraform');
    mkdirSync(join(tfDir, 'environments'), { recursive: true });
    for (const file of readdirSync(join(ROOT, 'terraform', 'environments'))) copyFileSync(join(ROOT, 'terraform', 'environments', file), join(tfDir, 'environments', file));
    copyFileSync(join(ROOT, 'terraform', 'variables.tf'), join(tfDir, 'variables.tf'));
  });

  beforeEach(() => {
    log = join(mkdtempSync(join(work, 'case-')), 'calls.log');
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('make -n image ENV=nope refuses in one line naming the environments, before calling anything', () => {
    const run = make(['-n', 'image', 'ENV=nope']);
    expect(run.status).to.not.equal(0);
    expect(run.stderr.trim().split('\n')).to.have.length(1);
    expect(run.stderr).to.include("unknown ENV 'nope'").and.to.include('dev prod staging');
    expect(run.stdout).to.equal('');
    expect(calls()).to.deep.equal([]);
  });

  it('refuses an ENV of several words', () => {
    const run = image('dev staging');
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include("unknown ENV 'dev staging'");
  });

  for (const [variable, name] of [['DOCKER', 'docker'], ['AWS', 'aws']] as const) {
    it(`refuses in one line when ${name} is not on PATH`, () => {
      const run = image('dev', {}, [`${variable}=${name}-does-not-exist`]);
      expect(run.status).to.not.equal(0);
      expect(run.stderr.trim().split('\n')).to.have.length(1);
      expect(run.stderr).to.include(`'${name}-does-not-exist' not found on PATH`);
      expect(run.stdout).to.equal('');
      expect(pushCalls()).to.deep.equal([]);
    });
  }

  it('refuses in one line when docker has no buildx', () => {
    const run = image('dev', { STUB_NO_BUILDX: '1' });
    expect(run.status).to.not.equal(0);
    expect(run.stderr.trim().split('\n')).to.have.length(1);
    expect(run.stderr).to.include("'docker buildx' is not available");
  });

  it('refuses a tree with uncommitted or untracked changes: the tag must name a commit', () => {
    for (const change of [() => writeFileSync(join(repo, 'new-file.ts'), 'x'), () => writeFileSync(join(repo, 'README.md'), 'changed\n')]) {
      change();
      const run = image('dev');
      expect(run.status).to.not.equal(0);
      expect(run.stderr.trim().split('\n')).to.have.length(1);
      expect(run.stderr).to.include('uncommitted or untracked changes');
      expect(pushCalls()).to.deep.equal([]);
      rmSync(join(repo, 'new-file.ts'), { force: true });
      writeFileSync(join(repo, 'README.md'), 'scratch\n');
    }
  });

  it('on a clean commit: logs in to ECR, builds linux/amd64 with buildx and pushes <account>.dkr.ecr.<region>.amazonaws.com/<project>-<env>-video-transcode:<commit>, then prints the tfvars line', () => {
    const run = image('staging');
    expect(run.status, run.stderr).to.equal(0);
    const registry = `${ACCOUNT}.dkr.ecr.ap-southeast-2.amazonaws.com`;
    const imageName = `${registry}/photo-album-staging-video-transcode:${commit}`;
    const calls = pushCalls();
    // get-login-password and docker login are the two ends of one pipe: either may log first.
    const login = calls.slice(3, 5).sort();
    expect([...calls.slice(0, 3), ...login, ...calls.slice(5)]).to.deep.equal([
      'aws sts get-caller-identity --query Account --output text',
      'terraform workspace show',
      `aws ecr describe-images --region ap-southeast-2 --repository-name photo-album-staging-video-transcode --image-ids imageTag=${commit}`,
      'aws ecr get-login-password --region ap-southeast-2',
      `docker login --username AWS --password-stdin ${registry}`,
      `docker buildx build --platform linux/amd64 --provenance=false --file ${ROOT}/Dockerfile --tag ${imageName} --push ${ROOT}`,
    ]);
    expect(readFileSync(`${log}.password`, 'utf8').trim(), 'the password goes through stdin').to.equal('secret-password');
    expect(run.stdout).to.include(`==> pushed ${imageName}`);
    expect(run.stdout.trimEnd().split('\n').at(-1)).to.equal(`worker_image_tag = "${commit}"`);
  });

  it("uses the repository URL from terraform output when terraform/ has workspace ENV selected", () => {
    const url = '210987654321.dkr.ecr.ap-southeast-2.amazonaws.com/photo-album-prod-video-transcode';
    const run = image('prod', { STUB_TF_WORKSPACE: 'prod', STUB_TF_REPOSITORY: url });
    expect(run.status, run.stderr).to.equal(0);
    expect(calls()).to.include('terraform output -json worker_repository_urls');
    expect(calls()).to.include(`docker buildx build --platform linux/amd64 --provenance=false --file ${ROOT}/Dockerfile --tag ${url}:${commit} --push ${ROOT}`);
    expect(calls().filter((c) => c.startsWith('terraform')).every((c) => !/init|select/.test(c)), 'no init, no workspace switch').to.equal(true);
  });

  it('does not push a commit ECR already has (tags are immutable), and still prints the tfvars line', () => {
    const run = image('dev', { STUB_IMAGE_EXISTS: '1' });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.include('already in ECR');
    expect(calls().filter((c) => c.startsWith('docker buildx build') || c.startsWith('docker login'))).to.deep.equal([]);
    expect(run.stdout.trimEnd().split('\n').at(-1)).to.equal(`worker_image_tag = "${commit}"`);
  });

  it('is listed in make help', () => {
    expect(make(['help']).stdout).to.match(/image\s.*ECR/);
  });
});
