import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';
import sharp from 'sharp';

import { projectRoot } from '../../src/local/paths.js';
import { type Clips, ffprobeOutput, makeClips, moovBeforeMdat } from '../worker/video-transcode/clips.js';

/** Runs the documented command exactly as a user would. */
const media = (...args: string[]) => spawnSync('npm', ['run', '-s', 'media', '--', ...args], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000 });

interface Result {
  status: string;
  reason?: string;
  code?: string;
  variants: { name: string; file: string; width: number; height: number; format: string; bytes: number }[];
  metadata: Record<string, unknown>;
}

describe('npm run -s media -- transcode <file> --out <dir>', function () {
  this.timeout(180_000);
  let clips: Clips;
  let work: string;
  before(() => {
    clips = makeClips();
    work = mkdtempSync(join(tmpdir(), 'media-transcode-'));
  });
  after(() => {
    clips?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });
  const outDir = () => mkdtempSync(join(work, 'out-'));

  it('writes poster, web, mobile and thumb of a portrait clip with rotation metadata, upright, and prints one JSON object; exit 0', async () => {
    const out = outDir();
    const run = media('transcode', clips.rotated, '--out', out);
    expect(run.status, run.stderr).to.equal(0);
    const result = JSON.parse(run.stdout) as Result;
    expect(result.status).to.equal('ready');
    expect(result.variants.map((v) => v.name)).to.deep.equal(['poster', 'web', 'mobile', 'thumb']);
    expect(readdirSync(out).sort()).to.deep.equal(['mobile.mp4', 'poster.jpg', 'thumb.webp', 'web.mp4']);
    expect(result.metadata).to.deep.include({ width: 360, height: 640, hasAudio: false, videoCodec: 'h264' });
    expect(result.metadata.rotation, 'a quarter turn').to.be.oneOf([90, 270]);
    const source = ffprobeOutput(clips.rotated).durationSeconds;

    for (const variant of result.variants) {
      expect(readFileSync(variant.file).length, variant.name).to.equal(variant.bytes);
      if (variant.format === 'mp4') {
        const probe = ffprobeOutput(variant.file);
        expect(probe, variant.name).to.deep.include({ width: variant.width, height: variant.height, videoCodec: 'h264', profile: 'High', pixFmt: 'yuv420p', hasAudio: false, rotation: 0 });
        expect([probe.width % 2, probe.height % 2], `${variant.name} even`).to.deep.equal([0, 0]);
        expect(probe.height, `${variant.name} portrait`).to.be.greaterThan(probe.width);
        expect(Math.abs(probe.durationSeconds - source), `${variant.name} duration`).to.be.at.most(0.1);
        expect(moovBeforeMdat(variant.file), `${variant.name} +faststart`).to.equal(true);
      } else {
        const image = await sharp(variant.file).metadata();
        expect({ format: image.format, width: image.width, height: image.height }, variant.name).to.deep.equal({ format: variant.format, width: variant.width, height: variant.height });
      }
    }
    expect(result.variants.find((v) => v.name === 'poster')).to.include({ width: 360, height: 640 });
    expect(result.variants.find((v) => v.name === 'thumb')).to.include({ width: 320, height: 320, format: 'webp' });
  });

  it('keeps the audio of a 1080p clip as AAC and downscales to 1280×720 and 854×480', () => {
    const run = media('transcode', clips.fullHd, '--out', outDir());
    expect(run.status, run.stderr).to.equal(0);
    const result = JSON.parse(run.stdout) as Result;
    expect(result.metadata).to.deep.include({ width: 1920, height: 1080, hasAudio: true, audioCodec: 'aac' });
    for (const [name, width, height] of [['web', 1280, 720], ['mobile', 854, 480]] as const) {
      const variant = result.variants.find((v) => v.name === name)!;
      expect(variant).to.include({ width, height, format: 'mp4' });
      expect(ffprobeOutput(variant.file), name).to.deep.include({ width, height, hasAudio: true, audioCodec: 'aac' });
    }
  });

  it('rejects a text file named .mp4, a truncated MP4, audio only and a clip over --max-duration with their codes; exit 3, nothing written', () => {
    const cases = [
      ['not_a_video', clips.textFile, []],
      ['corrupt_video', clips.truncated, []],
      ['no_video_stream', clips.audioOnly, []],
      ['too_long', clips.landscapeSilent, ['--max-duration', '1']],
    ] as const;
    for (const [code, file, extra] of cases) {
      const out = outDir();
      const run = media('transcode', file, '--out', out, ...extra);
      expect(run.status, `${code}: ${run.stderr}`).to.equal(3);
      const result = JSON.parse(run.stdout) as Result;
      expect(result, code).to.deep.include({ status: 'rejected', code, variants: [], metadata: {} });
      expect(result.reason, code).to.have.length.above(10);
      expect(readdirSync(out), code).to.deep.equal([]);
    }
  });

  it('prints usage for a bad invocation, the other command\'s option or an unreadable file; exit 2', () => {
    expect(media('transcode', clips.landscapeSilent).status).to.equal(2);
    expect(media('transcode', clips.landscapeSilent, '--out', outDir(), '--max-pixels', '100').status).to.equal(2);
    expect(media('transcode', clips.landscapeSilent, '--out', outDir(), '--max-duration', 'soon').status).to.equal(2);
    const missing = media('transcode', '/nonexistent.mp4', '--out', outDir());
    expect(missing.status).to.equal(2);
    expect(missing.stderr).to.contain('cannot read /nonexistent.mp4: ENOENT');
    const folder = media('transcode', clips.dir, '--out', outDir());
    expect(folder.status).to.equal(2);
    expect(folder.stderr).to.contain('not a file');
  });
});
