import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';
import { build } from 'esbuild';

import { symbolicate } from '../../src/cli/stacktrace.js';

describe('stacktrace: a deployed Lambda\'s stack back to source lines, from the map that is not deployed', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'stacktrace-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('maps each index.mjs position of a minified bundle to the file and line that threw, as Lambda logs it', async () => {
    writeFileSync(join(dir, 'album-rules.ts'), ['export function checkName(name: string): string {', '  if (name.length > 3) {', "    throw new Error('name too long');", '  }', '  return name;', '}', ''].join('\n'));
    writeFileSync(join(dir, 'handler.ts'), ["import { checkName } from './album-rules.js';", '', 'export const handler = (name: string) => checkName(name);', 'handler(process.argv[2] ?? "");', ''].join('\n'));
    // As build.mjs builds a Lambda: minified ESM, the map beside it and not referenced.
    await build({ entryPoints: [join(dir, 'handler.ts')], outfile: join(dir, 'index.mjs'), bundle: true, format: 'esm', platform: 'node', minify: true, sourcemap: 'external', sourcesContent: false, logLevel: 'error' });
    const run = spawnSync(process.execPath, [join(dir, 'index.mjs'), 'a name far too long'], { encoding: 'utf8' });
    expect(run.status).to.not.equal(0);
    // The runtime's path, as it appears in CloudWatch.
    const logged = run.stderr.replaceAll(`file://${dir}/`, 'file:///var/task/');
    expect(logged).to.match(/index\.mjs:1:\d+/);

    const { text, found, resolved } = symbolicate(logged, JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')));
    expect(found).to.be.greaterThan(0);
    expect(resolved).to.equal(found);
    expect(text).to.match(/album-rules\.ts:3:\d+/);
    expect(text).to.match(/handler\.ts:4:\d+/);
    expect(text).to.not.match(/index\.mjs:\d+:\d+/);
  });

  it('leaves a position the map does not cover as it was, and counts it unresolved', () => {
    const map = { version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' };
    const { text, found, resolved } = symbolicate('at x (file:///var/task/index.mjs:9:1)', map);
    expect({ found, resolved }).to.deep.equal({ found: 1, resolved: 0 });
    expect(text).to.equal('at x (file:///var/task/index.mjs:9:1)');
  });
});
