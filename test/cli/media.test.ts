import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';
import sharp from 'sharp';

import { projectRoot } from '../../src/local/paths.js';
import { fixture } from '../support/fixtures.js';

/** Runs the documented command exactly as a user would. */
const media = (...args: string[]) => spawnSync('npm', ['run', '-s', 'media', '--', ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000 });

describe('npm run -s media -- variants <file> --out <dir>', function () {
  this.timeout(180_000);

  it('writes every variant of a HEIC and prints one JSON object; exit 0', async () => {
    const out = mkdtempSync(join(tmpdir(), 'media-cli-'));
    const run = media('variants', fixture('images/exif/heic_IMG_5195.HEIC'), '--out', out);
    expect(run.status, run.stderr).to.equal(0);
    const result = JSON.parse(run.stdout) as { status: string; variants: { name: string; file: string; width: number; height: number; format: string; bytes: number }[]; metadata: Record<string, unknown> };
    expect(result.status).to.equal('ready');
    expect(result.variants.map((v) => v.name)).to.deep.equal(['thumb', 'mobile', 'web', 'web-webp']);
    for (const variant of result.variants) {
      const written = readFileSync(variant.file);
      expect(written.length).to.equal(variant.bytes);
      const metadata = await sharp(written).metadata();
      expect({ width: metadata.width, height: metadata.height, format: metadata.format }).to.deep.equal({ width: variant.width, height: variant.height, format: variant.format });
    }
    expect(result.metadata).to.include({ format: 'heic', cameraMake: 'Apple' });
  });

  it('rejects a corrupt PNG with a reason; exit 3', () => {
    const run = media('variants', fixture('images/pngsuite/xcsn0g01.png'), '--out', mkdtempSync(join(tmpdir(), 'media-cli-')));
    expect(run.status).to.equal(3);
    const result = JSON.parse(run.stdout) as { status: string; reason: string; variants: unknown[] };
    expect(result.status).to.equal('rejected');
    expect(result.reason).to.have.length.above(10);
    expect(result.variants).to.deep.equal([]);
  });

  it('prints usage for a bad invocation or a missing file; exit 2', () => {
    expect(media('variants').status).to.equal(2);
    const missing = media('variants', '/nonexistent.jpg', '--out', tmpdir());
    expect(missing.status).to.equal(2);
    expect(missing.stderr).to.contain('cannot read /nonexistent.jpg');
  });

  it('refuses a pixel limit that is not a positive whole number; exit 2', () => {
    const photo = fixture('images/exif/orientation_landscape_1.jpg');
    for (const limit of ['Infinity', '1.5', '0', 'lots']) {
      const run = media('variants', photo, '--out', mkdtempSync(join(tmpdir(), 'media-cli-')), '--max-pixels', limit);
      expect(run.status, limit).to.equal(2);
      expect(run.stderr, limit).to.contain('--max-pixels');
    }
    expect(media('variants', photo, '--out', mkdtempSync(join(tmpdir(), 'media-cli-')), '--max-pixels', '100000000').status).to.equal(0);
  });
});
