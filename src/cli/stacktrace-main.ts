/**
 * `npm run -s stacktrace -- <lambda> [file]`: a stack trace from a Lambda's logs (the file, or
 * standard input) with every position in its bundle replaced by its source position, read from
 * dist/sourcemaps/<lambda>/. Build the deployed commit first (`git checkout <sha> && make build`):
 * builds are reproducible, so its maps are the ones that match.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../local/paths.js';
import { type BundleMap, symbolicate } from './stacktrace.js';

const [lambda, file] = process.argv.slice(2);
try {
  if (!lambda || !/^[a-z][a-z0-9-]*$/.test(lambda)) throw new Error('usage: npm run -s stacktrace -- <lambda> [file with the stack; standard input by default]');
  const mapDir = join(projectRoot, 'dist', 'sourcemaps', lambda);
  const maps = new Map<string, BundleMap>();
  try {
    for (const name of readdirSync(mapDir, { recursive: true, encoding: 'utf8' })) {
      if (name.endsWith('.mjs.map')) maps.set(name.split('\\').join('/').slice(0, -'.map'.length), JSON.parse(readFileSync(join(mapDir, name), 'utf8')) as BundleMap);
    }
  } catch {
    throw new Error(`no source maps in ${mapDir}: run "make build" on the commit that is deployed`);
  }
  if (!maps.has('index.mjs')) throw new Error(`no source maps in ${mapDir}: run "make build" on the commit that is deployed`);
  const { text, found, resolved } = symbolicate(readFileSync(file ?? 0, 'utf8'), maps);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  process.stderr.write(`${resolved} of ${found} positions in the bundle mapped to the source\n`);
  if (found > 0 && resolved < found) process.exitCode = 1;
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
}
