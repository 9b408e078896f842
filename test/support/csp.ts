/**
 * The web client's Content-Security-Policy as Terraform builds it, and CSP source matching.
 *
 * `terraformCsp(env)` reads the policy from the Terraform source itself: the `cdn` module's
 * `local.content_security_policy`, fed by the root's `content_security_policy_sources` (the
 * Cognito and upload origins of delivery.tf), evaluated for one environment's tfvars. It parses
 * the files with python-hcl2 (test/support/hcl.ts) and evaluates the few HCL expressions involved
 * with a small evaluator: templates, lists, objects, conditionals, comparisons, `var.`, `local.`
 * and the handful of functions those expressions call. Values only known after apply stand in:
 * the account ID is `accountId` (default 123456789012), and a module output is derived from the
 * module's inputs the way the module derives it (see MODULE_OUTPUTS).
 *
 * `cspAllows(csp, directive, url, pageOrigin)` answers whether a browser enforcing `csp` on a page
 * of `pageOrigin` lets it load `url` under `directive` (CSP Level 3 matching).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../../src/local/paths.js';
import { block, parseHcl as parseHclFile } from './hcl.js';

/** Each file is parsed once per process: python-hcl2 takes about half a second a file. */
const parsedFiles = new Map<string, Record<string, unknown>>();
const parseHcl = (relativePath: string): Record<string, unknown> => {
  let parsed = parsedFiles.get(relativePath);
  if (!parsed) parsedFiles.set(relativePath, (parsed = parseHclFile(relativePath)));
  return parsed;
};

/** Directive name → its source expressions, as the header lists them. */
export type Csp = Readonly<Record<string, readonly string[]>>;

export type HclValue = string | number | boolean | null | readonly HclValue[] | { readonly [key: string]: HclValue };

export interface TerraformCspOptions {
  /** Stands in for the AWS account ID in bucket names. */
  readonly accountId?: string;
}

export const PLACEHOLDER_ACCOUNT_ID = '123456789012';

/** A header value such as `default-src 'self'; img-src 'self' data:` as directive → sources. */
export function parseCsp(header: string): Csp {
  const csp: Record<string, string[]> = {};
  for (const directive of header.split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/).filter(Boolean);
    // The first occurrence of a directive wins; browsers ignore repeats.
    if (name && !(name.toLowerCase() in csp)) csp[name.toLowerCase()] = sources;
  }
  return csp;
}

/** The CloudFront response headers policy's CSP for `env` (environments/<env>.tfvars). */
export function terraformCsp(env: string, options: TerraformCspOptions = {}): Csp {
  const root = rootEvaluator(env, options);
  const cdn = moduleEvaluator('terraform/modules/cdn', ['main.tf'], (name) => {
    if (name !== 'content_security_policy_sources') throw new HclError(`the cdn module's var.${name} is not needed for its CSP`);
    // The variable's optional() attributes default to empty lists.
    const given = root.moduleArgument('cdn', name) as Record<string, HclValue> | null;
    return { connect: [], form_action: [], ...(given ?? {}) };
  });
  const header = cdn.local('content_security_policy');
  if (typeof header !== 'string') throw new HclError('local.content_security_policy of the cdn module is not a string');
  return parseCsp(header);
}

// ------------------------------------------------------------------------------------------------
// Source matching (https://www.w3.org/TR/CSP3/#match-url-to-source-list)
// ------------------------------------------------------------------------------------------------

/** Fetch directives fall back along these lists; the others (form-action, base-uri, frame-ancestors) do not. */
const FALLBACKS: Readonly<Record<string, readonly string[]>> = {
  'script-src-elem': ['script-src-elem', 'script-src', 'default-src'],
  'script-src-attr': ['script-src-attr', 'script-src', 'default-src'],
  'script-src': ['script-src', 'default-src'],
  'style-src-elem': ['style-src-elem', 'style-src', 'default-src'],
  'style-src-attr': ['style-src-attr', 'style-src', 'default-src'],
  'style-src': ['style-src', 'default-src'],
  'worker-src': ['worker-src', 'child-src', 'script-src', 'default-src'],
  'frame-src': ['frame-src', 'child-src', 'default-src'],
  'child-src': ['child-src', 'default-src'],
  'connect-src': ['connect-src', 'default-src'],
  'img-src': ['img-src', 'default-src'],
  'media-src': ['media-src', 'default-src'],
  'font-src': ['font-src', 'default-src'],
  'object-src': ['object-src', 'default-src'],
  'manifest-src': ['manifest-src', 'default-src'],
};

/** What `url` may be besides a URL: an inline `<script>`/`<style>` (or attribute), or eval(). */
export const INLINE = 'inline';
export const EVAL = 'eval';

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21' };
const effectivePort = (url: URL): string => url.port || DEFAULT_PORTS[url.protocol] || '';

/** CSP3 scheme-part matching: an expression for http also admits https, ws admits wss, http(s). */
function schemeMatches(expression: string, scheme: string): boolean {
  const a = expression.toLowerCase().replace(/:$/, '');
  const b = scheme.toLowerCase().replace(/:$/, '');
  return a === b || (a === 'http' && b === 'https') || (a === 'ws' && ['wss', 'http', 'https'].includes(b)) || (a === 'wss' && b === 'https');
}

/** 'self': the page's origin, or its host over https/wss; never a blob:, data: or other local-scheme URL. */
function matchesSelf(url: URL, page: URL): boolean {
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) || !url.hostname) return false;
  if (url.origin === page.origin) return true;
  if (url.hostname !== page.hostname) return false;
  const samePorts = effectivePort(url) === effectivePort(page) || (url.port === '' && page.port === '');
  const secureUpgrade = ['https:', 'wss:'].includes(url.protocol);
  const plainFromPlain = page.protocol === 'http:' && ['http:', 'ws:'].includes(url.protocol);
  return samePorts && (secureUpgrade || plainFromPlain);
}

const HOST_SOURCE = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\*|\d+))?(\/[^?#]*)?$/i;

function matchesHostSource(expression: string, url: URL, page: URL): boolean {
  const parts = HOST_SOURCE.exec(expression);
  if (!parts) return false;
  const [, scheme, host, port, path] = parts;
  if (scheme ? !schemeMatches(scheme, url.protocol) : !schemeMatches(page.protocol, url.protocol)) return false;
  // Only network schemes have hosts; data:, blob: and friends match scheme sources only.
  if (!url.hostname) return false;
  const hostname = url.hostname.toLowerCase();
  const wanted = host!.toLowerCase();
  if (wanted === '*') {
    // A lone `*` host matches any host.
  } else if (wanted.startsWith('*.')) {
    if (!hostname.endsWith(wanted.slice(1))) return false;
  } else if (hostname !== wanted) {
    return false;
  }
  if (port === undefined) {
    // No port: the URL's scheme's default port (a source for http:80 also admits https:443).
    if (url.port !== '' && !(effectivePort(url) === '443' && url.protocol === 'https:')) return false;
  } else if (port !== '*') {
    const urlPort = effectivePort(url);
    if (port !== urlPort && !(port === '80' && urlPort === '443' && url.protocol === 'https:')) return false;
  }
  if (path && path !== '/') {
    const urlPath = decodeURIComponent(url.pathname);
    if (path.endsWith('/') ? !urlPath.startsWith(path) : urlPath !== path) return false;
  }
  return true;
}

function matchesSource(expression: string, url: URL, page: URL): boolean {
  const lower = expression.toLowerCase();
  if (lower === "'self'") return matchesSelf(url, page);
  if (lower.startsWith("'")) return false; // 'none', 'unsafe-*', nonces, hashes, 'strict-dynamic': no URL matches them
  if (lower === '*') return ['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(url.protocol) || url.protocol === page.protocol;
  if (/^[a-z][a-z0-9+.-]*:$/.test(lower)) return schemeMatches(lower, url.protocol);
  return matchesHostSource(expression, url, page);
}

/**
 * Whether `csp` lets a page of `pageOrigin` use `url` under `directive`: a fetch directive missing
 * from the policy falls back to its parents and then `default-src`; a directive with no value at
 * all in the policy restricts nothing. `url` may be relative (resolved against the page), or
 * INLINE / EVAL for inline code and eval() under script-src or style-src.
 */
export function cspAllows(csp: Csp, directive: string, url: string, pageOrigin: string): boolean {
  const name = directive.toLowerCase();
  const governing = (FALLBACKS[name] ?? [name]).find((candidate) => csp[candidate] !== undefined);
  if (governing === undefined) return true;
  const sources = csp[governing]!.map((source) => source.toLowerCase());
  if (url === INLINE) {
    // A nonce, hash or 'strict-dynamic' makes browsers ignore 'unsafe-inline'.
    const overridden = sources.some((source) => /^'(nonce-|sha256-|sha384-|sha512-|strict-dynamic')/.test(source));
    return sources.includes("'unsafe-inline'") && !overridden;
  }
  if (url === EVAL) return sources.includes("'unsafe-eval'");
  const page = new URL(pageOrigin);
  const target = new URL(url, page);
  return csp[governing]!.some((source) => matchesSource(source, target, page));
}

// ------------------------------------------------------------------------------------------------
// A small evaluator for the HCL expressions the policy is built from
// ------------------------------------------------------------------------------------------------

export class HclError extends Error {}

type Node =
  | { readonly kind: 'literal'; readonly value: HclValue }
  | { readonly kind: 'template'; readonly parts: readonly (string | Node)[] }
  | { readonly kind: 'traversal'; readonly root: string; readonly steps: readonly (string | Node)[] }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[]; readonly expand: boolean }
  | { readonly kind: 'list'; readonly items: readonly Node[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Node])[] }
  | { readonly kind: 'conditional'; readonly test: Node; readonly then: Node; readonly otherwise: Node }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly kind: 'not'; readonly operand: Node };

type Token = { readonly type: 'number'; readonly value: number } | { readonly type: 'string'; readonly raw: string } | { readonly type: 'ident'; readonly value: string } | { readonly type: 'punct'; readonly value: string };

/** The index just past the `}` closing an interpolation whose body starts at `start`. */
function skipInterpolation(source: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '"') {
      i = skipString(source, i + 1);
      continue;
    }
    if (ch === '{') depth += 1;
    if (ch === '}' && --depth === 0) return i + 1;
    i += 1;
  }
  throw new HclError(`unclosed \${ in ${source}`);
}

/** The index just past the `"` closing a string whose content starts at `start`. */
function skipString(source: string, start: number): number {
  let i = start;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\') i += 2;
    else if (source.startsWith('$${', i)) i += 3;
    else if (source.startsWith('${', i)) i = skipInterpolation(source, i + 2);
    else if (ch === '"') return i + 1;
    else i += 1;
  }
  throw new HclError(`unclosed string in ${source}`);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '"') {
      const end = skipString(source, i + 1);
      tokens.push({ type: 'string', raw: source.slice(i + 1, end - 1) });
      i = end;
    } else if (/[0-9]/.test(ch)) {
      const number = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(i))![0];
      tokens.push({ type: 'number', value: Number(number) });
      i += number.length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i))![0];
      tokens.push({ type: 'ident', value: ident });
      i += ident.length;
    } else {
      const punct = ['==', '!=', '&&', '||', '...', '>=', '<='].find((p) => source.startsWith(p, i)) ?? ch;
      if (!'()[]{},.?:!=<>'.includes(punct[0]!)) throw new HclError(`unexpected '${ch}' in ${source}`);
      tokens.push({ type: 'punct', value: punct });
      i += punct.length;
    }
  }
  return tokens;
}

/** A template's parts: literal text (escapes resolved) and the parsed `${...}` expressions. */
function parseTemplate(raw: string): Node {
  const parts: (string | Node)[] = [];
  let text = '';
  let i = 0;
  while (i < raw.length) {
    if (raw.startsWith('$${', i)) {
      text += '${';
      i += 3;
    } else if (raw.startsWith('${', i)) {
      const end = skipInterpolation(raw, i + 2);
      if (text) parts.push(text);
      text = '';
      parts.push(parseExpression(raw.slice(i + 2, end - 1)));
      i = end;
    } else if (raw[i] === '\\' && i + 1 < raw.length) {
      const escaped = raw[i + 1]!;
      text += ({ n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' } as Record<string, string>)[escaped] ?? `\\${escaped}`;
      i += 2;
    } else {
      text += raw[i];
      i += 1;
    }
  }
  if (text || parts.length === 0) parts.push(text);
  return { kind: 'template', parts };
}

function parseExpression(source: string): Node {
  const tokens = tokenize(source);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const isPunct = (value: string): boolean => {
    const token = peek();
    return token?.type === 'punct' && token.value === value;
  };
  const expect = (value: string): void => {
    if (!isPunct(value)) throw new HclError(`expected '${value}' in ${source}`);
    position += 1;
  };

  const conditional = (): Node => {
    const test = binary(0);
    if (!isPunct('?')) return test;
    position += 1;
    const then = conditional();
    expect(':');
    return { kind: 'conditional', test, then, otherwise: conditional() };
  };
  const PRECEDENCE: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>=']];
  const binary = (level: number): Node => {
    if (level === PRECEDENCE.length) return unary();
    let left = binary(level + 1);
    for (let token = peek(); token?.type === 'punct' && PRECEDENCE[level]!.includes(token.value); token = peek()) {
      position += 1;
      left = { kind: 'binary', op: token.value, left, right: binary(level + 1) };
    }
    return left;
  };
  const unary = (): Node => {
    if (isPunct('!')) {
      position += 1;
      return { kind: 'not', operand: unary() };
    }
    return postfix(primary());
  };
  const postfix = (node: Node): Node => {
    const steps: (string | Node)[] = [];
    for (;;) {
      if (isPunct('.') && tokens[position + 1]?.type === 'ident') {
        steps.push((tokens[position + 1] as { value: string }).value);
        position += 2;
      } else if (isPunct('[')) {
        position += 1;
        steps.push(conditional());
        expect(']');
      } else {
        break;
      }
    }
    if (steps.length === 0) return node;
    if (node.kind === 'traversal') return { ...node, steps: [...node.steps, ...steps] };
    throw new HclError(`attribute access on a non-reference in ${source}`);
  };
  const primary = (): Node => {
    const token = peek();
    if (!token) throw new HclError(`unexpected end of ${source}`);
    position += 1;
    if (token.type === 'number') return { kind: 'literal', value: token.value };
    if (token.type === 'string') return parseTemplate(token.raw);
    if (token.type === 'ident') {
      if (token.value === 'true' || token.value === 'false') return { kind: 'literal', value: token.value === 'true' };
      if (token.value === 'null') return { kind: 'literal', value: null };
      if (token.value === 'for') throw new HclError(`for expressions are not supported: ${source}`);
      if (isPunct('(')) {
        position += 1;
        const args: Node[] = [];
        let expand = false;
        while (!isPunct(')')) {
          args.push(conditional());
          if (isPunct('...')) {
            expand = true;
            position += 1;
          }
          if (isPunct(',')) position += 1;
        }
        position += 1;
        return { kind: 'call', name: token.value, args, expand };
      }
      return { kind: 'traversal', root: token.value, steps: [] };
    }
    if (token.value === '(') {
      const inner = conditional();
      expect(')');
      return inner;
    }
    if (token.value === '[') {
      const items: Node[] = [];
      while (!isPunct(']')) {
        items.push(conditional());
        if (isPunct(',')) position += 1;
      }
      position += 1;
      return { kind: 'list', items };
    }
    if (token.value === '{') {
      const entries: [string, Node][] = [];
      while (!isPunct('}')) {
        const key = peek();
        position += 1;
        const name = key?.type === 'ident' ? key.value : key?.type === 'string' ? key.raw : undefined;
        if (name === undefined) throw new HclError(`bad object key in ${source}`);
        if (isPunct('=') || isPunct(':')) position += 1;
        entries.push([name, conditional()]);
        if (isPunct(',')) position += 1;
      }
      position += 1;
      return { kind: 'object', entries };
    }
    throw new HclError(`unexpected '${token.value}' in ${source}`);
  };

  const node = conditional();
  if (position !== tokens.length) throw new HclError(`unexpected trailing tokens in ${source}`);
  return node;
}

/** How many names a reference's root takes before plain attribute access begins. */
const REFERENCE_LENGTH: Readonly<Record<string, number>> = { var: 1, local: 1, module: 2, data: 3, terraform: 1, path: 1 };

type Resolver = (root: string, names: readonly string[]) => HclValue;

const FUNCTIONS: Readonly<Record<string, (...args: HclValue[]) => HclValue>> = {
  concat: (...lists) => lists.flatMap((list) => [...asList(list)]),
  compact: (list) => asList(list).filter((item) => item !== null && item !== ''),
  join: (separator, list) => asList(list).map(String).join(String(separator)),
  tostring: (value) => (value === null ? null : String(value)),
  trimprefix: (text, prefix) => (String(text).startsWith(String(prefix)) ? String(text).slice(String(prefix).length) : String(text)),
  trimsuffix: (text, suffix) => (String(text).endsWith(String(suffix)) ? String(text).slice(0, -String(suffix).length) : String(text)),
  coalesce: (...values) => values.find((value) => value !== null && value !== '') ?? null,
  lower: (text) => String(text).toLowerCase(),
  distinct: (list) => [...new Set(asList(list))],
};

function asList(value: HclValue): readonly HclValue[] {
  if (!Array.isArray(value)) throw new HclError(`expected a list, got ${JSON.stringify(value)}`);
  return value;
}

function evaluateNode(node: Node, resolve: Resolver): HclValue {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'template': {
      if (node.parts.length === 1 && typeof node.parts[0] !== 'string') return evaluateNode(node.parts[0]!, resolve);
      return node.parts
        .map((part) => {
          if (typeof part === 'string') return part;
          const value = evaluateNode(part, resolve);
          if (value === null || typeof value === 'object') throw new HclError(`cannot interpolate ${JSON.stringify(value)}`);
          return String(value);
        })
        .join('');
    }
    case 'traversal': {
      const length = REFERENCE_LENGTH[node.root];
      if (length === undefined) throw new HclError(`unknown reference root ${node.root}`);
      const steps = node.steps.map((step) => (typeof step === 'string' ? step : String(evaluateNode(step, resolve))));
      if (steps.length < length) throw new HclError(`incomplete reference ${[node.root, ...steps].join('.')}`);
      let value = resolve(node.root, steps.slice(0, length));
      for (const step of steps.slice(length)) {
        if (value === null || typeof value !== 'object') throw new HclError(`no attribute ${step} on ${JSON.stringify(value)}`);
        value = (value as Record<string, HclValue>)[step] ?? null;
      }
      return value;
    }
    case 'call': {
      const fn = FUNCTIONS[node.name];
      if (!fn) throw new HclError(`the evaluator does not implement ${node.name}()`);
      const args = node.args.map((arg) => evaluateNode(arg, resolve));
      return node.expand ? fn(...args.slice(0, -1), ...asList(args.at(-1) ?? [])) : fn(...args);
    }
    case 'list':
      return node.items.map((item) => evaluateNode(item, resolve));
    case 'object':
      return Object.fromEntries(node.entries.map(([key, value]) => [key, evaluateNode(value, resolve)]));
    case 'conditional':
      return evaluateNode(evaluateNode(node.test, resolve) === true ? node.then : node.otherwise, resolve);
    case 'not':
      return evaluateNode(node.operand, resolve) !== true;
    case 'binary': {
      if (node.op === '&&') return evaluateNode(node.left, resolve) === true && evaluateNode(node.right, resolve) === true;
      if (node.op === '||') return evaluateNode(node.left, resolve) === true || evaluateNode(node.right, resolve) === true;
      const left = evaluateNode(node.left, resolve);
      const right = evaluateNode(node.right, resolve);
      if (node.op === '==') return JSON.stringify(left) === JSON.stringify(right);
      if (node.op === '!=') return JSON.stringify(left) !== JSON.stringify(right);
      const [a, b] = [Number(left), Number(right)];
      return node.op === '<' ? a < b : node.op === '>' ? a > b : node.op === '<=' ? a <= b : a >= b;
    }
  }
}

/** A value as python-hcl2 gives it (strings are HCL templates, possibly one `${expression}`), evaluated. */
function evaluateParsed(value: unknown, resolve: Resolver): HclValue {
  if (typeof value === 'string') return evaluateNode(parseTemplate(value), resolve);
  if (Array.isArray(value)) return value.map((item) => evaluateParsed(item, resolve));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('__')).map(([key, item]) => [key, evaluateParsed(item, resolve)]));
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  throw new HclError(`cannot evaluate ${String(value)}`);
}

/** Lazily evaluated locals: each one once, with a loop reported instead of overflowing the stack. */
function localsOf(definitions: Record<string, unknown>, resolve: () => Resolver): (name: string) => HclValue {
  const values = new Map<string, HclValue>();
  const evaluating = new Set<string>();
  return (name) => {
    if (values.has(name)) return values.get(name)!;
    if (!(name in definitions)) throw new HclError(`no local.${name}`);
    if (evaluating.has(name)) throw new HclError(`local.${name} refers to itself`);
    evaluating.add(name);
    const value = evaluateParsed(definitions[name], resolve());
    evaluating.delete(name);
    values.set(name, value);
    return value;
  };
}

const tfFiles = (dir: string): string[] =>
  readdirSync(join(projectRoot, dir))
    .filter((file) => file.endsWith('.tf'))
    .sort()
    .map((file) => `${dir}/${file}`);

export interface RootEvaluator {
  /** A python-hcl2 value of the root module (a local's definition, an argument), evaluated for the environment. */
  readonly evaluate: (parsed: unknown) => HclValue;
  readonly variable: (name: string) => HclValue;
  readonly local: (name: string) => HclValue;
  /** An argument of a root `module "x"` call, evaluated; null when it is not given. */
  readonly moduleArgument: (module: string, argument: string) => HclValue;
}

/**
 * Module outputs the CSP depends on, derived from the module's inputs as the module derives them
 * (modules/storage names its bucket exactly `bucket`; modules/auth's hosted UI is
 * `https://<domain_prefix>.auth.<region>.amazoncognito.com`, or null without a prefix).
 */
const MODULE_OUTPUTS: Readonly<Record<string, (root: RootEvaluator) => HclValue>> = {
  'originals.bucket_id': (root) => root.moduleArgument('originals', 'bucket'),
  'derived.bucket_id': (root) => root.moduleArgument('derived', 'bucket'),
  'auth.hosted_ui_url': (root) => {
    const prefix = root.moduleArgument('auth', 'domain_prefix');
    return prefix === null ? null : `https://${String(prefix)}.auth.${String(root.variable('region'))}.amazoncognito.com`;
  },
};

/** The root module (terraform/*.tf) with environments/<env>.tfvars, as far as plain values go. */
export function rootEvaluator(env: string, options: TerraformCspOptions = {}): RootEvaluator {
  const files = tfFiles('terraform').map((file) => parseHcl(file));
  const merged = (type: string): Record<string, unknown> => Object.assign({}, ...files.map((parsed) => block(parsed, type) ?? {})) as Record<string, unknown>;
  const variables = merged('variable') as Record<string, { default?: unknown }>;
  const modules = merged('module') as Record<string, Record<string, unknown>>;
  const tfvars = parseHcl(`terraform/environments/${env}.tfvars`);

  const variable = (name: string): HclValue => {
    if (name in tfvars) return evaluateParsed(tfvars[name], resolve);
    if (!(name in variables)) throw new HclError(`no variable "${name}" in terraform/`);
    return evaluateParsed(variables[name]!.default ?? null, resolve);
  };
  const local = localsOf(merged('locals'), () => resolve);
  const moduleArgument = (module: string, argument: string): HclValue => {
    const call = modules[module];
    if (!call) throw new HclError(`no module "${module}" in terraform/`);
    return argument in call ? evaluateParsed(call[argument], resolve) : null;
  };
  const evaluator: RootEvaluator = { evaluate: (parsed) => evaluateParsed(parsed, resolve), variable, local, moduleArgument };
  const resolve: Resolver = (root, names) => {
    const [first, second, third] = names;
    switch (root) {
      case 'var':
        return variable(first!);
      case 'local':
        return local(first!);
      case 'terraform':
        if (first === 'workspace') return env;
        break;
      case 'path':
        return join(projectRoot, 'terraform');
      case 'data':
        if (first === 'aws_caller_identity' && third === 'account_id') return options.accountId ?? PLACEHOLDER_ACCOUNT_ID;
        break;
      case 'module': {
        const output = MODULE_OUTPUTS[`${first}.${second}`];
        if (output) return output(evaluator);
        break;
      }
    }
    throw new HclError(`cannot resolve ${[root, ...names].join('.')} without planning`);
  };
  return evaluator;
}

/** A child module's locals, with its variables given by `variable`. */
function moduleEvaluator(dir: string, fileNames: readonly string[], variable: (name: string) => HclValue): { local: (name: string) => HclValue } {
  const definitions = Object.assign({}, ...fileNames.map((file) => block(parseHcl(`${dir}/${file}`), 'locals') ?? {})) as Record<string, unknown>;
  const resolve: Resolver = (root, names) => {
    if (root === 'var') return variable(names[0]!);
    if (root === 'local') return local(names[0]!);
    throw new HclError(`cannot resolve ${[root, ...names].join('.')} in ${dir} without planning`);
  };
  const local = localsOf(definitions, () => resolve);
  return { local };
}
