import { expect } from 'chai';

import type { VideoProbe } from '../../../src/worker/video-transcode/probe.js';
import { fitEven, planTranscode, posterArgs, renditionArgs } from '../../../src/worker/video-transcode/renditions.js';

const probe = (overrides: Partial<VideoProbe> = {}): VideoProbe => ({ container: 'mov,mp4', durationSeconds: 20, storedWidth: 1920, storedHeight: 1080, width: 1920, height: 1080, rotation: 0, videoCodec: 'h264', hasAudio: true, ...overrides });
const WEB = { longSide: 1280, shortSide: 720 };
const MOBILE = { longSide: 854, shortSide: 480 };

describe('fitEven', () => {
  it('fits 1080p landscape into the web and mobile boxes', () => {
    expect(fitEven({ width: 1920, height: 1080 }, WEB)).to.deep.equal({ width: 1280, height: 720 });
    expect(fitEven({ width: 1920, height: 1080 }, MOBILE)).to.deep.equal({ width: 854, height: 480 });
  });

  it('turns the box for portrait video', () => {
    expect(fitEven({ width: 1080, height: 1920 }, WEB)).to.deep.equal({ width: 720, height: 1280 });
  });

  it('never upscales and makes odd sizes even', () => {
    expect(fitEven({ width: 640, height: 360 }, WEB)).to.deep.equal({ width: 640, height: 360 });
    expect(fitEven({ width: 641, height: 361 }, WEB)).to.deep.equal({ width: 640, height: 360 });
  });

  it('keeps every size even and inside the box for awkward aspect ratios', () => {
    for (const source of [{ width: 3840, height: 2160 }, { width: 1440, height: 1080 }, { width: 4096, height: 1716 }, { width: 1000, height: 999 }, { width: 7680, height: 4320 }, { width: 3, height: 3 }]) {
      for (const box of [WEB, MOBILE]) {
        const out = fitEven(source, box);
        expect(out.width % 2, JSON.stringify({ source, box })).to.equal(0);
        expect(out.height % 2).to.equal(0);
        expect(Math.max(out.width, out.height)).to.be.at.most(box.longSide);
        expect(Math.min(out.width, out.height)).to.be.at.most(box.shortSide);
        expect(Math.abs(out.width / out.height - source.width / source.height) / (source.width / source.height)).to.be.below(0.02);
      }
    }
  });
});

describe('planTranscode', () => {
  it('plans poster, web and mobile at display size, poster at 10%', () => {
    const plan = planTranscode(probe({ storedWidth: 1920, storedHeight: 1080, width: 1080, height: 1920, rotation: 90, durationSeconds: 33.3 }));
    expect(plan.poster).to.deep.equal({ width: 720, height: 1280, fileName: 'poster.jpg', atSeconds: 3.33 });
    expect(plan.renditions.map((r) => [r.name, r.width, r.height, r.fileName])).to.deep.equal([
      ['web', 720, 1280, 'web.mp4'],
      ['mobile', 480, 854, 'mobile.mp4'],
    ]);
    expect(plan.audio).to.equal(true);
  });
});

describe('renditionArgs', () => {
  const outputs = { web: '/s/web.mp4', mobile: '/s/mobile.mp4' };

  it('decodes once and encodes H.264 High yuv420p with AAC and faststart for each output', () => {
    const args = renditionArgs('/s/in', outputs, planTranscode(probe()));
    const joined = args.join(' ');
    expect(args.filter((a) => a === '-i')).to.have.length(1);
    expect(joined).to.contain('[0:v:0]split=2[sv0][sv1];[sv0]scale=1280:720:flags=bicubic,setsar=1,format=yuv420p[v0];[sv1]scale=854:480:flags=bicubic,setsar=1,format=yuv420p[v1]');
    expect(joined).to.contain('-map [v0] -map 0:a:0 -c:v libx264 -profile:v high -preset medium -crf 23 -maxrate 4500k -bufsize 9000k -c:a aac -b:a 128k -ac 2 -map_metadata -1 -movflags +faststart -f mp4 /s/web.mp4');
    expect(joined).to.contain('-crf 26 -maxrate 1200k -bufsize 2400k -c:a aac -b:a 96k');
    expect(args.at(-1)).to.equal('/s/mobile.mp4');
  });

  it('maps no audio when the source has none', () => {
    const args = renditionArgs('/s/in', outputs, planTranscode(probe({ hasAudio: false })));
    expect(args).not.to.include('0:a:0');
    expect(args).not.to.include('aac');
  });

  it('refuses a plan without an output file for a rendition', () => {
    expect(() => renditionArgs('/s/in', { web: '/s/web.mp4' }, planTranscode(probe()))).to.throw(/mobile/);
  });
});

describe('posterArgs', () => {
  it('seeks to the poster time and writes one full-range JPEG frame at poster size', () => {
    const args = posterArgs('/s/in', '/s/poster.jpg', planTranscode(probe({ durationSeconds: 20 })));
    expect(args.join(' ')).to.contain('-ss 2 -i /s/in -map 0:v:0 -frames:v 1 -vf scale=1280:720:flags=bicubic,setsar=1,format=yuvj420p -q:v 3 -update 1 /s/poster.jpg');
  });
});
