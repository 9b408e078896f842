/**
 * `make deploy-web ENV=…`: publishes the built web app (dist/web) to an environment's web bucket
 * and makes it live. Everything it needs comes from the environment's Terraform outputs (web
 * bucket, distribution, web_config); it talks to AWS through the `aws` CLI, so credentials, SSO
 * and profiles work exactly as for the rest of the runbook.
 *
 * A page must never reference a file that is not there yet, so hashed assets go up first and
 * `config.json` and `index.html` last. Old hashed assets stay in the bucket: a tab opened before
 * the release still loads them. Only files whose content changed are uploaded, and only the
 * changed unhashed paths are invalidated.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';

import { parseWebConfig, WEB_CONFIG_PATH, type WebConfig } from '../shared/web-config.js';

export interface DeployWebIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** The environment `terraform` and `aws` run with (PATH, AWS_PROFILE, ...). */
  readonly env: NodeJS.ProcessEnv;
}

export const HASHED_PREFIX = 'assets/';
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const NO_CACHE = 'no-cache';
const CONFIG_KEY = WEB_CONFIG_PATH.replace(/^\//, '');
const ENTRY_KEY = 'index.html';
/** User metadata holding the content's MD5: with SSE-KMS (the web bucket's encryption) the ETag is not the MD5. */
const MD5_METADATA = 'md5';
const PARALLEL_REQUESTS = 8;

const USAGE = `usage: deploy-web --env ENV [--dist DIR] [--terraform-dir DIR] [--terraform BIN] [--aws BIN] [--dry-run] [--force]

  --env ENV            the environment: its Terraform workspace must be the selected one
  --dist DIR           the built web app (default dist/web: node build.mjs --only web)
  --terraform-dir DIR  the root module whose outputs describe ENV (default terraform)
  --terraform BIN      the Terraform binary (default $TERRAFORM or terraform)
  --aws BIN            the AWS CLI (default aws)
  --dry-run            print what would be uploaded and invalidated, change nothing
  --force              upload every file, even unchanged ones (after changing headers)`;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/vnd.microsoft.icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The Content-Type a file is served with; the distribution sends nosniff, so a wrong one breaks the file. */
export function contentTypeFor(key: string): string | undefined {
  return CONTENT_TYPES[extname(key).toLowerCase()];
}

/** Hashed assets never change under their name; everything else must be revalidated on every load. */
export function cacheControlFor(key: string): string {
  return key.startsWith(HASHED_PREFIX) ? IMMUTABLE : NO_CACHE;
}

/** Upload phase of a key: assets, other unhashed files, config.json, and index.html last. */
function phaseOf(key: string): number {
  if (key.startsWith(HASHED_PREFIX)) return 0;
  if (key === CONFIG_KEY) return 2;
  if (key === ENTRY_KEY) return 3;
  return 1;
}

export interface WebFile {
  readonly key: string;
  readonly body: Buffer;
  readonly md5: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

function webFile(key: string, body: Buffer): WebFile {
  return {
    key,
    body,
    md5: createHash('md5').update(body).digest('hex'),
    contentType: contentTypeFor(key) ?? 'application/octet-stream',
    cacheControl: cacheControlFor(key),
  };
}

/** Every file of the build as an object key, plus config.json made from the environment's web_config. */
export function collectWebFiles(distDir: string, config: WebConfig, warn: (text: string) => void): WebFile[] {
  const files: WebFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      const key = relative(distDir, path).split(sep).join('/');
      if (key === CONFIG_KEY) {
        warn(`ignoring ${CONFIG_KEY} in ${distDir}: the environment's web_config output replaces it`);
        continue;
      }
      if (!contentTypeFor(key)) warn(`${key}: unknown file type, served as application/octet-stream`);
      files.push(webFile(key, readFileSync(path)));
    }
  };
  walk(distDir);
  files.push(webFile(CONFIG_KEY, Buffer.from(`${JSON.stringify(config, null, 2)}\n`)));
  return files;
}

export interface RemoteObject {
  readonly key: string;
  readonly etag: string;
}

export interface DeployPlan {
  /** In upload order. */
  readonly uploads: readonly WebFile[];
  readonly unchanged: readonly WebFile[];
  /** In the bucket but not in this build: kept, for pages opened before this release. */
  readonly kept: readonly string[];
  readonly invalidationPaths: readonly string[];
}

/**
 * What to upload and invalidate, given which local files differ from the bucket. Brand-new hashed
 * assets need no invalidation (nothing can have cached them); a changed or new unhashed file does,
 * and so would a hashed asset whose content changed under the same name (a build bug, warned).
 */
export function planDeploy(files: readonly WebFile[], remote: ReadonlyMap<string, RemoteObject>, changed: ReadonlySet<string>): DeployPlan {
  const uploads = files
    .filter((file) => changed.has(file.key))
    .sort((a, b) => phaseOf(a.key) - phaseOf(b.key) || a.key.localeCompare(b.key));
  const localKeys = new Set(files.map((file) => file.key));
  const invalidationPaths = uploads
    .filter((file) => !file.key.startsWith(HASHED_PREFIX) || remote.has(file.key))
    .flatMap((file) => (file.key === ENTRY_KEY ? [`/${ENTRY_KEY}`, '/'] : [`/${file.key}`]));
  return {
    uploads,
    unchanged: files.filter((file) => !changed.has(file.key)),
    kept: [...remote.keys()].filter((key) => !localKeys.has(key)).sort(),
    invalidationPaths,
  };
}

class DeployError extends Error {}

/** Runs a command and returns its stdout; a failure carries the command and its stderr. */
function run(command: string, args: readonly string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: options.cwd, env: options.env, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(new DeployError(missing ? `'${command}' not found on PATH` : `${command} ${args.slice(0, 2).join(' ')} failed: ${stderr.trim() || error.message}`));
        return;
      }
      resolve(stdout);
    });
  });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `terraform output -json` as name → value. */
function outputValues(json: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json || '{}');
  } catch {
    throw new DeployError('terraform output -json did not print JSON');
  }
  if (!isObject(parsed)) throw new DeployError('terraform output -json did not print an object');
  return Object.fromEntries(Object.entries(parsed).map(([name, output]) => [name, isObject(output) ? output.value : undefined]));
}

/** Runs `task` over `items`, at most `limit` at once, keeping the results in order. */
async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const unquoteEtag = (etag: unknown): string => (typeof etag === 'string' ? etag.replace(/^"|"$/g, '') : '');

export async function runDeployWeb(argv: readonly string[], io: DeployWebIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string' },
        dist: { type: 'string', default: 'dist/web' },
        'terraform-dir': { type: 'string', default: 'terraform' },
        terraform: { type: 'string', default: io.env.TERRAFORM || 'terraform' },
        aws: { type: 'string', default: 'aws' },
        'dry-run': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`error: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!values.env) {
    io.err(`error: --env is required\n${USAGE}`);
    return 2;
  }
  try {
    await deploy({ env: values.env, distDir: values.dist, terraformDir: values['terraform-dir'], terraform: values.terraform, aws: values.aws, dryRun: values['dry-run'], force: values.force }, io);
    return 0;
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    io.err(`error: ${error.message}`);
    return 1;
  }
}

interface DeployOptions {
  readonly env: string;
  readonly distDir: string;
  readonly terraformDir: string;
  readonly terraform: string;
  readonly aws: string;
  readonly dryRun: boolean;
  readonly force: boolean;
}

async function deploy(options: DeployOptions, io: DeployWebIo): Promise<void> {
  const { env } = options;
  const entry = join(options.distDir, ENTRY_KEY);
  if (!statSync(entry, { throwIfNoEntry: false })?.isFile()) throw new DeployError(`no ${entry}: build the web app first (node build.mjs --only web)`);
  if (io.env.TF_WORKSPACE) throw new DeployError(`TF_WORKSPACE=${io.env.TF_WORKSPACE} is set and would override the workspace chosen by ENV: unset it`);

  // The outputs are those of the selected workspace's state: refuse another environment's.
  const terraform = (args: string[]) => run(options.terraform, args, { cwd: options.terraformDir, env: io.env });
  const workspace = (await terraform(['workspace', 'show'])).trim();
  if (workspace !== env) {
    throw new DeployError(`the selected Terraform workspace is '${workspace}', not '${env}': run make plan ENV=${env} (it selects ${env}'s backend and workspace), then make deploy-web ENV=${env}`);
  }
  const outputs = outputValues(await terraform(['output', '-json']));
  const bucket = outputs.web_bucket_name;
  const distribution = outputs.cdn_distribution_id;
  if (typeof bucket !== 'string' || typeof distribution !== 'string' || outputs.web_config === undefined) {
    throw new DeployError(`the ${env} state has no web_bucket_name, cdn_distribution_id or web_config output: run make plan ENV=${env} and make apply ENV=${env} first`);
  }
  if (outputs.environment !== undefined && outputs.environment !== env) {
    throw new DeployError(`the state selected as workspace '${env}' describes environment '${String(outputs.environment)}'`);
  }
  const parsed = parseWebConfig(outputs.web_config);
  if ('problems' in parsed) throw new DeployError(`the ${env} web_config output is not a valid web config: ${parsed.problems.join('; ')}`);
  const { config } = parsed;

  const files = collectWebFiles(options.distDir, config, (text) => io.err(`warning: ${text}`));
  io.out(`==> deploy-web ENV=${env}: ${files.length} files from ${options.distDir} to s3://${bucket}/ (distribution ${distribution})${options.dryRun ? ', dry run' : ''}`);

  const s3api = (args: string[]) => run(options.aws, ['s3api', ...args, '--bucket', bucket, '--region', config.region, '--output', 'json'], { env: io.env });
  const listing = (await s3api(['list-objects-v2'])).trim();
  const contents = listing ? (JSON.parse(listing) as { Contents?: { Key?: string; ETag?: string }[] | null }).Contents ?? [] : [];
  const remote = new Map<string, RemoteObject>(contents.filter((o) => typeof o.Key === 'string').map((o) => [o.Key!, { key: o.Key!, etag: unquoteEtag(o.ETag) }]));

  // An ETag equal to the MD5 settles it (a plain upload); with SSE-KMS it never is, so the MD5
  // this command stored in the object's metadata does.
  const differs = await inParallel(files, PARALLEL_REQUESTS, async (file) => {
    const object = remote.get(file.key);
    if (options.force || !object) return true;
    if (object.etag === file.md5) return false;
    const head = JSON.parse(await s3api(['head-object', '--key', file.key])) as { Metadata?: Record<string, string> };
    return head.Metadata?.[MD5_METADATA] !== file.md5;
  });
  const changed = new Set(files.filter((_, index) => differs[index]).map((file) => file.key));
  const plan = planDeploy(files, remote, changed);
  for (const file of plan.uploads) {
    if (file.key.startsWith(HASHED_PREFIX) && remote.has(file.key) && !options.force) {
      io.err(`warning: ${file.key} changed under the same name: hashed assets must get a new name with new content (invalidating it)`);
    }
  }

  const scratch = mkdtempSync(join(tmpdir(), 'deploy-web-'));
  try {
    let done = 0;
    for (const phase of [0, 1, 2, 3]) {
      // Within a phase the order does not matter; between phases it does.
      await inParallel(plan.uploads.filter((file) => phaseOf(file.key) === phase), PARALLEL_REQUESTS, async (file) => {
        if (!options.dryRun) {
          const body = join(scratch, createHash('sha256').update(file.key).digest('hex'));
          writeFileSync(body, file.body);
          await s3api([
            'put-object', '--key', file.key, '--body', body,
            '--content-type', file.contentType, '--cache-control', file.cacheControl,
            '--content-md5', Buffer.from(file.md5, 'hex').toString('base64'),
            '--metadata', `${MD5_METADATA}=${file.md5}`,
          ]);
        }
        done += 1;
        io.out(`${options.dryRun ? 'would upload' : 'uploaded'} ${done}/${plan.uploads.length} ${file.key} [${file.contentType}] [${file.cacheControl}]`);
      });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  let invalidation = 'nothing to invalidate';
  if (plan.invalidationPaths.length > 0) {
    if (options.dryRun) {
      invalidation = `would invalidate ${plan.invalidationPaths.join(' ')}`;
    } else {
      const created = JSON.parse(
        await run(options.aws, ['cloudfront', 'create-invalidation', '--distribution-id', distribution, '--paths', ...plan.invalidationPaths, '--output', 'json'], { env: io.env }),
      ) as { Invalidation?: { Id?: string } };
      invalidation = `invalidated ${plan.invalidationPaths.join(' ')} (${created.Invalidation?.Id ?? 'invalidation id unknown'})`;
    }
  }
  if (plan.kept.length > 0) io.out(`kept ${plan.kept.length} objects not in this build (older assets that pages opened before this release still load)`);
  io.out(
    `==> deploy-web ENV=${env}: ${options.dryRun ? 'would upload' : 'uploaded'} ${plan.uploads.length}, unchanged ${plan.unchanged.length}, kept ${plan.kept.length}; ${invalidation}`,
  );
}
