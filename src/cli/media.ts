/**
 * `npm run -s media -- variants <file> --out <dir>`: the image-variants processor on one local
 * file, through the same pipeline the Lambda runs. Prints one JSON object; exits 0 when ready,
 * 3 when the file is rejected (bad input), 1 on an internal error.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { isPermanent } from '../shared/errors.js';
import { configureSharp, renderVariants } from '../processors/image-variants/pipeline.js';
import { variantFileName } from '../processors/image-variants/variants-job.js';

export const EXIT_READY = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;
export const EXIT_REJECTED = 3;

const USAGE = 'usage: npm run -s media -- variants <file> --out <dir> [--max-pixels <n>]';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export async function runMediaCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { out: { type: 'string' }, 'max-pixels': { type: 'string' } } });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const [command, file, ...extra] = parsed.positionals;
  const outDir = parsed.values.out;
  const maxPixels = parsed.values['max-pixels'] === undefined ? undefined : Number(parsed.values['max-pixels']);
  if (command !== 'variants' || !file || !outDir || extra.length > 0 || (maxPixels !== undefined && !(maxPixels > 0))) {
    io.err(USAGE);
    return EXIT_USAGE;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    io.err(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    configureSharp({});
    const result = await renderVariants(bytes, maxPixels === undefined ? {} : { maxInputPixels: maxPixels });
    await mkdir(outDir, { recursive: true });
    const variants = [];
    for (const variant of result.variants) {
      const path = resolve(join(outDir, variantFileName(variant)));
      await writeFile(path, variant.data);
      variants.push({ name: variant.name, file: path, width: variant.width, height: variant.height, format: variant.format, bytes: variant.bytes });
    }
    io.out(JSON.stringify({ status: 'ready', variants, metadata: result.original }));
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
