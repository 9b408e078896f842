/** Test clips made with ffmpeg at test time, in a temporary directory: no media is committed. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Clips {
  readonly dir: string;
  /** 2 s, 640×360, 25 fps, with a 440 Hz AAC track. */
  readonly landscapeWithAudio: string;
  /** 2 s, 640×360, no audio. */
  readonly landscapeSilent: string;
  /** 2 s, stored 640×360 with a 90° display rotation: plays as 360×640. */
  readonly rotated: string;
  /** 1 s, 1920×1080, 30 fps, with audio: downscaled by every rendition. */
  readonly fullHd: string;
  /** Text with an .mp4 name. */
  readonly textFile: string;
  /** The first half of an MP4 whose moov atom is at the end. */
  readonly truncated: string;
  /** 2 s of AAC in an MP4: audio only. */
  readonly audioOnly: string;
  /** landscapeSilent with a creation_time of 2019-05-01T12:34:56Z, as a camera writes it. */
  readonly dated: string;
  cleanup(): void;
}

const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });

export function makeClips(): Clips {
  const dir = mkdtempSync(join(tmpdir(), 'video-clips-'));
  const at = (name: string) => join(dir, name);
  const video = ['-f', 'lavfi', '-i', 'testsrc=duration=2:size=640x360:rate=25'];
  const tone = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2'];
  const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
  ffmpeg([...video, ...tone, ...h264, '-c:a', 'aac', '-shortest', at('landscape-audio.mp4')]);
  ffmpeg([...video, ...h264, at('landscape-silent.mp4')]);
  ffmpeg(['-i', at('landscape-silent.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', at('rotated.mp4')]);
  ffmpeg([...tone, '-c:a', 'aac', at('audio-only.mp4')]);
  ffmpeg(['-i', at('landscape-silent.mp4'), '-c', 'copy', '-metadata', 'creation_time=2019-05-01T12:34:56Z', at('dated.mp4')]);
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=duration=1:size=1920x1080:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=1', ...h264, '-c:a', 'aac', '-shortest', at('full-hd.mp4')]);
  writeFileSync(at('text.mp4'), 'this is not a video, just some text\n'.repeat(50));
  const whole = readFileSync(at('landscape-audio.mp4'));
  writeFileSync(at('truncated.mp4'), whole.subarray(0, Math.floor(whole.length / 2)));
  return {
    dir,
    landscapeWithAudio: at('landscape-audio.mp4'),
    landscapeSilent: at('landscape-silent.mp4'),
    rotated: at('rotated.mp4'),
    fullHd: at('full-hd.mp4'),
    textFile: at('text.mp4'),
    truncated: at('truncated.mp4'),
    audioOnly: at('audio-only.mp4'),
    dated: at('dated.mp4'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface OutputProbe {
  readonly width: number;
  readonly height: number;
  readonly videoCodec: string;
  readonly profile: string;
  readonly pixFmt: string;
  readonly hasAudio: boolean;
  readonly audioCodec?: string;
  readonly durationSeconds: number;
  readonly rotation: number;
}

/** What a produced file really is, straight from ffprobe (not from our parser). */
export function ffprobeOutput(file: string): OutputProbe {
  const json = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { encoding: 'utf8' })) as {
    streams: { codec_type: string; codec_name: string; profile?: string; pix_fmt?: string; width?: number; height?: number; side_data_list?: { rotation?: number }[]; tags?: { rotate?: string } }[];
    format: { duration: string };
  };
  const v = json.streams.find((s) => s.codec_type === 'video')!;
  const a = json.streams.find((s) => s.codec_type === 'audio');
  return {
    width: v.width!,
    height: v.height!,
    videoCodec: v.codec_name,
    profile: v.profile ?? '',
    pixFmt: v.pix_fmt ?? '',
    hasAudio: a !== undefined,
    ...(a ? { audioCodec: a.codec_name } : {}),
    durationSeconds: Number(json.format.duration),
    rotation: v.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation ?? Number(v.tags?.rotate ?? 0),
  };
}

/** True when the moov atom comes before mdat (progressive playback, `+faststart`). */
export function moovBeforeMdat(file: string): boolean {
  const data = readFileSync(file);
  let offset = 0;
  while (offset + 8 <= data.length) {
    const size = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    if (type === 'moov') return true;
    if (type === 'mdat') return false;
    if (size < 8) return false;
    offset += size;
  }
  return false;
}
