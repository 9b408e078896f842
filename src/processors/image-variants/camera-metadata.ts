/**
 * The few facts we keep from an original's EXIF: when it was taken and with which camera. The
 * position (GPS) is never read out, so it cannot reach the media item; the derived files carry no
 * metadata at all (see pipeline.ts).
 */
import exifReader from 'exif-reader';

export interface CameraMetadata {
  /**
   * EXIF DateTimeOriginal (or DateTimeDigitized) as ISO 8601. EXIF times are the camera's local
   * wall-clock time: with OffsetTimeOriginal the string ends in that offset
   * (`2021-04-11T15:47:53-05:00`), without it there is no zone at all (`2008-05-30T15:56:01`), and
   * it must not be read as UTC.
   */
  readonly capturedAt?: string;
  readonly cameraMake?: string;
  readonly cameraModel?: string;
}

const MAX_TEXT_LENGTH = 100;

/** Reads capture time and camera from sharp's `metadata().exif` buffer. Unreadable EXIF yields `{}`. */
export function readCameraMetadata(exif: Buffer | undefined): CameraMetadata {
  if (!exif || exif.length === 0) return {};
  let tags: exifReader.Exif;
  try {
    tags = exifReader(exif);
  } catch {
    return {}; // Broken EXIF does not make the photo broken: keep the pixels, drop the metadata.
  }
  const offset = text(tags.Photo?.OffsetTimeOriginal);
  const capturedAt = isoLocalTime(tags.Photo?.DateTimeOriginal, offset) ?? isoLocalTime(tags.Photo?.DateTimeDigitized, text(tags.Photo?.OffsetTimeDigitized));
  const cameraMake = text(tags.Image?.Make);
  const cameraModel = text(tags.Image?.Model);
  return {
    ...(capturedAt && { capturedAt }),
    ...(cameraMake && { cameraMake }),
    ...(cameraModel && { cameraModel }),
  };
}

/**
 * exif-reader turns "2008:05:30 15:56:01" into a Date at that wall-clock time in UTC; we read the
 * fields back as they were written and attach the EXIF offset only when there is one.
 */
function isoLocalTime(value: unknown, offset: string | undefined): string | undefined {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return undefined;
  const year = value.getUTCFullYear();
  // Placeholders such as "0000:00:00 00:00:00" come out of Date.UTC as 1899 or 1900 (years 0-99 map to 19xx).
  if (year <= 1900 || year > 9999) return undefined;
  const two = (n: number) => String(n).padStart(2, '0');
  const local = `${year}-${two(value.getUTCMonth() + 1)}-${two(value.getUTCDate())}T${two(value.getUTCHours())}:${two(value.getUTCMinutes())}:${two(value.getUTCSeconds())}`;
  return offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? `${local}${offset}` : local;
}

/** A printable, trimmed string of bounded length, or undefined. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
  return cleaned ? cleaned.slice(0, MAX_TEXT_LENGTH) : undefined;
}
