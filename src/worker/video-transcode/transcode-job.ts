/**
 * One video original in, its renditions out: stream the original from S3 to scratch disk, probe,
 * encode poster and renditions with ffmpeg, make the album-grid thumb from the poster with the photo
 * pipeline, upload everything under derived/{mediaId}/ and record it on the media item. Idempotent:
 * the same event twice writes the same keys and the same attributes.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

import { PermanentError, TransientError } from '../../shared/errors.js';
import { newChecksum, SHA256_ATTRIBUTE, verifyChecksum } from '../../shared/checksums.js';
import { claimOriginal, getMedia, markProcessing, recordRejection } from '../../shared/media-store.js';
import { originalRequest, replacedOriginal } from '../../shared/originals.js';
import { recordRenditions, type RenditionStore } from '../../shared/rendition-store.js';
import type { S3ObjectRef } from '../../shared/s3-event.js';
import { IMMUTABLE_CACHE_CONTROL, RECIPE_VERSIONS, renditionKey, variantFileName, type StoredRendition } from '../../shared/renditions.js';
import { renderVariants, VARIANT_RECIPE } from '../../processors/image-variants/pipeline.js';
import { parseOriginalKey } from '../../shared/media-keys.js';
import type { WorkerProcessor } from './message-handler.js';
import { checkLimits, DEFAULT_PROBE_LIMITS, type ProbeLimits, probeFile, type VideoProbe } from './probe.js';
import { planTranscode, posterArgs, renditionArgs, type TranscodePlan } from './renditions.js';
import { AbortedError, runTool, ToolError } from './tools.js';

export const PROCESSOR_NAME = 'video-transcode';

export type TranscodeDeps = RenditionStore;

export interface TranscodeOptions {
  /** A fresh directory per job is made in here and removed afterwards. */
  readonly scratchDir: string;
  readonly limits?: ProbeLimits;
  /** Uploads larger than this are refused before download. */
  readonly maxInputBytes?: number;
  readonly ffmpegPath?: string;
  readonly ffprobePath?: string;
  /** Multipart part size for uploads (S3's minimum is 5 MiB). */
  readonly partSizeBytes?: number;
}

export type TranscodeOutcome = 'ready' | 'media-missing' | 'superseded';

const THUMB = VARIANT_RECIPE.find((v) => v.name === 'thumb')!;

/** Streams an object to a file, never the whole video in memory; its SHA-256, or undefined when it is gone. */
async function download(s3: S3Client, object: S3ObjectRef, file: string, maxBytes: number, signal: AbortSignal): Promise<string | undefined> {
  if (object.size > maxBytes) throw new PermanentError('too_large', `The file is ${object.size} bytes; the limit is ${maxBytes}.`);
  try {
    const response = await s3.send(new GetObjectCommand(originalRequest(object)), { abortSignal: signal });
    if ((response.ContentLength ?? 0) > maxBytes) throw new PermanentError('too_large', `The file is ${response.ContentLength} bytes; the limit is ${maxBytes}.`);
    const checksum = newChecksum();
    await pipeline(
      response.Body as Readable,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          checksum.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(file),
      { signal },
    );
    return checksum.digest('base64');
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw replacedOriginal(error);
  }
}

/**
 * ffmpeg exits 255 when a signal stopped it (Ctrl-C of `make dev` reaches it as SIGINT, a task
 * stop as SIGTERM): the video is not at fault.
 */
const FFMPEG_INTERRUPTED = 255;

/** ffmpeg failing on a file that probed fine: bad data is permanent, anything else (disk, memory, a signal) is worth a retry. */
export function classifyFfmpegFailure(error: unknown): Error {
  if (error instanceof ToolError && error.exitCode === FFMPEG_INTERRUPTED) {
    return new TransientError('ffmpeg_interrupted', `ffmpeg was stopped by a signal: ${error.message}`, { cause: error });
  }
  if (error instanceof ToolError && error.exitCode !== undefined && !/No space left|Cannot allocate memory|Resource temporarily unavailable/i.test(error.stderr)) {
    return new PermanentError('corrupt_video', 'The video is damaged and could not be decoded.', { cause: error });
  }
  if (error instanceof AbortedError) return error;
  return new TransientError('ffmpeg_failed', error instanceof Error ? error.message : String(error), { cause: error });
}

async function encode(input: string, dir: string, plan: TranscodePlan, options: RenderOptions, signal: AbortSignal): Promise<Record<string, string>> {
  const ffmpeg = options.ffmpegPath ?? 'ffmpeg';
  const files: Record<string, string> = { poster: join(dir, plan.poster.fileName) };
  for (const r of plan.renditions) files[r.name] = join(dir, r.fileName);
  try {
    await runTool(ffmpeg, posterArgs(input, files.poster!, plan), signal);
    // A seek past the last decodable frame (odd timestamps, a one-frame clip) writes nothing: take the first frame.
    if (!(await stat(files.poster!).catch(() => undefined))) await runTool(ffmpeg, posterArgs(input, files.poster!, { ...plan, poster: { ...plan.poster, atSeconds: 0 } }), signal);
    await runTool(ffmpeg, renditionArgs(input, files, plan), signal);
  } catch (error) {
    throw classifyFfmpegFailure(error);
  }
  return files;
}

async function upload(deps: TranscodeDeps, key: string, body: Readable, contentType: string, size: { width: number; height: number }, options: TranscodeOptions, signal: AbortSignal): Promise<void> {
  const upload = new Upload({
    client: deps.s3,
    params: {
      Bucket: deps.derivedBucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      CacheControl: IMMUTABLE_CACHE_CONTROL,
      Metadata: { width: String(size.width), height: String(size.height) },
    },
    partSize: options.partSizeBytes ?? 8 * 1024 * 1024,
    queueSize: 4,
    leavePartsOnError: false,
  });
  const onAbort = () => void upload.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await upload.done();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** What the media item records about the video itself. */
export const videoAttributes = (probe: VideoProbe) => ({
  durationSeconds: probe.durationSeconds,
  width: probe.width,
  height: probe.height,
  rotation: probe.rotation,
  container: probe.container,
  videoCodec: probe.videoCodec,
  hasAudio: probe.hasAudio,
  ...(probe.audioCodec ? { audioCodec: probe.audioCodec } : {}),
  ...(probe.frameRate ? { frameRate: probe.frameRate } : {}),
  ...(probe.capturedAt ? { capturedAt: probe.capturedAt } : {}),
});

export type RenderOptions = Pick<TranscodeOptions, 'limits' | 'ffmpegPath' | 'ffprobePath'>;

export interface RenderedOutput {
  readonly name: string;
  /** The output's file name, also its name under derived/{mediaId}/. */
  readonly fileName: string;
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly format: string;
  readonly contentType: string;
  readonly bytes: number;
}

export interface RenderedVideo {
  readonly probe: VideoProbe;
  /** poster, the renditions in recipe order, thumb. */
  readonly outputs: readonly RenderedOutput[];
}

/**
 * Everything a job does that needs no AWS: probe and accept, encode the poster and renditions,
 * make the thumb from the poster. Writes into `dir`; the worker and `media transcode` both run it.
 */
export async function renderVideo(input: string, dir: string, options: RenderOptions, signal: AbortSignal): Promise<RenderedVideo> {
  const probe = await probeFile(input, { ffprobePath: options.ffprobePath, signal });
  checkLimits(probe, options.limits ?? DEFAULT_PROBE_LIMITS);
  const plan = planTranscode(probe);
  const files = await encode(input, dir, plan, options, signal);

  const thumb = (await renderVariants(await readFile(files.poster!), { recipe: [THUMB] })).variants[0]!;
  const thumbFile = join(dir, variantFileName(thumb));
  await writeFile(thumbFile, thumb.data);

  const sized = [
    { name: 'poster', fileName: plan.poster.fileName, file: files.poster!, width: plan.poster.width, height: plan.poster.height, format: 'jpeg', contentType: 'image/jpeg' },
    ...plan.renditions.map((r) => ({ name: r.name, fileName: r.fileName, file: files[r.name]!, width: r.width, height: r.height, format: 'mp4', contentType: 'video/mp4' })),
    { name: 'thumb', fileName: variantFileName(thumb), file: thumbFile, width: thumb.width, height: thumb.height, format: thumb.format, contentType: thumb.contentType },
  ];
  const outputs = await Promise.all(sized.map(async (o) => ({ ...o, bytes: (await stat(o.file)).size })));
  return { probe, outputs };
}

export async function transcodeVideo(deps: TranscodeDeps, object: S3ObjectRef, mediaId: string, options: TranscodeOptions, signal: AbortSignal): Promise<TranscodeOutcome> {
  const startedAt = new Date();
  const claim = await claimOriginal(deps, mediaId, object);
  if (claim !== 'current') return claim;
  // A transcode takes minutes: the item says so for all of them, not `uploading`.
  await markProcessing(deps, mediaId);
  const dir = await mkdtemp(join(options.scratchDir, `${mediaId}-`));
  try {
    const input = join(dir, 'original');
    const sha256 = await download(deps.s3, object, input, options.maxInputBytes ?? Number.MAX_SAFE_INTEGER, signal);
    const media = sha256 === undefined ? undefined : await getMedia(deps, mediaId);
    if (!media || sha256 === undefined) return 'media-missing';
    verifyChecksum(media[SHA256_ATTRIBUTE], sha256);
    const { probe, outputs } = await renderVideo(input, dir, options, signal);

    const stored: Record<string, StoredRendition> = {};
    await Promise.all(
      outputs.map(async (o) => {
        const key = renditionKey(mediaId, RECIPE_VERSIONS[PROCESSOR_NAME]!, o.fileName);
        await upload(deps, key, createReadStream(o.file), o.contentType, o, options, signal);
        stored[o.name] = { key, width: o.width, height: o.height, format: o.format, bytes: o.bytes };
      }),
    );

    return await recordRenditions(deps, mediaId, PROCESSOR_NAME, stored, { video: videoAttributes(probe) }, { startedAt, recipeVersion: RECIPE_VERSIONS[PROCESSOR_NAME]!, capturedAt: probe.capturedAt });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The worker's processor: owns video originals in the originals bucket, records rejections on the item. */
export function videoTranscodeProcessor(deps: TranscodeDeps, originalsBucket: string, options: TranscodeOptions): WorkerProcessor<{ readonly mediaId: string }> {
  return {
    name: PROCESSOR_NAME,
    claim: (object) => {
      const original = object.bucket === originalsBucket ? parseOriginalKey(object.key) : undefined;
      return original?.mediaClass === 'video' ? { mediaId: original.mediaId } : undefined;
    },
    process: (object, { mediaId }, signal) => transcodeVideo(deps, object, mediaId, options, signal),
    reject: recordRejection(deps, PROCESSOR_NAME),
  };
}
