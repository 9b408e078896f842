/**
 * The few facts we keep from an original's EXIF: when it was taken and with which camera, and,
 * apart from those, where. The position is private: it is stored on the media item only as its own
 * `location` attribute, which the API returns only when the owner asks for one item's location
 * (src/api/routes.ts); the derived files carry no metadata at all (see pipeline.ts).
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

/** Where a photo was taken, in WGS-84 decimal degrees (EXIF GPS). */
export interface CaptureLocation {
  readonly latitude: number;
  readonly longitude: number;
  readonly altitudeMeters?: number;
}

const MAX_TEXT_LENGTH = 100;

function readTags(exif: Buffer | undefined): exifReader.Exif | undefined {
  if (!exif || exif.length === 0) return undefined;
  try {
    return exifReader(exif);
  } catch {
    return undefined; // Broken EXIF does not make the photo broken: keep the pixels, drop the metadata.
  }
}

/** Reads capture time and camera from sharp's `metadata().exif` buffer. Unreadable EXIF yields `{}`. */
export function readCameraMetadata(exif: Buffer | undefined): CameraMetadata {
  const tags = readTags(exif);
  if (!tags) return {};
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

/** Degrees, minutes and seconds as EXIF writes them (three rationals), signed by their N/S or E/W reference. */
function degrees(value: unknown, reference: unknown, negative: string, limit: number): number | undefined {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((part) => typeof part === 'number' && Number.isFinite(part) && part >= 0)) return undefined;
  const [d, m, s] = value as [number, number, number];
  const magnitude = d + m / 60 + s / 3600;
  if (magnitude > limit) return undefined;
  const signed = String(reference).trim().toUpperCase() === negative ? -magnitude : magnitude;
  return Math.round(signed * 1e7) / 1e7;
}

/** The position in the EXIF GPS block, or undefined when there is none or it is malformed. */
export function readCaptureLocation(exif: Buffer | undefined): CaptureLocation | undefined {
  const gps = readTags(exif)?.GPSInfo;
  if (!gps) return undefined;
  const latitude = degrees(gps.GPSLatitude, gps.GPSLatitudeRef, 'S', 90);
  const longitude = degrees(gps.GPSLongitude, gps.GPSLongitudeRef, 'W', 180);
  if (latitude === undefined || longitude === undefined) return undefined;
  // Some cameras write 0/0 when they had no fix: that is no position, not the Gulf of Guinea.
  if (latitude === 0 && longitude === 0) return undefined;
  const altitude = typeof gps.GPSAltitude === 'number' && Number.isFinite(gps.GPSAltitude) ? (gps.GPSAltitudeRef === 1 ? -gps.GPSAltitude : gps.GPSAltitude) : undefined;
  return { latitude, longitude, ...(altitude === undefined ? {} : { altitudeMeters: altitude }) };
}
