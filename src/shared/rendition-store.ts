/**
 * How a processor hands its renditions to the item, the same for the image processor and the
 * video worker: recorded with its outcome, or, when the item was deleted while the processor
 * worked, removed again so no orphan stays in the derived bucket.
 */
import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';

import { recordCaptureTime, recordProcessorResult, type MediaStore } from './media-store.js';
import type { StoredRendition } from './renditions.js';

export interface RenditionStore extends MediaStore {
  readonly s3: S3Client;
  readonly derivedBucket: string;
}

export async function recordRenditions(
  deps: RenditionStore,
  mediaId: string,
  processor: string,
  variants: Readonly<Record<string, StoredRendition>>,
  attributes: Readonly<Record<string, unknown>>,
  startedAt: Date,
  /** When the file says it was taken (as the camera wrote it), for the timeline. */
  capturedAt?: string,
): Promise<'ready' | 'media-missing'> {
  const updated = await recordProcessorResult(deps, mediaId, processor, { status: 'succeeded', startedAt, attributes: { ...attributes, variants } });
  if (updated) {
    if (capturedAt) await recordCaptureTime(deps, mediaId, capturedAt);
    return 'ready';
  }
  const keys = Object.values(variants).map((v) => ({ Key: v.key }));
  if (keys.length > 0) await deps.s3.send(new DeleteObjectsCommand({ Bucket: deps.derivedBucket, Delete: { Objects: keys, Quiet: true } }));
  return 'media-missing';
}
