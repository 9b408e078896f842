/**
 * The load command end to end against the whole local system `make dev` runs (a stack of its own):
 * a few small photos (one corrupt, one a repeat) and a short video through real presigned POSTs,
 * every item settled, and a profile whose call counts come from moto's own count of what it served.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';

import type { LoadProfile } from '../../src/cli/load.js';
import { startDevStack, type DevStack } from '../support/dev-stack.js';

describe('load command through the whole local system', function () {
  this.timeout(900_000);
  let stack: DevStack;

  before(async () => {
    stack = await startDevStack();
  });
  after(async () => {
    await stack?.stop();
  });

  it('uploads, settles and prices every item: photos (one corrupt, one repeat) and a video, nothing lost', () => {
    const profileFile = join(mkdtempSync(join(tmpdir(), 'load-profile-')), 'profile.json');
    const args = ['--photos', '8', '--videos', '1', '--concurrency', '3', '--corrupt-share', '0.1', '--duplicate-share', '0.13', '--min-megapixels', '0.3', '--max-megapixels', '1.5', '--timeout', '300', '--profile', profileFile];
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/load-main.ts', ...args], { env: { ...process.env, LOCAL_STACK_FILE: stack.stackFile }, encoding: 'utf8' });
    expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);
    const lines = run.stdout.trim().split('\n');
    // 8 photos: 1 repeat, 1 HEIC, 1 corrupt; and the video.
    expect(lines.at(-1)).to.equal('7 ready, 1 failed, 0 lost');
    expect(run.stdout).to.match(/floor: the image pipeline alone, 3 at a time in one process: [\d.]+ s; pipeline \/ floor: [\d.]+x/);
    expect(run.stderr).to.match(/load: photos settled 7\/7/);

    const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as LoadProfile;
    const photo = profile.photo!;
    expect(photo).to.include({ uploaded: 7, ready: 6, failed: 1, lost: 0, duplicates: 1 });
    // Each photo that reached S3 was posted once by its browser and read once by image-variants.
    expect(photo.callsPerItem['s3:PostObject']).to.equal(1);
    expect(photo.callsPerItem['s3:GetObject']).to.be.at.least(1);
    expect(photo.callsPerItem['rekognition:DetectLabels']).to.be.above(0).and.at.most(1);
    expect(photo.callsPerItem['rekognition:DetectModerationLabels']).to.be.above(0).and.at.most(1);
    expect(photo.dynamoUnitsPerItem.writeUnits).to.be.above(0);
    expect(photo.bytesPerItem.original).to.be.above(10_000);
    expect(photo.bytesPerItem.renditions).to.be.above(1_000);
    expect(photo.duplicateSavings.uploads).to.equal(1);
    expect(photo.duplicateSavings.originalBytes).to.be.above(10_000);
    expect(photo.duplicateSavings.processorRuns).to.equal(3);
    expect(photo.latencySeconds.p50).to.be.a('number');

    const video = profile.video!;
    expect(video).to.include({ uploaded: 1, ready: 1, lost: 0 });
    expect(video.callsPerItem['rekognition:DetectModerationLabels']).to.equal(1);
    expect(video.bytesPerItem.renditions).to.be.above(10_000);
    expect(profile.floor!.seconds).to.be.above(0);
  });
});
