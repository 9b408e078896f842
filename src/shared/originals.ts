/**
 * Reading an original as the processors do: exactly the upload their event announced, never bytes
 * a later POST to the same key put there (see claimOriginal in media-store.ts).
 */
import type { GetObjectCommandInput } from '@aws-sdk/client-s3';

import { TransientError } from './errors.js';
import type { S3ObjectRef } from './s3-event.js';

export const originalRequest = (object: S3ObjectRef): GetObjectCommandInput => ({
  Bucket: object.bucket,
  Key: object.key,
  // A version names the bytes exactly; without one (an unversioned bucket, moto's events) the ETag
  // at least refuses different ones.
  ...(object.versionId ? { VersionId: object.versionId } : object.eTag ? { IfMatch: `"${object.eTag.replace(/"/g, '')}"` } : {}),
});

/**
 * S3 answers 412 when the object at the key is no longer the announced one: a second upload
 * replaced it. Retried, because the sweeper puts the first version back.
 */
export function replacedOriginal(error: unknown): unknown {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== 412 && (error as Error).name !== 'PreconditionFailed') return error;
  return new TransientError('original_replaced', 'the original was replaced by a second upload to its key; waiting for the first one to be restored', { cause: error });
}
