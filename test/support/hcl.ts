import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { projectRoot } from '../../src/local/paths.js';

/**
 * A Terraform file as python-hcl2 (in the project venv) reads it, with the quotes python-hcl2
 * keeps around block labels and string literals removed so tests can compare values plainly.
 */
export function parseHcl(relativePath: string): Record<string, unknown> {
  const python = join(projectRoot, '.venv', 'bin', 'python');
  const script = 'import hcl2, json, sys\nprint(json.dumps(hcl2.load(open(sys.argv[1]))))';
  const run = spawnSync(python, ['-c', script, join(projectRoot, relativePath)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cannot parse ${relativePath} (run make install): ${run.stderr}`);
  return unquote(JSON.parse(run.stdout)) as Record<string, unknown>;
}

const unquote = (value: unknown): unknown => {
  if (typeof value === 'string') return value.replace(/^"(.*)"$/s, '$1');
  if (Array.isArray(value)) return value.map(unquote);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/^"(.*)"$/, '$1'), unquote(v)]));
  return value;
};

/**
 * A block of a parsed file, merged across repeats: `locals`, `module "x"`, or every
 * `resource "type" "name"` of one type (keyed by name).
 */
export function block(parsed: Record<string, unknown>, type: string, label?: string): Record<string, string> {
  const merged: Record<string, unknown> = {};
  for (const entry of (parsed[type] ?? []) as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(entry)) {
      const existing = merged[key];
      merged[key] = existing && typeof existing === 'object' && typeof value === 'object' ? { ...existing, ...value } : value;
    }
  }
  return (label === undefined ? merged : merged[label]) as Record<string, string>;
}
