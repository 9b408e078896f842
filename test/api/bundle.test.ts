/**
 * The API Lambda's bundle carries only what the API uses: no sharp, no libheif, no Rekognition
 * client (each would cost download and parse time on every cold start). Read from the zips
 * build.mjs writes: the source map lists every module esbuild put in, and the code shows what
 * it leaves external.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';

import { buildLambdas, readZip } from '../../bench/lambda-zip.js';

const FORBIDDEN = /node_modules\/(sharp|@img\/[^/]+|libheif-js|@aws-sdk\/client-rekognition)\//;

describe('API Lambda bundle', function () {
  this.timeout(180_000);
  let outdir: string | undefined;
  let modules: Record<string, string[]>;
  let code: Record<string, string>;

  // In the hook, not at load: a suite left out by --grep must not leave a folder behind.
  before(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'api-bundle-'));
    const manifest = await buildLambdas(outdir);
    modules = {};
    code = {};
    for (const name of ['api', 'image-variants', 'image-labels']) {
      const files = readZip(readFileSync(join(outdir, manifest[name]!.zip)));
      modules[name] = (JSON.parse(readFileSync(join(outdir, `sourcemaps/${name}.mjs.map`), 'utf8')) as { sources: string[] }).sources;
      code[name] = files.get('index.mjs')!.toString('utf8');
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
});
