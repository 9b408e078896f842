import { expect } from 'chai';

import { PermanentError } from '../../../src/shared/errors.js';
import { captureTime, checkLimits, DEFAULT_PROBE_LIMITS, displayRotation, looksLikeVideoContainer, parseProbe, probeFile, type FfprobeOutput, type VideoProbe } from '../../../src/worker/video-transcode/probe.js';
import { rejectionOf } from '../../support/fixtures.js';
import { type Clips, makeClips } from './clips.js';

const MP4 = 'mov,mp4,m4a,3gp,3g2,mj2';
const h264 = (extra: Record<string, unknown> = {}) => ({ codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '30000/1001', ...extra });
const aac = { codec_type: 'audio', codec_name: 'aac' };

/** The PermanentError a parse or check throws; fails the test on anything else. */
async function permanentError(run: () => unknown, what?: string): Promise<PermanentError> {
  const error = await rejectionOf(run);
  expect(error, what).to.be.instanceOf(PermanentError);
  return error as PermanentError;
}

describe('parseProbe', () => {
  it('reads duration, dimensions, codecs and audio presence', () => {
    const probe = parseProbe({ format: { format_name: MP4, duration: '12.480000' }, streams: [h264(), aac] });
    expect(probe).to.deep.include({ container: MP4, durationSeconds: 12.48, width: 1920, height: 1080, rotation: 0, videoCodec: 'h264', audioCodec: 'aac', hasAudio: true, frameRate: 29.97 });
  });

  it('swaps width and height for a quarter-turn display matrix', () => {
    const probe = parseProbe({ format: { format_name: MP4, duration: '3' }, streams: [h264({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] })] });
    expect(probe).to.deep.include({ storedWidth: 1920, storedHeight: 1080, width: 1080, height: 1920, rotation: 270, hasAudio: false });
  });

  it('falls back to the rotate tag (clockwise) when there is no display matrix', () => {
    const probe = parseProbe({ format: { format_name: MP4, duration: '3' }, streams: [h264({ tags: { rotate: '180' } })] });
    expect(probe).to.deep.include({ width: 1920, height: 1080, rotation: 180 });
  });

  it('applies a non-square sample aspect ratio to the display width', () => {
    const probe = parseProbe({ format: { format_name: 'mpegts', duration: '3' }, streams: [h264({ width: 720, height: 576, sample_aspect_ratio: '16:15' })] });
    expect(probe).to.deep.include({ width: 768, height: 576 });
  });

  it('rejects containers that are not video (an image, text read as tty)', async () => {
    expect((await permanentError(() => parseProbe({ format: { format_name: 'png_pipe', duration: '0.04' }, streams: [h264({ codec_name: 'png' })] }))).code).to.equal('not_a_video');
    expect((await permanentError(() => parseProbe({ format: { format_name: 'tty' }, streams: [h264({ codec_name: 'ansi' })] }))).code).to.equal('not_a_video');
  });

  it('rejects audio only, including cover art as an attached picture', async () => {
    const art = h264({ codec_name: 'mjpeg', disposition: { attached_pic: 1 } });
    const error = await permanentError(() => parseProbe({ format: { format_name: MP4, duration: '200' }, streams: [aac, art] }));
    expect(error.code).to.equal('no_video_stream');
    expect(error.message).to.match(/no video track/);
  });

  it('rejects a video track without a size or a file without a duration as corrupt', async () => {
    expect((await permanentError(() => parseProbe({ format: { format_name: MP4, duration: '3' }, streams: [h264({ width: 0 })] }))).code).to.equal('corrupt_video');
    expect((await permanentError(() => parseProbe({ format: { format_name: MP4 }, streams: [h264()] } as FfprobeOutput))).code).to.equal('corrupt_video');
  });
});

describe('captureTime', () => {
  it("prefers Apple's local creation date with its offset, then the container's UTC creation_time", () => {
    expect(captureTime({ 'com.apple.quicktime.creationdate': '2021-07-04T18:30:05-0700', creation_time: '2021-07-05T01:30:06.000000Z' })).to.deep.equal({ capturedAt: '2021-07-04T18:30:05-07:00' });
    expect(captureTime({ creation_time: '2021-07-05T01:30:06.000000Z' })).to.deep.equal({ capturedAt: '2021-07-05T01:30:06Z' });
  });

  it('takes the epoch, year 0 and malformed dates as no date at all', () => {
    expect(captureTime({ creation_time: '1970-01-01T00:00:00.000000Z' })).to.deep.equal({});
    expect(captureTime({ creation_time: '0000-00-00T00:00:00.000000Z' })).to.deep.equal({});
    expect(captureTime({ creation_time: 'yesterday' })).to.deep.equal({});
    expect(captureTime(undefined)).to.deep.equal({});
  });
});

describe('displayRotation', () => {
  it('normalises to a quarter turn in 0-270', () => {
    expect(displayRotation({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: -180 }] })).to.equal(180);
    expect(displayRotation({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: 90 }] })).to.equal(90);
    expect(displayRotation({ tags: { rotate: '90' } })).to.equal(270);
    expect(displayRotation({})).to.equal(0);
  });
});

describe('checkLimits', () => {
  const probe = (overrides: Partial<VideoProbe>): VideoProbe => ({ container: MP4, durationSeconds: 10, storedWidth: 1920, storedHeight: 1080, width: 1920, height: 1080, rotation: 0, videoCodec: 'h264', hasAudio: true, ...overrides });

  it('accepts 8K exactly, portrait or landscape, and exactly two hours', () => {
    expect(() => checkLimits(probe({ storedWidth: 7680, storedHeight: 4320 }))).not.to.throw();
    expect(() => checkLimits(probe({ storedWidth: 4320, storedHeight: 7680 }))).not.to.throw();
    expect(() => checkLimits(probe({ durationSeconds: 7200 }))).not.to.throw();
    expect(() => checkLimits(probe({ durationSeconds: 7200.4 }))).to.throw(/2:00:01 long/);
  });

  it('rejects longer than the limit with a readable reason', async () => {
    const error = await permanentError(() => checkLimits(probe({ durationSeconds: 7201 })));
    expect(error.code).to.equal('too_long');
    expect(error.message).to.equal('The video is 2:00:01 long; the limit is 2:00:00.');
    expect((await permanentError(() => checkLimits(probe({ durationSeconds: 90 }), { ...DEFAULT_PROBE_LIMITS, maxDurationSeconds: 60 }))).message).to.equal('The video is 0:01:30 long; the limit is 0:01:00.');
  });

  it('rejects larger than 8K', async () => {
    expect((await permanentError(() => checkLimits(probe({ storedWidth: 7682, storedHeight: 4320 })))).code).to.equal('too_large');
    expect((await permanentError(() => checkLimits(probe({ storedWidth: 5000, storedHeight: 5000 })))).message).to.match(/5000×5000.*8K/);
  });
});

describe('looksLikeVideoContainer', () => {
  it('knows ISO BMFF and Matroska by their magic numbers, and not text', () => {
    expect(looksLikeVideoContainer(Buffer.from('\0\0\0\x20ftypisom', 'latin1'))).to.equal(true);
    expect(looksLikeVideoContainer(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0]))).to.equal(true);
    expect(looksLikeVideoContainer(Buffer.from('this is not a video'))).to.equal(false);
  });
});

describe('probeFile', () => {
  let clips: Clips;
  before(() => (clips = makeClips()));
  after(() => clips.cleanup());

  it('probes a real clip with audio', async () => {
    expect(await probeFile(clips.landscapeWithAudio)).to.deep.include({ width: 640, height: 360, durationSeconds: 2, videoCodec: 'h264', hasAudio: true, audioCodec: 'aac' });
  });

  it('reads when a clip was recorded from its container, and nothing from a clip without a date', async () => {
    expect((await probeFile(clips.dated)).capturedAt).to.equal('2019-05-01T12:34:56Z');
    expect(await probeFile(clips.landscapeSilent)).not.to.have.property('capturedAt');
  });

  it('gives the display size of a clip with rotation metadata', async () => {
    expect(await probeFile(clips.rotated)).to.deep.include({ storedWidth: 640, storedHeight: 360, width: 360, height: 640, hasAudio: false });
  });

  it('rejects a text file named .mp4, a truncated MP4 and audio only, each with its reason', async () => {
    const codeOf = async (file: string) => (await permanentError(() => probeFile(file), file)).code;
    expect(await codeOf(clips.textFile)).to.equal('not_a_video');
    expect(await codeOf(clips.truncated)).to.equal('corrupt_video');
    expect(await codeOf(clips.audioOnly)).to.equal('no_video_stream');
  });
});
