import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from 'chai';

import { COMPLEX, HclReadError, type HclValue, readTfvars, readVariableDefaults, wholeNumberOrNull } from '../../src/cli/tfvars.js';
import { projectRoot } from '../../src/local/paths.js';

const environments = join(projectRoot, 'terraform', 'environments');
const python = join(projectRoot, '.venv', 'bin', 'python');

/**
 * python-hcl2's reading of a file: the reference the small reader must agree with. Version 8 keeps
 * string literals and block labels with their quotes and adds `__comments__` and `__is_block__`
 * keys; those are undone here so the two readings compare value for value.
 */
const HCL2_SCRIPT = `
import hcl2, json, sys
def plain(v):
    if isinstance(v, str) and len(v) >= 2 and v[0] == '"' and v[-1] == '"' and '\${' not in v:
        try:
            return json.loads(v)
        except ValueError:
            return v[1:-1]
    if isinstance(v, dict):
        return {plain(k): plain(x) for k, x in v.items() if k not in ('__comments__', '__is_block__')}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v
with open(sys.argv[1]) as f:
    print(json.dumps(plain(hcl2.load(f))))
`;
function hcl2(file: string): Record<string, unknown> {
  return JSON.parse(execFileSync(python, ['-c', HCL2_SCRIPT, file], { encoding: 'utf8' })) as Record<string, unknown>;
}

describe('tfvars reader', () => {
  it('reads scalars, skips lists, maps and heredocs, and ignores comments', () => {
    const values = readTfvars(
      [
        '# a comment with a = sign',
        'name = "photo # not a comment" // trailing',
        'count = 20',
        'ratio = 0.5',
        'off = false',
        'unset = null',
        'list = ["a", "b"]',
        'map = {',
        '  nested = 3',
        '}',
        'doc = <<EOT',
        'inner = 4',
        'EOT',
        'expr = var.other',
      ].join('\n'),
    );
    expect(Object.fromEntries(values)).to.deep.equal({ name: 'photo # not a comment', count: 20, ratio: 0.5, off: false, unset: null, list: COMPLEX, map: COMPLEX, doc: COMPLEX, expr: COMPLEX });
  });

  it('reads a variable block default, not one nested in validation or an object', () => {
    const defaults = readVariableDefaults(
      ['variable "a" {', '  type    = number', '  default = 4', '  validation {', '    condition = var.a > 0', '  }', '}', 'variable "b" {', '  type = object({ default = number })', '}', 'variable "c" {', '  default = null', '}'].join('\n'),
    );
    expect(Object.fromEntries(defaults)).to.deep.equal({ a: 4, c: null });
  });

  it('refuses a setting it cannot read as a whole number, by name', () => {
    const tfvars = new Map<string, HclValue>([['worker_max_tasks', COMPLEX]]);
    expect(() => wholeNumberOrNull('worker_max_tasks', tfvars, new Map())).to.throw(HclReadError, /worker_max_tasks.*expression/);
    expect(wholeNumberOrNull('missing', new Map(), new Map([['missing', null]]))).to.equal(null);
  });

  for (const file of readdirSync(environments).filter((f) => f.endsWith('.tfvars'))) {
    it(`agrees with python-hcl2 on every scalar of ${file}`, () => {
      const ours = readTfvars(readFileSync(join(environments, file), 'utf8'));
      const reference = hcl2(join(environments, file));
      expect([...ours.keys()].sort()).to.deep.equal(Object.keys(reference).sort());
      for (const [name, value] of ours) {
        if (value !== COMPLEX) expect(value, name).to.deep.equal(reference[name]);
      }
    });
  }

  it('agrees with python-hcl2 on the defaults of terraform/variables.tf', () => {
    const file = join(projectRoot, 'terraform', 'variables.tf');
    const ours = readVariableDefaults(readFileSync(file, 'utf8'));
    const reference = new Map<string, unknown>();
    for (const block of (hcl2(file) as { variable: Record<string, { default?: unknown }>[] }).variable) {
      for (const [name, body] of Object.entries(block)) if ('default' in body) reference.set(name, body.default);
    }
    expect([...ours.keys()].sort()).to.deep.equal([...reference.keys()].sort());
    for (const [name, value] of ours) {
      if (value !== COMPLEX) expect(value, name).to.deep.equal(reference.get(name));
    }
  });
});
