/**
 * What ffprobe says about an upload, and whether we accept it. Parsing and the acceptance rules are
 * plain functions over ffprobe's JSON so they can be tested without a video; `probeFile` is the only
 * part that runs ffprobe.
 */
import { open } from 'node:fs/promises';

import { PermanentError } from '../../shared/errors.js';
import { runTool, ToolError } from './tools.js';

export type VideoRejectionCode = 'not_a_video' | 'no_video_stream' | 'corrupt_video' | 'too_long' | 'too_large';

export interface VideoProbe {
  /** ffprobe's container name list, e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  readonly container: string;
  readonly durationSeconds: number;
  /** Stored (coded) dimensions of the first video stream, before rotation. */
  readonly storedWidth: number;
  readonly storedHeight: number;
  /** Display dimensions: sample aspect ratio and display rotation applied. */
  readonly width: number;
  readonly height: number;
  /** Display rotation in ffprobe's convention (the display matrix's angle, counter-clockwise): 0, 90, 180 or 270. */
  readonly rotation: 0 | 90 | 180 | 270;
  readonly videoCodec: string;
  readonly audioCodec?: string;
  readonly hasAudio: boolean;
  readonly frameRate?: number;
  /**
   * When it was recorded, as the file says: Apple's creationdate with its local offset when
   * present, else the container's creation_time (UTC). Absent when neither is believable.
   */
  readonly capturedAt?: string;
}

export interface ProbeLimits {
  /** Longest accepted video, seconds (default 2 hours). */
  readonly maxDurationSeconds: number;
  /** The 8K box: long side at most this many pixels... */
  readonly maxLongSide: number;
  /** ...and short side at most this many. */
  readonly maxShortSide: number;
}

export const DEFAULT_PROBE_LIMITS: ProbeLimits = { maxDurationSeconds: 7200, maxLongSide: 7680, maxShortSide: 4320 };

/** Containers we accept. Everything else ffprobe can open (images, text as `tty`, audio-only formats) is not a video upload. */
const VIDEO_CONTAINERS = new Set(['mov', 'mp4', 'matroska', 'webm', 'avi', 'mpegts', 'mpeg', 'flv', 'ogg', 'asf', '3gp']);

interface FfprobeStream {
  readonly codec_type?: string;
  readonly codec_name?: string;
  readonly width?: number;
  readonly height?: number;
  readonly sample_aspect_ratio?: string;
  readonly avg_frame_rate?: string;
  readonly duration?: string;
  readonly disposition?: { readonly attached_pic?: number };
  readonly tags?: { readonly rotate?: string };
  readonly side_data_list?: readonly { readonly side_data_type?: string; readonly rotation?: number }[];
}

export interface FfprobeOutput {
  readonly streams?: readonly FfprobeStream[];
  readonly format?: { readonly format_name?: string; readonly duration?: string; readonly tags?: Readonly<Record<string, string>> };
}

const reject = (code: VideoRejectionCode, reason: string): PermanentError => new PermanentError(code, reason);

const ratio = (value: string | undefined): number | undefined => {
  const match = /^(\d+)[:/](\d+)$/.exec(value ?? '');
  if (!match) return undefined;
  const [num, den] = [Number(match[1]), Number(match[2])];
  return num > 0 && den > 0 ? num / den : undefined;
};

/**
 * The display rotation, normalised to 0-359 in ffprobe's display-matrix convention
 * (counter-clockwise). ffprobe reports the matrix in side data; older tools only give a `rotate`
 * tag, which counts clockwise. ffmpeg applies the rotation itself when decoding (autorotate): what
 * matters here is whether width and height swap for display.
 */
export function displayRotation(stream: FfprobeStream): 0 | 90 | 180 | 270 {
  const matrix = stream.side_data_list?.find((d) => d.side_data_type === 'Display Matrix' && typeof d.rotation === 'number');
  const degrees = matrix ? (matrix.rotation as number) : -Number(stream.tags?.rotate ?? 0);
  if (!Number.isFinite(degrees)) return 0;
  const quarter = Math.round((((degrees % 360) + 360) % 360) / 90) % 4;
  return ([0, 90, 180, 270] as const)[quarter]!;
}

/** Turns ffprobe's JSON into a VideoProbe, or a permanent rejection saying why it is not a usable video. */
export function parseProbe(output: FfprobeOutput): VideoProbe {
  const container = output.format?.format_name ?? '';
  if (!container.split(',').some((name) => VIDEO_CONTAINERS.has(name))) {
    throw reject('not_a_video', `The file is not a video${container ? ` (it reads as ${container})` : ''}.`);
  }
  const streams = output.streams ?? [];
  // Cover art inside an audio file is a video stream with the attached_pic disposition: not a video.
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!video) throw reject('no_video_stream', 'The file has no video track (it may be audio only).');
  const audio = streams.find((s) => s.codec_type === 'audio');
  const storedWidth = video.width ?? 0;
  const storedHeight = video.height ?? 0;
  if (!(storedWidth > 0 && storedHeight > 0)) throw reject('corrupt_video', 'The video is damaged: its video track has no frame size.');
  const durationSeconds = Number(output.format?.duration ?? video.duration ?? NaN);
  if (!(Number.isFinite(durationSeconds) && durationSeconds > 0)) throw reject('corrupt_video', 'The video is damaged: it has no duration.');

  const rotation = displayRotation(video);
  const sar = ratio(video.sample_aspect_ratio) ?? 1;
  const squareWidth = Math.round(storedWidth * sar);
  const [width, height] = rotation === 90 || rotation === 270 ? [storedHeight, squareWidth] : [squareWidth, storedHeight];
  const frameRate = ratio(video.avg_frame_rate);
  return {
    container,
    durationSeconds,
    storedWidth,
    storedHeight,
    width,
    height,
    rotation,
    videoCodec: video.codec_name ?? 'unknown',
    hasAudio: audio !== undefined,
    ...(audio?.codec_name ? { audioCodec: audio.codec_name } : {}),
    ...(frameRate ? { frameRate: Math.round(frameRate * 1000) / 1000 } : {}),
    ...captureTime(output.format?.tags),
  };
}

/**
 * The recording time from the container's tags. Encoders that know no better write the epoch or
 * year 0, and some write the encoding date: anything before 1971 is taken as no date at all.
 */
export function captureTime(tags: Readonly<Record<string, string>> | undefined): { capturedAt?: string } {
  if (!tags) return {};
  const lower = Object.fromEntries(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), String(v).trim()]));
  // "2019-05-01T12:34:56-0700": ISO 8601 but for the colon in the offset.
  const apple = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?([+-]\d{2}):?(\d{2})$/.exec(lower['com.apple.quicktime.creationdate'] ?? '');
  const candidates = [
    ...(apple ? [`${apple[1]}${apple[2]}:${apple[3]}`] : []),
    ...(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/.test(lower.creation_time ?? '') ? [lower.creation_time!.replace(/\.\d+Z$/, 'Z')] : []),
  ];
  const believable = candidates.find((value) => {
    const time = Date.parse(value);
    return Number.isFinite(time) && time >= Date.UTC(1971, 0, 1);
  });
  return believable ? { capturedAt: believable } : {};
}

/** H:MM:SS, whole seconds rounded up so a clip just over the limit never reads as equal to it. */
export const formatDuration = (seconds: number): string => {
  const total = Math.ceil(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(total / 3600)}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
};

/** The acceptance rules that depend on limits: length and frame size. */
export function checkLimits(probe: VideoProbe, limits: ProbeLimits = DEFAULT_PROBE_LIMITS): void {
  if (probe.durationSeconds > limits.maxDurationSeconds) {
    throw reject('too_long', `The video is ${formatDuration(probe.durationSeconds)} long; the limit is ${formatDuration(limits.maxDurationSeconds)}.`);
  }
  const long = Math.max(probe.storedWidth, probe.storedHeight);
  const short = Math.min(probe.storedWidth, probe.storedHeight);
  if (long > limits.maxLongSide || short > limits.maxShortSide) {
    throw reject('too_large', `The video is ${probe.storedWidth}×${probe.storedHeight}; the largest accepted is ${limits.maxLongSide}×${limits.maxShortSide} (8K).`);
  }
}

/** Magic numbers of containers ffprobe should open: a file that has one but does not probe is damaged rather than foreign. */
export function looksLikeVideoContainer(head: Uint8Array): boolean {
  const ascii = (from: number, to: number) => Buffer.from(head.subarray(from, to)).toString('latin1');
  return (
    ['ftyp', 'moov', 'mdat', 'wide', 'free'].includes(ascii(4, 8)) || // ISO BMFF (MP4, MOV, 3GP)
    (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) || // Matroska / WebM
    (ascii(0, 4) === 'RIFF' && ascii(8, 11) === 'AVI') ||
    head[0] === 0x47 // MPEG-TS sync byte
  );
}

export interface ProbeOptions {
  readonly ffprobePath?: string;
  readonly signal?: AbortSignal;
}

/** Runs ffprobe on a local file. A file ffprobe cannot read is a permanent rejection: corrupt if it looks like a video container, else not a video. */
export async function probeFile(file: string, options: ProbeOptions = {}): Promise<VideoProbe> {
  let stdout: string;
  try {
    ({ stdout } = await runTool(options.ffprobePath ?? 'ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], options.signal));
  } catch (error) {
    if (!(error instanceof ToolError) || error.exitCode === undefined) throw error;
    const handle = await open(file, 'r');
    const head = new Uint8Array(16);
    try {
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
    if (looksLikeVideoContainer(head)) throw reject('corrupt_video', 'The video is damaged or incomplete and cannot be read.');
    throw reject('not_a_video', 'The file is not a video.');
  }
  return parseProbe(JSON.parse(stdout) as FfprobeOutput);
}
