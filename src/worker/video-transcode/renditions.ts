/**
 * The video recipe and the ffmpeg command lines that produce it. Pure functions: sizes are
 * computed here (not left to ffmpeg's scale expressions) so they are known before encoding, tested
 * directly, and recorded on the media item.
 */
import type { VideoProbe } from './probe.js';

export interface RenditionSpec {
  readonly name: 'web' | 'mobile';
  /** The box, for the long and the short side: a portrait video gets the box turned with it. */
  readonly longSide: number;
  readonly shortSide: number;
  readonly crf: number;
  /** Caps the bitrate of easy-to-compress-badly content (noise, confetti). */
  readonly maxRateKbps: number;
  readonly audioKbps: number;
  readonly preset: string;
}

export const RENDITIONS: readonly RenditionSpec[] = [
  { name: 'web', longSide: 1280, shortSide: 720, crf: 23, maxRateKbps: 4500, audioKbps: 128, preset: 'medium' },
  { name: 'mobile', longSide: 854, shortSide: 480, crf: 26, maxRateKbps: 1200, audioKbps: 96, preset: 'medium' },
];

/** The poster has the web rendition's size: it is what a player shows before playback. */
export const POSTER_BOX = { longSide: 1280, shortSide: 720 } as const;
/** Where the poster frame comes from, as a fraction of the duration. */
export const POSTER_POSITION = 0.1;

export interface Size {
  readonly width: number;
  readonly height: number;
}

const evenFloor = (value: number): number => Math.max(2, Math.floor(value / 2) * 2);

/**
 * Fits display dimensions in a box (turned to match the orientation), never enlarging, with both
 * sides even (H.264 in yuv420p needs that). Rounds to the nearest even size within the box and the
 * source.
 */
export function fitEven(source: Size, box: { readonly longSide: number; readonly shortSide: number }): Size {
  const landscape = source.width >= source.height;
  const [maxWidth, maxHeight] = landscape ? [box.longSide, box.shortSide] : [box.shortSide, box.longSide];
  const scale = Math.min(1, maxWidth / source.width, maxHeight / source.height);
  const fit = (side: number, limit: number) => Math.min(evenFloor(limit), evenFloor(side), Math.max(2, Math.round((side * scale) / 2) * 2));
  return { width: fit(source.width, Math.min(maxWidth, source.width)), height: fit(source.height, Math.min(maxHeight, source.height)) };
}

export interface PlannedRendition extends RenditionSpec, Size {
  readonly fileName: string;
}

export interface TranscodePlan {
  readonly poster: Size & { readonly fileName: string; readonly atSeconds: number };
  readonly renditions: readonly PlannedRendition[];
  readonly audio: boolean;
}

export function planTranscode(probe: VideoProbe, renditions: readonly RenditionSpec[] = RENDITIONS): TranscodePlan {
  const display = { width: probe.width, height: probe.height };
  return {
    poster: { ...fitEven(display, POSTER_BOX), fileName: 'poster.jpg', atSeconds: Math.round(probe.durationSeconds * POSTER_POSITION * 1000) / 1000 },
    renditions: renditions.map((spec) => ({ ...spec, ...fitEven(display, spec), fileName: `${spec.name}.mp4` })),
    audio: probe.hasAudio,
  };
}

const COMMON = ['-hide_banner', '-nostdin', '-y', '-v', 'error'];

/**
 * ffmpeg rotates decoded frames upright by default (autorotate) and drops the rotation from the
 * output, so the sizes below are display sizes and the outputs play upright everywhere.
 */
const scaleFilter = ({ width, height }: Size): string => `scale=${width}:${height}:flags=bicubic,setsar=1,format=yuv420p`;

/** One upright JPEG frame from about 10% in; seeking before `-i` is fast and frame-accurate when decoding. */
export function posterArgs(input: string, output: string, plan: TranscodePlan): string[] {
  return [...COMMON, '-ss', String(plan.poster.atSeconds), '-i', input, '-map', '0:v:0', '-frames:v', '1', '-vf', scaleFilter(plan.poster).replace(',format=yuv420p', ',format=yuvj420p'), '-q:v', '3', '-update', '1', output];
}

/**
 * Every rendition from one decode: the video is split once and each branch scaled to its size.
 * H.264 High profile, yuv420p, CRF with a capped bitrate, AAC stereo only when the source has
 * audio, metadata (GPS included) not copied, moov atom first (+faststart) for progressive playback.
 */
export function renditionArgs(input: string, outputs: Readonly<Record<string, string>>, plan: TranscodePlan): string[] {
  const labels = plan.renditions.map((_, i) => `v${i}`);
  const graph = [`[0:v:0]split=${plan.renditions.length}${labels.map((l) => `[s${l}]`).join('')}`, ...plan.renditions.map((r, i) => `[s${labels[i]}]${scaleFilter(r)}[${labels[i]}]`)].join(';');
  const args = [...COMMON, '-i', input, '-filter_complex', graph];
  plan.renditions.forEach((r, i) => {
    const output = outputs[r.name];
    if (!output) throw new RangeError(`no output file for rendition ${r.name}`);
    args.push('-map', `[${labels[i]}]`);
    if (plan.audio) args.push('-map', '0:a:0');
    args.push(
      '-c:v', 'libx264', '-profile:v', 'high', '-preset', r.preset, '-crf', String(r.crf),
      '-maxrate', `${r.maxRateKbps}k`, '-bufsize', `${r.maxRateKbps * 2}k`,
    );
    if (plan.audio) args.push('-c:a', 'aac', '-b:a', `${r.audioKbps}k`, '-ac', '2');
    args.push('-map_metadata', '-1', '-movflags', '+faststart', '-f', 'mp4', output);
  });
  return args;
}
