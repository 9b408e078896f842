/**
 * What the Rekognition processors share: they read a derived JPEG that image-variants or the video
 * worker wrote (never the original, which may be HEIC, TIFF or 16-bit PNG, all formats Rekognition
 * refuses), skip images too small for it, and sort its errors into permanent and transient.
 */
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { HeadObjectCommand, NotFound, S3Client } from '@aws-sdk/client-s3';

import { documentClient } from '../shared/document-client.js';
import { PermanentError, TransientError } from '../shared/errors.js';
import { parseDerivedKey } from '../shared/media-keys.js';
import { consumedFileName } from '../shared/registry.js';
import type { S3ObjectRef } from '../shared/s3-event.js';

/** Rekognition rejects images under 80 pixels on either side. */
export const REKOGNITION_MIN_SIDE = 80;

const PERMANENT_REKOGNITION_ERRORS = new Set(['InvalidImageFormatException', 'ImageTooLargeException', 'InvalidParameterException']);

/**
 * Rekognition's word for "I could not read that object". The processors have just seen the
 * rendition with HeadObject, so the object exists: what is missing is access (the bucket policy,
 * the role, a KMS key). That is the deployment's fault, fixed by a deploy, so it is retried and
 * ends in the DLQ with its alarm rather than dropping this image's result for good.
 */
const REKOGNITION_ACCESS_ERROR = 'InvalidS3ObjectException';

/** A failed Rekognition call as a permanent or transient error, its codes prefixed with `what`. */
export function rekognitionFailure(error: unknown, object: { bucket: string; key: string }, what: string): PermanentError | TransientError {
  const name = (error as Error).name;
  if (name === REKOGNITION_ACCESS_ERROR) {
    return new TransientError(`${what}_s3_access`, `Rekognition could not read ${object.key} from ${object.bucket}: check its access to the bucket and the bucket's KMS key`, { cause: error });
  }
  if (PERMANENT_REKOGNITION_ERRORS.has(name)) {
    return new PermanentError(`${what}_rejected`, `Rekognition cannot read this image (${name.replace(/Exception$/, '')})`, { cause: error });
  }
  return new TransientError(`${what}_unavailable`, `Rekognition call failed (${name})`, { cause: error });
}

/** The dimensions the producer stored with the rendition, so tiny images skip the paid call. */
export async function renditionSize(s3: S3Client, object: S3ObjectRef): Promise<{ width: number; height: number } | 'missing'> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key }));
    return { width: Number(head.Metadata?.width ?? NaN), height: Number(head.Metadata?.height ?? NaN) };
  } catch (error) {
    if (error instanceof NotFound || (error as Error).name === 'NotFound') return 'missing';
    throw error;
  }
}

/** Why an image is too small for Rekognition, or undefined when it is big enough. */
export function tooSmallForRekognition(size: { width: number; height: number }): string | undefined {
  if (size.width >= REKOGNITION_MIN_SIDE && size.height >= REKOGNITION_MIN_SIDE) return undefined;
  return `image is ${size.width}x${size.height}; Rekognition needs at least ${REKOGNITION_MIN_SIDE} pixels a side`;
}

/**
 * What a Lambda handler of a Rekognition processor builds at cold start: its clients, and the claim
 * on the one derived file the registry says it consumes.
 */
export function rekognitionHandlerParts(processor: string, config: { readonly S3_FORCE_PATH_STYLE: boolean; readonly TABLE_NAME: string; readonly DERIVED_BUCKET: string }) {
  const renditionFile = consumedFileName(processor);
  return {
    deps: {
      s3: new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }),
      rekognition: new RekognitionClient({}),
      doc: documentClient(),
      tableName: config.TABLE_NAME,
    },
    claim: (object: S3ObjectRef): { mediaId: string } | undefined => {
      const derived = object.bucket === config.DERIVED_BUCKET ? parseDerivedKey(object.key) : undefined;
      return derived?.fileName === renditionFile ? { mediaId: derived.mediaId } : undefined;
    },
  };
}
