/**
 * `npm run -s media -- variants <file> --out <dir>`: the image-variants processor on one local
 * file, through the same pipeline the Lambda runs.
 * `npm run -s media -- transcode <file> --out <dir>`: the video-transcode worker's probe,
 * renditions and thumb on one local file, through the same code the worker runs, without AWS.
 * Each prints one JSON object; exits 0 when ready, 3 when the file is rejected (bad input), 2 on a
 * usage error or an unreadable file, 1 on an internal error.
 */
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { isPermanent } from '../shared/errors.js';
import { configureSharp, renderVariants } from '../processors/image-variants/pipeline.js';
import { variantFileName } from '../shared/renditions.js';
import { DEFAULT_PROBE_LIMITS } from '../worker/video-transcode/probe.js';
import { renderVideo, videoAttributes } from '../worker/video-transcode/transcode-job.js';

export const EXIT_READY = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;
export const EXIT_REJECTED = 3;

const USAGE = [
  'usage: npm run -s media -- variants <file> --out <dir> [--max-pixels <n>]',
  '       npm run -s media -- transcode <file> --out <dir> [--max-duration <seconds>]',
].join('\n');

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

interface Output {
  readonly name: string;
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly format: string;
  readonly bytes: number;
}

interface Invocation {
  readonly command: 'variants' | 'transcode';
  readonly file: string;
  readonly outDir: string;
  readonly limit?: number;
}

// A limit is a whole number: Infinity, fractions and exponents-gone-wrong are usage errors.
const positive = (value: string | undefined): number | undefined | false =>
  value === undefined ? undefined : Number.isSafeInteger(Number(value)) && Number(value) > 0 ? Number(value) : false;

function parseInvocation(argv: readonly string[]): Invocation | string {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { out: { type: 'string' }, 'max-pixels': { type: 'string' }, 'max-duration': { type: 'string' } } });
  } catch (error) {
    return `${(error as Error).message}\n${USAGE}`;
  }
  const [command, file, ...extra] = parsed.positionals;
  const outDir = parsed.values.out;
  if ((command !== 'variants' && command !== 'transcode') || !file || !outDir || extra.length > 0) return USAGE;
  // Each command takes only its own limit.
  const [own, other] = command === 'variants' ? (['max-pixels', 'max-duration'] as const) : (['max-duration', 'max-pixels'] as const);
  const limit = positive(parsed.values[own]);
  if (limit === false || parsed.values[other] !== undefined) return USAGE;
  return { command, file, outDir, ...(limit === undefined ? {} : { limit }) };
}

export async function runMediaCli(argv: readonly string[], io: CliIo): Promise<number> {
  const invocation = parseInvocation(argv);
  if (typeof invocation === 'string') {
    io.err(invocation);
    return EXIT_USAGE;
  }
  const { command, file, outDir, limit } = invocation;
  const unreadable = await whyUnreadable(file);
  if (unreadable) {
    io.err(`cannot read ${file}: ${unreadable}\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    await mkdir(outDir, { recursive: true });
    const { outputs, metadata } = command === 'variants' ? await variants(file, outDir, limit) : await transcode(file, outDir, limit);
    io.out(JSON.stringify({ status: 'ready', variants: outputs, metadata }));
    return EXIT_READY;
  } catch (error) {
    if (isPermanent(error)) {
      io.out(JSON.stringify({ status: 'rejected', reason: error.message, code: error.code, variants: [], metadata: {} }));
      return EXIT_REJECTED;
    }
    io.err(`internal error: ${(error as Error).message}`);
    return EXIT_INTERNAL;
  }
}

/** Undefined when `file` is a readable regular file, else why not (an errno code or `not a file`). */
async function whyUnreadable(file: string): Promise<string | undefined> {
  try {
    if (!(await stat(file)).isFile()) return 'not a file';
    await access(file, constants.R_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}

async function variants(file: string, outDir: string, maxPixels: number | undefined): Promise<{ outputs: Output[]; metadata: object }> {
  configureSharp({});
  const result = await renderVariants(await readFile(file), maxPixels === undefined ? {} : { maxInputPixels: maxPixels });
  const outputs: Output[] = [];
  for (const variant of result.variants) {
    const path = resolve(join(outDir, variantFileName(variant)));
    await writeFile(path, variant.data);
    outputs.push({ name: variant.name, file: path, width: variant.width, height: variant.height, format: variant.format, bytes: variant.bytes });
  }
  return { outputs, metadata: result.original };
}

/**
 * Encodes into a scratch folder inside the output folder (the input is read where it is, never
 * copied) and moves the outputs into place only when every one is done: a job that fails half-way
 * leaves nothing behind.
 */
async function transcode(file: string, outDir: string, maxDurationSeconds: number | undefined): Promise<{ outputs: Output[]; metadata: object }> {
  const limits = maxDurationSeconds === undefined ? DEFAULT_PROBE_LIMITS : { ...DEFAULT_PROBE_LIMITS, maxDurationSeconds };
  const scratch = await mkdtemp(join(resolve(outDir), '.transcode-'));
  try {
    const { probe, outputs } = await renderVideo(resolve(file), scratch, { limits }, new AbortController().signal);
    const placed: Output[] = [];
    for (const o of outputs) {
      const path = join(resolve(outDir), basename(o.file));
      await rename(o.file, path);
      placed.push({ name: o.name, file: path, width: o.width, height: o.height, format: o.format, bytes: o.bytes });
    }
    return { outputs: placed, metadata: videoAttributes(probe) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
