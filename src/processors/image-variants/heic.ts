/**
 * HEIC (HEVC-coded HEIF) decoding in WebAssembly. sharp's prebuilt libvips reads HEIF headers and
 * decodes AV1 (AVIF) but carries no HEVC decoder, so the pixels of an iPhone photo come from
 * libheif-js (libheif + libde265 compiled to wasm) and are handed to sharp as an uncompressed
 * image.
 *
 * - The decoder module (about 2 MB of JavaScript with the wasm inlined) is imported on the first
 *   HEIC only: other images, and cold starts, never pay for it. esbuild keeps a dynamic import of a
 *   bundled module lazy, so this holds in the Lambda bundle too.
 * - libheif applies the HEIF transformations (irot/imir/clap) while decoding, so the pixels come out
 *   upright; the EXIF Orientation inside a HEIC must then be ignored, and is.
 * - The wasm heap grows to hold the largest image decoded so far and never shrinks: budget about
 *   7 bytes per pixel of the largest HEIC on top of sharp's own use (a 12 MP photo: ~85 MB).
 */
import type { HeifImageHandle, LibHeif } from 'libheif-js/libheif-wasm/libheif-bundle.mjs';

import { corruptImage, tooManyPixels, unsupportedEncoding } from './rejections.js';
import { rgbTiffHeader } from './tiff.js';

/** Pixels ready for sharp: either raw RGB(A) or, when there is a colour profile, a TIFF that carries it. */
export type DecodedHeic =
  | { readonly kind: 'raw'; readonly data: Buffer; readonly width: number; readonly height: number; readonly channels: 3 | 4 }
  | { readonly kind: 'tiff'; readonly data: Buffer; readonly width: number; readonly height: number; readonly channels: 3 | 4 };

let libheif: Promise<LibHeif> | undefined;

function loadLibheif(): Promise<LibHeif> {
  libheif ??= import('libheif-js/libheif-wasm/libheif-bundle.mjs')
    .then(async ({ default: create }) => {
      const lib = create();
      await lib.ready;
      return lib;
    })
    .catch((error: unknown) => {
      libheif = undefined; // let the next image try again
      throw error;
    });
  return libheif;
}

/**
 * Decodes the primary image of a HEIC. `icc` is the profile sharp read from the header, if any.
 * Throws `corrupt_image` when libheif cannot parse or decode the file and `too_many_pixels` when
 * the image is larger than `maxPixels` (checked before the pixels are decoded).
 */
export async function decodeHeic(bytes: Buffer, options: { readonly maxPixels: number; readonly icc?: Buffer | undefined }): Promise<DecodedHeic> {
  const lib = await loadLibheif();
  const decoder = new lib.HeifDecoder();
  let images: HeifImageHandle[] = [];
  try {
    images = decoder.decode(bytes);
    const image = images.find((candidate) => candidate.is_primary()) ?? images[0];
    if (!image) throw corruptImage('The HEIC/HEIF file is damaged: no image in it could be read.');

    const width = image.get_width();
    const height = image.get_height();
    if (!(width > 0 && height > 0)) throw corruptImage('The HEIC/HEIF file is damaged: its image has no size.');
    if (width * height > options.maxPixels) throw tooManyPixels(width, height, options.maxPixels);

    const channels = image.has_alpha_channel() ? 4 : 3;
    const chroma = channels === 4 ? lib.heif_chroma.heif_chroma_interleaved_RGBA : lib.heif_chroma.heif_chroma_interleaved_RGB;
    const decoded = await lib.heif_js_decode_image2(image.handle, lib.heif_colorspace.heif_colorspace_RGB, chroma);
    if (!decoded || decoded.code || !decoded.channels) {
      throw corruptImage(`The HEIC/HEIF image could not be decoded${decoded?.message ? `: ${decoded.message}` : ''}.`);
    }
    try {
      const plane = decoded.channels.find((channel) => channel.id === lib.heif_channel.heif_channel_interleaved);
      if (!plane || plane.bits_per_pixel !== 8 || plane.width !== width || plane.height !== height) {
        // The same bytes always decode to the same plane (e.g. 10-bit HDR colour), so retrying
        // cannot help: refuse the file instead of sending it to the dead-letter queue.
        throw unsupportedEncoding('HEIC/HEIF');
      }
      const header = options.icc?.length ? rgbTiffHeader({ width, height, channels, icc: options.icc }) : undefined;
      const offset = header?.length ?? 0;
      const rowBytes = width * channels;
      const data = Buffer.allocUnsafe(offset + rowBytes * height);
      header?.copy(data, 0);
      if (plane.stride === rowBytes) {
        data.set(plane.data.subarray(0, rowBytes * height), offset);
      } else {
        for (let row = 0; row < height; row += 1) {
          data.set(plane.data.subarray(row * plane.stride, row * plane.stride + rowBytes), offset + row * rowBytes);
        }
      }
      return { kind: header ? 'tiff' : 'raw', data, width, height, channels };
    } finally {
      lib.heif_image_release(decoded.image);
    }
  } finally {
    for (const image of images) image.free();
    if (decoder.decoder) lib.heif_context_free(decoder.decoder);
  }
}
