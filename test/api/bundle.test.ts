/**
 * The API Lambda's bundle carries only what the API uses: no sharp, no libheif, no Rekognition
 * client (each would cost download and parse time on every cold start). Read from the zips
 * build.mjs writes: the source maps list every module esbuild put in, and the code shows what
 * it leaves external. A second suite checks what a cold start loads before the first request.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';

import { expect } from 'chai';

import { buildLambdas, readZip } from '../../bench/lambda-zip.js';

const FORBIDDEN = /node_modules\/(sharp|@img\/[^/]+|libheif-js|@aws-sdk\/client-rekognition)\//;

describe('API Lambda bundle', function () {
  this.timeout(180_000);
  let outdir: string | undefined;
  let modules: Record<string, string[]>;
  let code: Record<string, string>;
  /** The API's sources that load before its first request: index.mjs and what it imports statically. */
  let loadedAtStart: string[];

  // In the hook, not at load: a suite left out by --grep must not leave a folder behind.
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'api-bundle-'));
    outdir = dir;
    const manifest = await buildLambdas(dir);
    modules = {};
    code = {};
    for (const name of ['api', 'image-variants', 'image-labels']) {
      // index.mjs and the chunks/ it loads on demand: what is in any of them is in the zip.
      const bundleFiles = [...readZip(readFileSync(join(dir, manifest[name]!.zip)))].filter(([file]) => file.endsWith('.mjs') && !file.startsWith('node_modules/'));
      modules[name] = bundleFiles.flatMap(([file]) => (JSON.parse(readFileSync(join(dir, manifest[name]!.sourceMaps, `${file}.map`), 'utf8')) as { sources: string[] }).sources);
      code[name] = bundleFiles.map(([, data]) => data.toString('utf8')).join('\n');
      if (name === 'api') {
        const files = new Map(bundleFiles);
        const loaded = new Set<string>();
        const load = (file: string) => {
          if (loaded.has(file)) return;
          loaded.add(file);
          const text = files.get(file)?.toString('utf8');
          if (text === undefined) throw new Error(`${file} imports a file the zip does not hold`);
          // Static imports only (`import{a}from"./x.mjs"`, `import"./x.mjs"`); `import("./x.mjs")` waits for its first use.
          for (const [, specifier] of text.matchAll(/(?:^|[;}\n])import\s*(?:[\w${},\s*]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) load(posix.join(posix.dirname(file), specifier!));
        };
        load('index.mjs');
        loadedAtStart = [...loaded].flatMap((file) => (JSON.parse(readFileSync(join(dir, manifest.api!.sourceMaps, `${file}.map`), 'utf8')) as { sources: string[] }).sources);
      }
    }
  });
  after(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('holds no sharp, no libheif and no Rekognition client, bundled or external', () => {
    expect(modules.api!.filter((source) => FORBIDDEN.test(source))).to.deep.equal([]);
    expect(code.api).to.not.match(/from\s*["']sharp["']|import\(\s*["']sharp["']\s*\)/);
    // The routes' own dependencies are in, so the check above reads a real module list.
    expect(modules.api!.some((s) => s.includes('node_modules/@aws-sdk/client-dynamodb/'))).to.equal(true);
    expect(modules.api!.some((s) => s.endsWith('src/api/handler.ts'))).to.equal(true);
  });

  it('would see them if they were there: the image Lambdas carry them', () => {
    expect(modules['image-variants']!.some((source) => /node_modules\/libheif-js\//.test(source))).to.equal(true);
    expect(code['image-variants']).to.match(/from\s*["']sharp["']/);
    expect(modules['image-labels']!.some((source) => /node_modules\/@aws-sdk\/client-rekognition\//.test(source))).to.equal(true);
  });

  it('loads the SSM and SQS clients and the SDK\'s SSO and STS credential clients only on first use, not at a cold start', () => {
    const onDemand = /node_modules\/@aws-sdk\/(client-ssm|client-sqs|nested-clients)\//;
    // They are in the zip, so the check below reads a real module list.
    expect(modules.api!.filter((source) => onDemand.test(source)).length).to.be.greaterThan(0);
    expect(loadedAtStart.some((s) => s.includes('node_modules/@aws-sdk/client-dynamodb/'))).to.equal(true);
    expect(loadedAtStart.filter((source) => onDemand.test(source))).to.deep.equal([]);
  });
});
