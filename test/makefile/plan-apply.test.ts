/**
 * `make plan` / `make apply` against a stub terraform that records every call. No real terraform
 * runs: like terraform, the stub keeps the selected workspace in its data directory (TF_DATA_DIR,
 * .terraform by default) and the backend's workspaces in one list; `workspace select` fails for a
 * workspace the backend does not have, and `plan` creates its -out file. Each case works in a scratch copy of terraform/environments
 * (TERRAFORM_DIR), so plan files never land in the real terraform/ folder.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENVIRONMENTS = join(ROOT, 'terraform', 'environments');
const EXPECTED_ENVS = ['dev', 'staging', 'prod'];

const STUB = `#!/bin/sh
# stub terraform: one line per call (cwd, data directory, arguments)
data="\${TF_DATA_DIR:-.terraform}"
printf '%s\\t%s\\t%s\\n' "$PWD" "$data" "$*" >> "$STUB_TERRAFORM_LOG"
for last; do :; done
case "$1 $2" in
  "workspace select")
    grep -qx "$last" "$STUB_TERRAFORM_WORKSPACES" 2>/dev/null || { echo "Workspace \\"$last\\" doesn't exist." >&2; exit 1; }
    mkdir -p "$data"; printf '%s\\n' "$last" > "$data/environment" ;;
  "workspace new") printf '%s\\n' "$last" >> "$STUB_TERRAFORM_WORKSPACES"; mkdir -p "$data"; printf '%s\\n' "$last" > "$data/environment" ;;
  "workspace show") if [ -f "$data/environment" ]; then cat "$data/environment"; else echo default; fi ;;
esac
if [ "$1" = plan ]; then
  for arg; do case "$arg" in -out=*) : > "\${arg#-out=}" ;; esac; done
fi
exit 0
`;

/** Which of a command's names resolve on the PATH this test runs with (as absolute paths). */
const which = (name: string): string | undefined => {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
};

const MAKE = which('make') ?? '/usr/bin/make';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('make plan / make apply (stub terraform)', function () {
  this.timeout(60_000);
  let work: string;
  let stubBin: string;
  let log: string;
  let workspaces: string;
  let tfDir: string;

  /** The caller's environment minus anything that would steer make or terraform from outside. */
  const baseEnv = () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES', 'ENV', 'TERRAFORM', 'TERRAFORM_DIR', 'TF_WORKSPACE']) delete env[key];
    return { ...env, STUB_TERRAFORM_LOG: log, STUB_TERRAFORM_WORKSPACES: workspaces };
  };

  const make = (args: string[], env: NodeJS.ProcessEnv = {}, path = `${stubBin}${delimiter}${process.env.PATH}`): Run => {
    const result = spawnSync(MAKE, args, { cwd: ROOT, env: { ...baseEnv(), PATH: path, ...env }, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  /** Plan/apply inside the scratch copy; `-o build` keeps make from bundling the Lambdas. */
  const tf = (target: 'plan' | 'apply', envName: string, env: NodeJS.ProcessEnv = {}, path?: string) =>
    make(['-o', 'build', target, `ENV=${envName}`, `TERRAFORM_DIR=${tfDir}`], env, path);

  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').filter(Boolean) : []);
  /** A call as the stub logs it: in the root module, with ENV's own data directory. */
  const call = (env: string, args: string) => `${tfDir}\t.terraform/env/${env}\t${args}`;
  const selected = (env: string) => readFileSync(join(tfDir, '.terraform', 'env', env, 'environment'), 'utf8').trim();
  const expectOk = (run: Run) => expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);

  before(async () => {
    // The environment files come from another change; give it a moment if they are not there yet.
    for (let attempt = 0; attempt < 30 && !EXPECTED_ENVS.every((e) => existsSync(join(ENVIRONMENTS, `${e}.backend.hcl`))); attempt += 1) {
      await new Promise((r) => setTimeout(r, 1000));
    }
    work = mkdtempSync(join(tmpdir(), 'plan-apply-'));
    stubBin = join(work, 'bin');
    mkdirSync(stubBin);
    writeFileSync(join(stubBin, 'terraform'), STUB);
    chmodSync(join(stubBin, 'terraform'), 0o755);
  });

  beforeEach(() => {
    const scratch = mkdtempSync(join(work, 'case-'));
    log = join(scratch, 'terraform.log');
    // The state backend already has every environment's workspace, as after each first apply.
    workspaces = join(scratch, 'workspaces');
    writeFileSync(workspaces, 'default\ndev\nstaging\nprod\n');
    tfDir = join(scratch, 'terraform');
    mkdirSync(join(tfDir, 'environments'), { recursive: true });
    for (const file of readdirSync(ENVIRONMENTS)) copyFileSync(join(ENVIRONMENTS, file), join(tfDir, 'environments', file));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('has a tfvars file and a backend file for dev, staging and prod', () => {
    for (const env of EXPECTED_ENVS) {
      expect(existsSync(join(ENVIRONMENTS, `${env}.tfvars`)), `${env}.tfvars`).to.equal(true);
      expect(existsSync(join(ENVIRONMENTS, `${env}.backend.hcl`)), `${env}.backend.hcl`).to.equal(true);
    }
  });

  it('lists plan and apply in make help', () => {
    const run = make(['help']);
    expectOk(run);
    const text = run.stdout.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
    expect(text).to.match(/^\s+plan\s+\S/m);
    expect(text).to.match(/^\s+apply\s+\S/m);
  });

  for (const env of EXPECTED_ENVS) {
    it(`plans ENV=${env}: init with its backend, workspace ${env}, plan with its tfvars into ${env}.tfplan`, () => {
      expectOk(tf('plan', env));
      expect(calls()).to.deep.equal([
        call(env, `init -input=false -reconfigure -backend-config=environments/${env}.backend.hcl`),
        call(env, `workspace select ${env}`),
        call(env, `plan -input=false -var-file=environments/${env}.tfvars -out=${env}.tfplan`),
      ]);
      expect(selected(env)).to.equal(env);
      expect(existsSync(join(tfDir, `${env}.tfplan`))).to.equal(true);
    });
  }

  it('runs in terraform/ of the repository by default', () => {
    const run = make(['-n', '-o', 'build', 'plan', 'ENV=prod']);
    expectOk(run);
    expect(run.stdout).to.include(`cd "${join(ROOT, 'terraform')}" && TF_DATA_DIR=.terraform/env/prod terraform init -input=false -reconfigure -backend-config=environments/prod.backend.hcl`);
    expect(calls()).to.deep.equal([]);
  });

  it('applies exactly the saved staging.tfplan after make plan ENV=staging, with no var-file', () => {
    expectOk(tf('plan', 'staging'));
    const planned = calls().length;
    const run = tf('apply', 'staging');
    expectOk(run);
    expect(calls().slice(planned)).to.deep.equal([call('staging', 'workspace show'), call('staging', 'apply -input=false staging.tfplan')]);
    expect(existsSync(join(tfDir, 'staging.tfplan')), 'the applied plan is removed').to.equal(false);
  });

  it('keeps each environment in its own data directory: plan staging, plan dev, and staging still applies in staging', () => {
    expectOk(tf('plan', 'staging'));
    expectOk(tf('plan', 'dev'));
    // With one shared .terraform/, dev's init and selection would be what staging's apply finds.
    expect([selected('staging'), selected('dev')]).to.deep.equal(['staging', 'dev']);
    const before = calls().length;
    expectOk(tf('apply', 'staging'));
    expect(calls().slice(before)).to.deep.equal([call('staging', 'workspace show'), call('staging', 'apply -input=false staging.tfplan')]);
    expectOk(tf('plan', 'dev'));
    expect(calls().slice(-2, -1)).to.deep.equal([call('dev', 'workspace select dev')]);
  });

  it('refuses to apply when the data directory of ENV has another workspace selected', () => {
    expectOk(tf('plan', 'staging'));
    writeFileSync(join(tfDir, '.terraform', 'env', 'staging', 'environment'), 'dev\n');
    const before = calls().length;
    const run = tf('apply', 'staging');
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include("the selected Terraform workspace is 'dev', not 'staging'");
    expect(calls().slice(before)).to.deep.equal([call('staging', 'workspace show')]);
    expect(existsSync(join(tfDir, 'staging.tfplan')), 'the plan is kept').to.equal(true);
  });

  it('does not create a missing workspace (a wrong backend key, or a first apply) unless FIRST_APPLY=1 says so', () => {
    writeFileSync(workspaces, 'default\n');
    const refused = tf('plan', 'prod');
    expect(refused.status).to.not.equal(0);
    expect(refused.stderr).to.include("workspace 'prod' does not exist in the state backend of environments/prod.backend.hcl").and.to.include('FIRST_APPLY=1');
    expect(calls().map((c) => c.split('\t')[2])).to.deep.equal(['init -input=false -reconfigure -backend-config=environments/prod.backend.hcl', 'workspace select prod']);
    expect(existsSync(join(tfDir, 'prod.tfplan'))).to.equal(false);

    expectOk(tf('plan', 'prod', { FIRST_APPLY: '1' }));
    expect(calls().slice(-3)).to.deep.equal([call('prod', 'workspace select prod'), call('prod', 'workspace new prod'), call('prod', 'plan -input=false -var-file=environments/prod.tfvars -out=prod.tfplan')]);
    expect(readFileSync(workspaces, 'utf8').trim().split('\n')).to.deep.equal(['default', 'prod']);
  });

  it('refuses to apply without a saved plan for ENV, before calling terraform', () => {
    expectOk(tf('plan', 'dev'));
    const before = calls().length;
    const run = tf('apply', 'prod');
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include('no saved plan').and.to.include('prod.tfplan').and.to.include('make plan ENV=prod');
    expect(calls()).to.have.length(before);
  });

  for (const target of ['plan', 'apply'] as const) {
    it(`rejects an unknown ENV for ${target} in one line naming the valid ones, without calling terraform`, () => {
      const run = tf(target, 'qa');
      expect(run.status).to.not.equal(0);
      expect(run.stderr.trim().split('\n')).to.have.length(1);
      expect(run.stderr).to.include("unknown ENV 'qa'").and.to.include('dev prod staging');
      expect(calls()).to.deep.equal([]);
    });
  }

  it('rejects an ENV of several words', () => {
    const run = tf('plan', 'dev staging');
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include("unknown ENV 'dev staging'");
    expect(calls()).to.deep.equal([]);
  });

  describe('without terraform on PATH', () => {
    let bare: string;

    before(() => {
      // Every command of the caller's PATH except terraform, as symbolic links in one folder: the
      // real /usr/local/bin/terraform is out of reach, and anything else make or the other mk/
      // files call still resolves.
      bare = join(work, 'bare-bin');
      mkdirSync(bare);
      for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
        if (!existsSync(dir)) continue;
        for (const name of readdirSync(dir)) {
          if (name === 'terraform' || existsSync(join(bare, name))) continue;
          symlinkSync(join(dir, name), join(bare, name));
        }
      }
      const probe = spawnSync('/bin/sh', ['-c', 'command -v terraform'], { env: { PATH: bare }, encoding: 'utf8' });
      expect(probe.status, `terraform still found at ${probe.stdout}`).to.not.equal(0);
    });

    it('the bare PATH is enough once terraform is on it (control)', () => {
      expectOk(tf('plan', 'dev', {}, `${stubBin}${delimiter}${bare}`));
      expect(calls()).to.have.length(3);
    });

    it('fails in one line naming the version in .terraform-version, before building anything', () => {
      const version = readFileSync(join(ROOT, '.terraform-version'), 'utf8').trim();
      for (const target of ['plan', 'apply'] as const) {
        const run = tf(target, 'dev', {}, bare);
        expect(run.status, target).to.not.equal(0);
        expect(run.stderr.trim().split('\n'), target).to.have.length(1);
        expect(run.stderr).to.include("'terraform' not found on PATH").and.to.include(`Terraform ${version}`);
        expect(run.stdout, target).to.equal('');
      }
    });

    it('fails the same way when TERRAFORM names a binary that does not exist', () => {
      const run = tf('plan', 'dev', { TERRAFORM: 'terraform-does-not-exist' });
      expect(run.status).to.not.equal(0);
      expect(run.stderr).to.include("'terraform-does-not-exist' not found on PATH");
      expect(calls()).to.deep.equal([]);
    });
  });

  it('refuses to run while TF_WORKSPACE would override the workspace', () => {
    const run = tf('plan', 'prod', { TF_WORKSPACE: 'dev' });
    expect(run.status).to.not.equal(0);
    expect(run.stderr).to.include('TF_WORKSPACE=dev');
    expect(calls()).to.deep.equal([]);
  });
});
