/**
 * The image pipeline: bytes and a recipe in, derived images and the original's facts out. It knows
 * nothing of AWS; the image-variants handler reads the original and stores what this returns.
 *
 *   sniff the format from the bytes ─► read the header (sharp metadata: no pixels decoded)
 *     ─► reject bombs (width × height > limit) ─► decode ONCE: auto-orient, sRGB, 8-bit, shrunk to
 *     the largest size any variant needs (shrink-on-load for JPEG and WebP) ─► raw intermediate
 *     ─► every variant resized and encoded from that intermediate, in parallel.
 *
 * HEIC pixels come from a wasm decoder (heic.ts); every other format is decoded by sharp/libvips.
 * Outputs are built from raw pixels, so no EXIF, XMP, IPTC, ICC or GPS of the original can reach
 * them; colours are converted to sRGB (untagged sRGB is what browsers assume).
 */
import sharp, { type FormatEnum, type JpegOptions, type Metadata, type Sharp, type SharpOptions } from 'sharp';

import { type CaptureLocation, readCameraMetadata, readCaptureLocation } from './camera-metadata.js';
import { decodeHeic } from './heic.js';
import { corruptImage, IMAGE_REJECTION_CODES, type ImageRejectionCode, tooManyPixels, unsupportedEncoding } from './rejections.js';
import { type SniffedFormat, sniffFormat } from './sniff.js';

export { IMAGE_REJECTION_CODES, type ImageRejectionCode };

export type VariantFormat = 'jpeg' | 'webp';

/** One derived image. Boxes are in pixels; nothing is ever enlarged. */
export interface VariantSpec {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /**
   * `inside`: fit within width × height, keeping the aspect ratio.
   * `cover`: fill width × height exactly, cropping the overflow around the centre. An original
   * smaller than the box gives the largest box-shaped crop it holds (a 100×80 photo and a 320×320
   * box give an 80×80 thumb), never an enlargement.
   */
  readonly fit: 'inside' | 'cover';
  readonly format: VariantFormat;
  /** Encoder quality, 1-100. */
  readonly quality: number;
  /** WebP only: encoder effort 0 (fastest) to 6 (smallest); sharp's default is 4. */
  readonly effort?: number;
  /**
   * JPEG only, default `tables`. sharp's libjpeg is mozjpeg; this picks how much of it to use.
   * On the 24 MP benchmark's 2048 px rendition (bench/README.md):
   * - `plain`: libjpeg's standard quantisation tables, optimised Huffman coding: what ImageMagick
   *   writes, and the fastest;
   * - `tables`: mozjpeg's quantisation tables and overshoot deringing, at the same speed as plain
   *   and about a fifth smaller;
   * - `trellis`: tables plus trellis quantisation, another ~13% smaller for twice the encode time,
   *   which on its own costs the "4× faster than ImageMagick" target;
   * - `max`: mozjpeg's full preset (trellis and scan optimisation), 2% smaller again for ~90 ms more.
   */
  readonly jpegEffort?: JpegEffort;
}

export type JpegEffort = 'plain' | 'tables' | 'trellis' | 'max';

const MOZJPEG_TABLES: JpegOptions = { progressive: true, optimiseCoding: true, quantisationTable: 3, overshootDeringing: true };

const JPEG_EFFORT: Readonly<Record<JpegEffort, JpegOptions>> = {
  plain: { progressive: true, optimiseCoding: true },
  tables: MOZJPEG_TABLES,
  trellis: { ...MOZJPEG_TABLES, trellisQuantisation: true, optimiseScans: false },
  max: { progressive: true, mozjpeg: true },
};

/** The encoder of one recipe entry; the benchmark's independent pipelines use it too. */
export function encodeVariant(image: Sharp, spec: VariantSpec): Sharp {
  switch (spec.format) {
    case 'jpeg':
      return image.flatten({ background: '#ffffff' }).jpeg({ quality: spec.quality, ...JPEG_EFFORT[spec.jpegEffort ?? 'tables'] });
    case 'webp':
      return image.webp({ quality: spec.quality, ...(spec.effort !== undefined && { effort: spec.effort }) });
  }
}

export type VariantRecipe = readonly VariantSpec[];

export type VariantName = 'thumb' | 'mobile' | 'web' | 'web-webp';

/**
 * The renditions of every photo: album-grid thumbnail, phone-sized version, and the browser (and
 * labelling) version, a progressive JPEG with mozjpeg's quantisation tables. WebP effort 2 instead of sharp's default 4: on
 * the benchmark's 1080 px rendition about 4% larger for half the encode time.
 */
export const VARIANT_RECIPE: readonly (VariantSpec & { readonly name: VariantName })[] = [
  { name: 'thumb', width: 320, height: 320, fit: 'cover', format: 'webp', quality: 80, effort: 2 },
  { name: 'mobile', width: 1080, height: 1080, fit: 'inside', format: 'webp', quality: 80, effort: 2 },
  { name: 'web', width: 2048, height: 2048, fit: 'inside', format: 'jpeg', quality: 82, jpegEffort: 'tables' },
  // `web` again for browsers that take WebP (all current ones): about a third fewer bytes for less
  // encode time than the JPEG (npm run -s bench:formats). The JPEG stays for Rekognition and old clients.
  { name: 'web-webp', width: 2048, height: 2048, fit: 'inside', format: 'webp', quality: 80, effort: 2 },
];

export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;

export interface RenderOptions {
  /** Originals with more pixels than this are refused from their header (default 100 megapixels). */
  readonly maxInputPixels?: number;
  /** What to produce (default VARIANT_RECIPE). */
  readonly recipe?: VariantRecipe;
}

/** Formats accepted as originals, as reported in `OriginalInfo.format`. */
export type SourceFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'avif' | 'heic' | 'heif';

export interface OriginalInfo {
  readonly format: SourceFormat;
  /** Upright dimensions: after the EXIF orientation (or the HEIF transformations) is applied. */
  readonly width: number;
  readonly height: number;
  /** See CameraMetadata.capturedAt: local wall-clock time, with an offset only if EXIF has one. */
  readonly capturedAt?: string;
  readonly cameraMake?: string;
  readonly cameraModel?: string;
}

export interface RenderedVariant {
  readonly name: string;
  readonly format: VariantFormat;
  readonly contentType: string;
  readonly width: number;
  readonly height: number;
  /** data.length, for the media item. */
  readonly bytes: number;
  readonly data: Buffer;
}

export interface RenderResult {
  readonly original: OriginalInfo;
  /** Where it was taken, kept apart from `original` because it is private (camera-metadata.ts). */
  readonly location?: CaptureLocation;
  /** In recipe order. */
  readonly variants: RenderedVariant[];
}

export interface SharpSettings {
  /**
   * libvips worker threads per image; 0 restores libvips' default. On glibc Linux without jemalloc
   * (Lambda included) that default is 1 thread; see bench/images.ts for what more buys.
   */
  readonly concurrency?: number;
  /** libvips' operation cache. Off unless asked for: a pipeline that sees each image once only pays its memory. */
  readonly cache?: boolean;
}

/** Sets sharp's process-wide knobs; call once at cold start. Returns the settings now in force. */
export function configureSharp(settings: SharpSettings = {}): { readonly concurrency: number; readonly cache: boolean } {
  if (settings.concurrency !== undefined) {
    if (!Number.isInteger(settings.concurrency) || settings.concurrency < 0) throw new RangeError(`sharp concurrency must be a whole number ≥ 0, got ${settings.concurrency}`);
    sharp.concurrency(settings.concurrency);
  }
  const cache = settings.cache ?? false;
  sharp.cache(cache);
  return { concurrency: sharp.concurrency(), cache };
}

const CONTENT_TYPES: Readonly<Record<VariantFormat, string>> = { jpeg: 'image/jpeg', webp: 'image/webp' };

const LABELS: Readonly<Record<SourceFormat, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  gif: 'GIF',
  tiff: 'TIFF',
  avif: 'AVIF',
  heic: 'HEIC',
  heif: 'HEIF',
};

/**
 * Decodes an original once and derives every variant of the recipe from that decode. Rejections
 * are PermanentErrors with a code from IMAGE_REJECTION_CODES (`unsupported_format`,
 * `corrupt_image`, `too_many_pixels`) and a reason fit to show the uploader; any other error is
 * unexpected (a bug, or the machine running out of memory) and worth a retry.
 */
export async function renderVariants(input: Buffer, options: RenderOptions = {}): Promise<RenderResult> {
  const maxPixels = options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  const recipe = options.recipe ?? VARIANT_RECIPE;
  if (!(Number.isFinite(maxPixels) && maxPixels > 0)) throw new RangeError(`maxInputPixels must be positive, got ${maxPixels}`);
  if (recipe.length === 0) throw new RangeError('the recipe names no variant');

  const sniffed = sniffFormat(input);
  const header = await readHeader(input, sniffed);
  const format = sourceFormat(sniffed, header);
  const stored = { width: header.width ?? 0, height: header.height ?? 0 };
  if (!(stored.width > 0 && stored.height > 0)) throw corruptImage(`The ${LABELS[format]} file is damaged: its header gives no image size.`);
  // The bomb check, from the header alone: nothing the size of the image has been allocated yet.
  if (stored.width * stored.height > maxPixels) throw tooManyPixels(stored.width, stored.height, maxPixels);

  const { intermediate, upright } = await decodeOnce(input, format, header, recipe, maxPixels);
  const variants = await Promise.all(recipe.map((spec) => renderVariant(intermediate, spec, upright)));

  const location = readCaptureLocation(header.exif);
  return {
    original: { format, width: upright.width, height: upright.height, ...readCameraMetadata(header.exif) },
    ...(location ? { location } : {}),
    variants,
  };
}

/** What sharp/libvips is told for every original it decodes. */
const decodeOptions = (maxPixels: number): SharpOptions => ({
  // Fail on corrupt or truncated data, not on mere warnings: cameras write harmless oddities that
  // libjpeg warns about, but a file whose pixels cannot all be decoded is refused.
  failOn: 'error',
  limitInputPixels: maxPixels,
});

const SHARP_FORMATS: Readonly<Record<SniffedFormat, keyof FormatEnum>> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  tiff: 'tiff',
  heif: 'heif',
};

async function readHeader(input: Buffer, sniffed: SniffedFormat): Promise<Metadata> {
  let header: Metadata;
  try {
    // The header alone: no pixels are decoded, so sharp's own pixel limit can wait for the decode
    // and the bomb check below can say how large the image claims to be.
    header = await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch (error) {
    throw corruptImage(`The ${sniffed === 'heif' ? 'HEIF' : LABELS[sniffed]} file is damaged: its header cannot be read.`, error);
  }
  if (header.format !== SHARP_FORMATS[sniffed]) {
    throw corruptImage(`The file starts like ${sniffed.toUpperCase()} but does not read as one.`);
  }
  return header;
}

function sourceFormat(sniffed: SniffedFormat, header: Metadata): SourceFormat {
  if (sniffed !== 'heif') return sniffed;
  if (header.compression === 'av1') return 'avif';
  if (header.compression === 'hevc') return 'heic';
  return 'heif';
}

interface Size {
  readonly width: number;
  readonly height: number;
}

interface Intermediate {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
}

/**
 * The one decode: upright, sRGB, 8 bits per channel, alpha kept, at the smallest size from which
 * every variant can still be made without enlarging (for ordinary photos: the `web` size).
 */
async function decodeOnce(
  input: Buffer,
  format: SourceFormat,
  header: Metadata,
  recipe: VariantRecipe,
  maxPixels: number,
): Promise<{ intermediate: Intermediate; upright: Size }> {
  let image: Sharp;
  let upright: Size;
  let decodingOriginal: boolean;
  if (format === 'heic' || format === 'heif') {
    // sharp reads HEIF headers but cannot decode HEVC: the wasm decoder returns upright pixels
    // (libheif applies the HEIF rotation and mirroring; EXIF orientation does not apply to HEIF).
    const decoded = await decodeHeic(input, { maxPixels, icc: header.icc });
    image =
      decoded.kind === 'raw'
        ? sharp(decoded.data, { raw: { width: decoded.width, height: decoded.height, channels: decoded.channels }, limitInputPixels: maxPixels })
        : sharp(decoded.data, { ...decodeOptions(maxPixels) });
    upright = { width: decoded.width, height: decoded.height };
    decodingOriginal = false;
  } else {
    // First frame only for animated GIF/WebP (sharp's default of one page).
    image = sharp(input, { ...decodeOptions(maxPixels), autoOrient: true });
    upright = header.autoOrient ?? { width: header.width ?? 0, height: header.height ?? 0 };
    decodingOriginal = true;
  }

  const scale = Math.max(...recipe.map((spec) => scaleNeeded(spec, upright)));
  if (scale < 1) {
    image = image.resize({
      width: Math.max(1, Math.round(upright.width * scale)),
      height: Math.max(1, Math.round(upright.height * scale)),
      fit: 'fill',
    });
  }
  const decode = () => image.clone().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  let decoded: Awaited<ReturnType<typeof decode>>;
  try {
    decoded = await decode();
  } catch (error) {
    if (!decodingOriginal) throw error;
    const classified = classifyDecodeFailure(error, format, header, maxPixels);
    if (classified !== error) throw classified;
    // An error that says nothing about the data: decode once more. The same failure on the same
    // bytes is the file's (libpng reports a bad IHDR checksum as "Unknown error"); anything else
    // is thrown on, to be retried.
    try {
      decoded = await decode();
    } catch (again) {
      if (String((again as Error).message) === String((error as Error).message)) throw corruptImage(`The ${LABELS[format]} file is damaged: its image data cannot be decoded.`, again);
      throw again;
    }
  }
  const { data, info } = decoded;
  if (info.channels !== 3 && info.channels !== 4) throw new Error(`expected an sRGB intermediate with 3 or 4 channels, got ${info.channels}`);
  return { intermediate: { data, width: info.width, height: info.height, channels: info.channels }, upright };
}

/** How far an upright image must be scaled for this variant (1 when it is already small enough). */
function scaleNeeded(spec: VariantSpec, upright: Size): number {
  if (spec.fit === 'inside') return Math.min(1, spec.width / upright.width, spec.height / upright.height);
  const box = coverBox(spec, upright);
  return Math.min(1, Math.max(box.width / upright.width, box.height / upright.height));
}

/** The cover box, shrunk (keeping its shape) until the original fills it without enlargement. */
function coverBox(spec: VariantSpec, upright: Size): Size {
  const k = Math.min(1, upright.width / spec.width, upright.height / spec.height);
  return { width: Math.max(1, Math.floor(spec.width * k)), height: Math.max(1, Math.floor(spec.height * k)) };
}

/**
 * What the decoders say about data they cannot decode (libjpeg, libpng, libwebp, libtiff, giflib,
 * libheif, zlib under PNG). A failure that says none of it is not evidence against the file.
 */
const DAMAGED_DATA = /corrupt|premature end|unexpected end|truncated|read error|crc|bad |bogus|invalid|incorrect|not a (?:known|valid)|unable to (?:parse|decode)|decode failed|broken|too short/i;

/**
 * Decoding an original failed: the file's fault (permanent, with a reason for the uploader) when
 * the decoder says so. Anything else, an unknown libvips error included, comes back unchanged:
 * decodeOnce tries again, and only the same failure twice blames the file.
 */
export function classifyDecodeFailure(error: unknown, format: SourceFormat, header: Pick<Metadata, 'width' | 'height'>, maxPixels: number): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (/out of memory|memory allocation|cannot allocate/i.test(message)) return error; // the machine's fault, not the file's
  if (/pixel limit/i.test(message)) return tooManyPixels(header.width ?? 0, header.height ?? 0, maxPixels);
  if (/unsupported|not supported|not implemented/i.test(message)) return unsupportedEncoding(LABELS[format]);
  if (!DAMAGED_DATA.test(message)) return error;
  // libjpeg's "premature end of JPEG image" is a cut-off file; "premature end of data segment" is damage inside it.
  const truncated = /premature end of jpeg|unexpected end of|truncated/i.test(message);
  return corruptImage(`The ${LABELS[format]} file is ${truncated ? 'truncated' : 'damaged'}: its image data cannot be decoded.`, error);
}

async function renderVariant(source: Intermediate, spec: VariantSpec, upright: Size): Promise<RenderedVariant> {
  let image = sharp(source.data, { raw: { width: source.width, height: source.height, channels: source.channels } });
  if (spec.fit === 'inside') {
    image = image.resize({ width: spec.width, height: spec.height, fit: 'inside', withoutEnlargement: true });
  } else {
    const box = coverBox(spec, upright);
    image = image.resize({ width: box.width, height: box.height, fit: 'cover', position: 'centre' });
  }
  const { data, info } = await encodeVariant(image, spec).toBuffer({ resolveWithObject: true });
  return { name: spec.name, format: spec.format, contentType: CONTENT_TYPES[spec.format], width: info.width, height: info.height, bytes: data.length, data };
}
