// Shared plumbing for the IaC tests: where the tools are, and how to run them.
// The tools are installed by `make iac-tools` (which `make test` runs first). A missing tool
// fails the test with that instruction: these checks must never pass without running.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TERRAFORM_DIR = path.join(ROOT, 'terraform');
export const FIXTURES = path.join(ROOT, 'test', 'iac', 'fixtures');

export const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
export const REF_CHECKER = path.join(ROOT, 'tools', 'iac', 'check_references.py');
export const CHECKOV = path.join(ROOT, '.venv', 'iac', 'bin', 'checkov');
export const TFLINT = path.join(ROOT, '.tools', 'bin', 'tflint');
export const TFLINT_CONFIG = path.join(ROOT, '.tflint.hcl');
export const TFLINT_PLUGIN_DIR = path.join(ROOT, '.tools', 'tflint-plugins');
export const ALBUM_RULESET = path.join(TFLINT_PLUGIN_DIR, 'tflint-ruleset-album');

/** Throws (so the test fails, never skips) when a tool has not been installed. */
export function requireTool(file: string, what: string): void {
  if (!existsSync(file)) {
    throw new Error(`${what} not found at ${path.relative(ROOT, file)}: run make iac-tools`);
  }
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): RunResult {
  const res = spawnSync(cmd, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  if (res.error) throw res.error;
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

export function parseJson<T>(what: string, res: RunResult): T {
  try {
    return JSON.parse(res.stdout) as T;
  } catch {
    throw new Error(
      `${what} did not print JSON (exit ${res.status}).\nstdout: ${res.stdout.slice(0, 2000)}\nstderr: ${res.stderr.slice(0, 4000)}`,
    );
  }
}

// --- reference checker ------------------------------------------------------------------------

export interface RefFinding {
  file: string;
  line: number | null;
  code: string;
  message: string;
}

export interface RefReport {
  root: string;
  files_parsed: number;
  modules: string[];
  tfvars: string[];
  findings: RefFinding[];
  ok: boolean;
}

export function checkReferences(dir: string): { status: number | null; report: RefReport } {
  requireTool(PYTHON, 'the project Python venv');
  const res = run(PYTHON, [REF_CHECKER, '--format', 'json', dir]);
  if (res.status !== 0 && res.status !== 1) {
    throw new Error(`check_references.py could not run (exit ${res.status}): ${res.stderr}`);
  }
  return { status: res.status, report: parseJson<RefReport>('check_references.py', res) };
}

export const formatFindings = (findings: RefFinding[]): string =>
  findings.map((f) => `  ${f.file}:${f.line ?? '-'} [${f.code}] ${f.message}`).join('\n');

// --- checkov ----------------------------------------------------------------------------------

export interface CheckovCheck {
  check_id: string;
  check_name: string;
  resource: string;
  file_path: string;
  file_line_range: [number, number];
  check_result: { result: string; suppress_comment?: string };
}

export interface CheckovReport {
  check_type: string;
  results: {
    passed_checks: CheckovCheck[];
    failed_checks: CheckovCheck[];
    skipped_checks: CheckovCheck[];
    parsing_errors: string[];
  };
  summary: { passed: number; failed: number; skipped: number; parsing_errors: number; resource_count: number };
}

/** Runs checkov once on a directory (Terraform only, no network) and returns its JSON report. */
export function runCheckov(dir: string): CheckovReport {
  requireTool(CHECKOV, 'checkov');
  const res = run(
    CHECKOV,
    ['--framework', 'terraform', '--download-external-modules', 'false', '--skip-download', '--directory', dir, '--output', 'json'],
    { LOG_LEVEL: 'WARNING' },
  );
  // Exit 1 just means failed checks; anything else is checkov itself failing.
  if (res.status !== 0 && res.status !== 1) {
    throw new Error(`checkov failed to run (exit ${res.status}): ${res.stderr.slice(-4000)}`);
  }
  const parsed = parseJson<CheckovReport | CheckovReport[] | { passed: number }>('checkov', res);
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  const report = reports.find((r): r is CheckovReport => 'check_type' in r && r.check_type === 'terraform');
  if (!report) throw new Error(`checkov found no Terraform in ${dir}: ${res.stdout.slice(0, 1000)}`);
  return report;
}

export const formatChecks = (checks: CheckovCheck[]): string =>
  checks
    .map((c) => `  ${c.check_id} ${c.resource} (${c.file_path}:${c.file_line_range.join('-')}) ${c.check_name}`)
    .join('\n');

// --- tflint -----------------------------------------------------------------------------------

export interface TflintIssue {
  rule: { name: string; severity: string };
  message: string;
  range: { filename: string; start: { line: number } };
}

export interface TflintReport {
  issues: TflintIssue[];
  errors: { summary?: string; message: string; range?: { filename: string; start: { line: number } } }[];
}

/** `tflint --version`: the core version and every ruleset it loads with .tflint.hcl. */
export function tflintVersion(): string {
  requireTool(TFLINT, 'tflint');
  requireTool(ALBUM_RULESET, 'the tflint plugin tflint-ruleset-album');
  const res = run(TFLINT, ['--config', TFLINT_CONFIG, '--version'], { TFLINT_PLUGIN_DIR });
  if (res.status !== 0) throw new Error(`tflint --version failed (exit ${res.status}): ${res.stdout}${res.stderr}`);
  return res.stdout;
}

/** Runs tflint (local plugins only, never --init) on every module under dir. */
export function runTflint(dir: string): { status: number | null; report: TflintReport } {
  requireTool(TFLINT, 'tflint');
  requireTool(ALBUM_RULESET, 'the tflint plugin tflint-ruleset-album');
  const res = run(
    TFLINT,
    ['--config', TFLINT_CONFIG, '--chdir', dir, '--recursive', '--format', 'json', '--no-color'],
    { TFLINT_PLUGIN_DIR },
  );
  return { status: res.status, report: parseJson<TflintReport>('tflint', res) };
}

export const formatIssues = (report: TflintReport): string =>
  [
    ...report.issues.map((i) => `  ${i.range.filename}:${i.range.start.line} ${i.rule.name}: ${i.message}`),
    ...report.errors.map((e) => `  error ${e.range?.filename ?? ''}:${e.range?.start.line ?? ''} ${e.summary ?? ''} ${e.message}`),
  ].join('\n');
