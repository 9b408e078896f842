/**
 * Reads the scalar settings the preflight needs from HCL files: the top-level `name = value`
 * attributes of a `.tfvars` file, and the `default` of each `variable` block in a `variables.tf`.
 *
 * Not a general HCL parser, on purpose: the ops machine needs only Node.js (the runbook's
 * prerequisites), and the values read here are numbers, strings, booleans and null. Lists, maps,
 * heredocs and expressions are recorded as `complex`, so a setting someone turns into an
 * expression is refused by name instead of being read wrongly. `test/cli/tfvars.test.ts` checks
 * every committed tfvars file against python-hcl2.
 */

export type HclScalar = string | number | boolean | null;
/** A value this reader does not interpret (a list, a map, a heredoc, an expression). */
export const COMPLEX: unique symbol = Symbol('complex');
export type HclValue = HclScalar | typeof COMPLEX;

export class HclReadError extends Error {
  override name = 'HclReadError';
}

/** A line without its `#` or `//` comment (outside strings). */
function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '#' || (c === '/' && line[i + 1] === '/')) return line.slice(0, i);
  }
  return line;
}

/** How much a line opens (positive) or closes brackets, strings skipped. */
function depthChange(line: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      // `${` inside a string opens an interpolation whose `}` closes inside the string too.
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
  }
  return depth;
}

function scalar(text: string): HclValue {
  const value = text.trim();
  if (value === 'null') return null;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return Number(value);
  const quoted = /^"((?:[^"\\$]|\\.|\$(?!\{))*)"$/.exec(value);
  if (quoted) return JSON.parse(`"${quoted[1]!}"`) as string;
  return COMPLEX;
}

interface Attribute {
  readonly name: string;
  readonly value: HclValue;
  readonly depth: number;
}

/** Every `name = value` attribute with the bracket depth it starts at. */
function attributes(text: string): Attribute[] {
  const found: Attribute[] = [];
  let depth = 0;
  let heredoc: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (heredoc !== undefined) {
      if (raw.trim() === heredoc) heredoc = undefined;
      continue;
    }
    const line = stripComment(raw);
    const match = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=(?!=)\s*(.*)$/.exec(line);
    if (match) {
      const [, name, rest] = match as unknown as [string, string, string];
      const opener = /^<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(rest.trim());
      if (opener) {
        found.push({ name, value: COMPLEX, depth });
        heredoc = opener[1];
        continue;
      }
      found.push({ name, value: depthChange(rest) === 0 ? scalar(rest) : COMPLEX, depth });
    }
    depth += depthChange(line);
    if (depth < 0) throw new HclReadError('unbalanced brackets');
  }
  if (depth !== 0 || heredoc !== undefined) throw new HclReadError('unbalanced brackets or an unterminated heredoc');
  return found;
}

/** The top-level attributes of a `.tfvars` file. */
export function readTfvars(text: string): Map<string, HclValue> {
  return new Map(attributes(text).filter((a) => a.depth === 0).map((a) => [a.name, a.value]));
}

/** The `default` of every `variable "name" { ... }` block that has one. */
export function readVariableDefaults(text: string): Map<string, HclValue> {
  const defaults = new Map<string, HclValue>();
  const block = /^variable\s+"([^"]+)"\s*\{/gm;
  const starts = [...text.matchAll(block)].map((m) => ({ name: m[1]!, index: m.index }));
  for (const [i, start] of starts.entries()) {
    const body = text.slice(start.index, starts[i + 1]?.index ?? text.length);
    // Depth 1 is the block's own attributes; a `default` inside `validation` or an object is deeper.
    const own = attributes(body).find((a) => a.depth === 1 && a.name === 'default');
    if (own) defaults.set(start.name, own.value);
  }
  return defaults;
}

/** A setting as a whole number or null, from the tfvars or else the variable's default. */
export function wholeNumberOrNull(name: string, tfvars: ReadonlyMap<string, HclValue>, defaults: ReadonlyMap<string, HclValue>): number | null {
  const value = tfvars.has(name) ? tfvars.get(name) : defaults.get(name);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new HclReadError(`${name} must be a whole number or null to be read here, found ${value === COMPLEX ? 'an expression' : JSON.stringify(value)}`);
  }
  return value;
}

/** A string setting, from the tfvars or else the variable's default. */
export function stringSetting(name: string, tfvars: ReadonlyMap<string, HclValue>, defaults: ReadonlyMap<string, HclValue>): string {
  const value = tfvars.has(name) ? tfvars.get(name) : defaults.get(name);
  if (typeof value !== 'string') throw new HclReadError(`${name} must be a plain string to be read here, found ${value === COMPLEX ? 'an expression' : JSON.stringify(value)}`);
  return value;
}
