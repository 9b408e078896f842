/**
 * OpenTofu + the hashicorp/aws provider (built from the Go module proxy by `make tofu`) on our
 * Terraform: `make validate-tf` must pass on terraform/ (init, validate of the root and every
 * module, the tofu test suite for each environment), and must fail on a fixture module whose only
 * fault is a misspelt resource argument, which no other check here can see.
 *
 * Run by `make test-tofu` (its own mocha config, tools/tofu/mocharc.json: this file is outside
 * the default test/**\/*.test.ts spec, because a fresh build of the provider takes about 40
 * minutes). The binaries are not built here: a missing build fails the test at once with the
 * instruction (`make tofu`), never a skip, and never a long build under mocha's timeout.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'chai';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'tofu', 'fixtures', 'misspelt-argument');
const MISSPELT = 'visibilty_timeout_seconds';

interface Run {
  status: number | null;
  output: string;
  seconds: number;
}

/** make TARGET [VAR=value ...] in the project, with nothing from the caller steering make or tofu. */
function make(...args: string[]): Run {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES', 'TOFU_TF_DIR', 'TF_WORKSPACE', 'TF_DATA_DIR', 'TF_PLUGIN_CACHE_DIR']) {
    delete env[key];
  }
  const start = process.hrtime.bigint();
  const res = spawnSync('make', ['--no-print-directory', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { status: res.status, output: `${res.stdout}${res.stderr}`, seconds };
}

const tail = (text: string, lines = 60): string => text.trimEnd().split('\n').slice(-lines).join('\n');

describe('OpenTofu: make validate-tf (AWS provider built from source, mocked in tofu test)', function () {
  this.timeout(15 * 60_000);
  let work: string;

  before(function () {
    const check = make('-s', 'tofu-check');
    if (check.status !== 0) {
      throw new Error(`OpenTofu or the AWS provider is not built:\n${check.output}`);
    }
    work = mkdtempSync(path.join(tmpdir(), 'album-tofu-'));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('terraform/: init, validate of the root and every module, tofu test for each environment', () => {
    const run = make('validate-tf');
    console.log(`      make validate-tf: exit ${run.status} in ${run.seconds.toFixed(1)}s`);
    expect(run.status, tail(run.output, 200)).to.equal(0);

    const modules = readFileSync(path.join(ROOT, 'terraform', 'main.tf'), 'utf8')
      .matchAll(/source\s*=\s*"\.\/modules\/([^"]+)"/g);
    for (const [, name] of modules) {
      expect(run.output, `module ${name} was not validated`).to.include(`==> tofu validate terraform/modules/${name}`);
    }
    expect(run.output).to.include('==> tofu validate terraform\n');
    for (const env of ['dev', 'staging', 'prod']) {
      expect(run.output, `no tofu test run for ${env}`).to.match(
        new RegExp(`==> tofu test terraform: .*environment\\.tftest\\.hcl with environments/${env}\\.tfvars`),
      );
    }
    expect(run.output).to.match(/==> tofu test terraform: .*modules\.tftest\.hcl/);
    // Every test run reports its own tally; none may have failed.
    const tallies = [...run.output.matchAll(/Success! (\d+) passed, (\d+) failed/g)];
    expect(tallies.length, 'tofu test printed no tally').to.be.at.least(4);
    for (const [, , failed] of tallies) expect(Number(failed)).to.equal(0);
    expect(run.output).to.include('==> all passed');
  });

  it('fails on a module with a misspelt resource argument, naming the file, line and argument', () => {
    const run = make('validate-tf', `TOFU_TF_DIR=${FIXTURE}`);
    expect(run.status, tail(run.output)).to.not.equal(0);
    expect(run.output).to.include('Error: Unsupported argument');
    // tofu wraps its messages at 78 columns, and the output is prefixed with "    | ".
    const flat = run.output.replace(/\n\s*\|?\s*/g, ' ');
    expect(flat).to.include(`An argument named "${MISSPELT}" is not expected here. Did you mean "visibility_timeout_seconds"?`);
    // Validated twice: through the root module's call and as a module on its own.
    expect(run.output).to.match(/on modules\/queue\/main\.tf line 10, in resource "aws_sqs_queue" "this":/);
    expect(run.output).to.match(/on main\.tf line 10, in resource "aws_sqs_queue" "this":/);
    expect(run.output).to.match(/==> FAILED .*validate misspelt-argument .*validate misspelt-argument\/modules\/queue/);
  });

  it('passes on the same fixture once the argument is spelt right (the failure is the typo alone)', () => {
    const copy = path.join(work, 'spelt-right');
    cpSync(FIXTURE, copy, { recursive: true });
    const file = path.join(copy, 'modules', 'queue', 'main.tf');
    const source = readFileSync(file, 'utf8');
    expect(source).to.include(MISSPELT);
    writeFileSync(file, source.replace(MISSPELT, 'visibility_timeout_seconds'));

    const run = make('validate-tf', `TOFU_TF_DIR=${copy}`);
    expect(run.status, tail(run.output)).to.equal(0);
    expect(run.output).to.include('validate ok');
    expect(run.output).to.include('==> all passed');
  });
});
