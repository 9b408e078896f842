/**
 * The ways an original can be refused for good. Each is a PermanentError with a stable `code` (for
 * the media item and for metrics) and a reason a person can read (shown to the uploader).
 */
import { PermanentError } from '../../shared/errors.js';

export const IMAGE_REJECTION_CODES = {
  unsupportedFormat: 'unsupported_format',
  corruptImage: 'corrupt_image',
  tooManyPixels: 'too_many_pixels',
} as const;

export type ImageRejectionCode = (typeof IMAGE_REJECTION_CODES)[keyof typeof IMAGE_REJECTION_CODES];

export const SUPPORTED_FORMATS_TEXT = 'JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIC/HEIF';

export function unsupportedFormat(what: string | undefined): PermanentError {
  const subject = what ? `The file is ${what}, not a supported image` : 'The file is not in a supported image format';
  return new PermanentError(IMAGE_REJECTION_CODES.unsupportedFormat, `${subject}: upload ${SUPPORTED_FORMATS_TEXT}.`);
}

/** A file of an accepted format in a flavour the decoder lacks (a JPEG with arithmetic coding, a TIFF with an exotic compression…). */
export function unsupportedEncoding(format: string): PermanentError {
  return new PermanentError(
    IMAGE_REJECTION_CODES.unsupportedFormat,
    `The ${format} file uses an encoding that cannot be decoded here: save it again as a standard ${SUPPORTED_FORMATS_TEXT} image.`,
  );
}

export function corruptImage(reason: string, cause?: unknown): PermanentError {
  return new PermanentError(IMAGE_REJECTION_CODES.corruptImage, reason, cause === undefined ? undefined : { cause });
}

export function tooManyPixels(width: number, height: number, maxPixels: number): PermanentError {
  const megapixels = (n: number) => `${Math.round(n / 1e5) / 10} megapixels`;
  return new PermanentError(
    IMAGE_REJECTION_CODES.tooManyPixels,
    `The image is ${width}×${height} pixels (${megapixels(width * height)}); the limit is ${megapixels(maxPixels)}.`,
  );
}
