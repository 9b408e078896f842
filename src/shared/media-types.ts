/**
 * The content types the album accepts, shared by the API (which decides: 415, 413) and the browser
 * (which pre-checks a file before asking for an upload). Pure data and functions: the web bundle
 * imports this module, so it must not import the AWS SDK or Node built-ins.
 */
// Type-only, so erased from the bundle: registry.ts itself reads JSON files the browser has no use for.
import type { MediaClass } from './registry.js';

export type { MediaClass };

/**
 * The largest original of each class, by default: the API issues no upload above it (413) and the
 * processors reject anything larger before downloading it. Deployments set one value per class
 * (Terraform's image_max_bytes and video_max_bytes) that reaches both; 5 GiB is the largest single
 * POST S3 accepts.
 */
export const DEFAULT_MAX_BYTES: Readonly<Record<MediaClass, number>> = { image: 50 * 1024 * 1024, video: 5 * 1024 ** 3 };

/** Content type → media class and the extension of our key. The user's file name never reaches a key. */
const ACCEPTED = {
  'image/jpeg': { mediaClass: 'image', extension: 'jpg' },
  'image/png': { mediaClass: 'image', extension: 'png' },
  'image/webp': { mediaClass: 'image', extension: 'webp' },
  'image/gif': { mediaClass: 'image', extension: 'gif' },
  'image/tiff': { mediaClass: 'image', extension: 'tiff' },
  'image/avif': { mediaClass: 'image', extension: 'avif' },
  'image/heic': { mediaClass: 'image', extension: 'heic' },
  'image/heif': { mediaClass: 'image', extension: 'heif' },
  'video/mp4': { mediaClass: 'video', extension: 'mp4' },
  'video/quicktime': { mediaClass: 'video', extension: 'mov' },
  'video/webm': { mediaClass: 'video', extension: 'webm' },
  'video/x-matroska': { mediaClass: 'video', extension: 'mkv' },
} as const satisfies Record<string, { readonly mediaClass: MediaClass; readonly extension: string }>;

/** A content type the album accepts; the OpenAPI document states the same list as an enum. */
export type AcceptedContentType = keyof typeof ACCEPTED;

/** Looked up by any string a client sends; `ACCEPTED` keeps the keys' literal types. */
export const ALLOWED_TYPES: Readonly<Record<string, { readonly mediaClass: MediaClass; readonly extension: string }>> = ACCEPTED;

const isAccepted = (contentType: string): contentType is AcceptedContentType => Object.hasOwn(ACCEPTED, contentType);

/** File extension (lower case) → the content type we accept it as. */
const TYPE_BY_EXTENSION: Readonly<Record<string, AcceptedContentType>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  avif: 'image/avif',
  heic: 'image/heic',
  heif: 'image/heif',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
};

const normalise = (contentType: string): string => contentType.trim().toLowerCase();

/** The media class of an accepted content type, or undefined for one the API would refuse (415). */
export function mediaClassOf(contentType: string): MediaClass | undefined {
  return ALLOWED_TYPES[normalise(contentType)]?.mediaClass;
}

/**
 * The content type to declare for a file: the browser's `File.type` when it is one we accept, else
 * the extension's. Browsers on Linux and Windows often give an empty type for .heic, .heif, .mkv
 * and .mov, which the extension recovers. Undefined when neither names an accepted type.
 */
export function contentTypeForFile(name: string, browserType: string): AcceptedContentType | undefined {
  const declared = normalise(browserType);
  if (isAccepted(declared)) return declared;
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : TYPE_BY_EXTENSION[name.slice(dot + 1).trim().toLowerCase()];
}
