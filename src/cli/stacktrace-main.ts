/**
 * `npm run -s stacktrace -- <lambda> [file]`: a stack trace from a Lambda's logs (the file, or
 * standard input) with every index.mjs position replaced by its source position, read from
 * dist/sourcemaps/<lambda>.mjs.map. Build the deployed commit first (`git checkout <sha> && make
 * build`): builds are reproducible, so its map is the one that matches.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../local/paths.js';
import { symbolicate } from './stacktrace.js';

const [lambda, file] = process.argv.slice(2);
try {
  if (!lambda || !/^[a-z][a-z0-9-]*$/.test(lambda)) throw new Error('usage: npm run -s stacktrace -- <lambda> [file with the stack; standard input by default]');
  const mapFile = join(projectRoot, 'dist', 'sourcemaps', `${lambda}.mjs.map`);
  let map;
  try {
    map = JSON.parse(readFileSync(mapFile, 'utf8'));
  } catch {
    throw new Error(`no source map at ${mapFile}: run "make build" on the commit that is deployed`);
  }
  const { text, found, resolved } = symbolicate(readFileSync(file ?? 0, 'utf8'), map);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  process.stderr.write(`${resolved} of ${found} positions in index.mjs mapped to the source\n`);
  if (found > 0 && resolved < found) process.exitCode = 1;
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
}
