import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';
import { build } from 'esbuild';

import { type BundleMap, symbolicate } from '../../src/cli/stacktrace.js';

describe('stacktrace: a deployed Lambda\'s stack back to source lines, from the map that is not deployed', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'stacktrace-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('maps each position in a split, minified bundle to the file and line that threw, as Lambda logs it', async () => {
    writeFileSync(join(dir, 'album-rules.ts'), ['export function checkName(name: string): string {', '  if (name.length > 3) {', "    throw new Error('name too long');", '  }', '  return name;', '}', ''].join('\n'));
    writeFileSync(
      join(dir, 'handler.ts'),
      ["export const handler = async (name: string) => (await import('./album-rules.js')).checkName(name);", 'await handler(process.argv[2] ?? "");', ''].join('\n'),
    );
    // As build.mjs builds a Lambda: minified ESM split into index.mjs and chunks/, the maps beside them and not referenced.
    const out = join(dir, 'out');
    await build({
      entryPoints: { index: join(dir, 'handler.ts') },
      outdir: out,
      outExtension: { '.js': '.mjs' },
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      format: 'esm',
      platform: 'node',
      minify: true,
      sourcemap: 'external',
      sourcesContent: false,
      logLevel: 'error',
    });
    const run = spawnSync(process.execPath, [join(out, 'index.mjs'), 'a name far too long'], { encoding: 'utf8' });
    expect(run.status).to.not.equal(0);
    // The runtime's path, as it appears in CloudWatch.
    const logged = run.stderr.replaceAll(`file://${out}/`, 'file:///var/task/');
    expect(logged, 'the throw is in a chunk, the call in index.mjs').to.match(/chunks\/[\w-]+\.mjs:1:\d+/).and.to.match(/index\.mjs:1:\d+/);

    const maps = new Map<string, BundleMap>();
    for (const name of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
      if (name.endsWith('.mjs.map')) maps.set(name.slice(0, -'.map'.length), JSON.parse(readFileSync(join(out, name), 'utf8')) as BundleMap);
    }
    const { text, found, resolved } = symbolicate(logged, maps);
    expect(found).to.be.greaterThan(1);
    expect(resolved).to.equal(found);
    expect(text).to.match(/album-rules\.ts:3:\d+/);
    expect(text).to.match(/handler\.ts:\d+:\d+/);
    expect(text).to.not.match(/\.mjs:\d+:\d+/);
  });

  it('leaves a position no map covers as it was, and counts it unresolved', () => {
    const map = { version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' };
    const { text, found, resolved } = symbolicate('at x (file:///var/task/index.mjs:9:1)\nat y (file:///var/task/chunks/gone-ABC.mjs:1:1)', new Map([['index.mjs', map]]));
    expect({ found, resolved }).to.deep.equal({ found: 2, resolved: 0 });
    expect(text).to.equal('at x (file:///var/task/index.mjs:9:1)\nat y (file:///var/task/chunks/gone-ABC.mjs:1:1)');
  });
});
