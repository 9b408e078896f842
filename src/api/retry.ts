/**
 * Retrying a failed item: its original goes back to each required processor that has not
 * succeeded, as the S3 notification would have said it, and the item becomes `processing` again.
 * Only failures that were not in the file (retries that ran out, a stalled run) are retried: a
 * corrupt or oversized file fails the same way every time.
 */
import { HeadObjectCommand, NotFound } from '@aws-sdk/client-s3';

import { changeCountedMedia } from '../shared/media-counts.js';
import { isBeingDeleted, isRetryable, type MediaItem, type MediaStatus, processorAttribute, type ProcessorState } from '../shared/media-store.js';
import { registry as defaultRegistry, type Registry, requiredProcessors } from '../shared/registry.js';
import type { MessageSender } from '../shared/message-sender.js';
import { syntheticNotification } from '../shared/s3-event.js';
import { ApiError } from './http.js';
import type { Store } from './store.js';

/** Where a processor's work is sent: its SQS queue in AWS and locally; tests may hand in their own. */
export interface ProcessorQueues {
  send(processor: string, body: string): Promise<void>;
}

export function sqsProcessorQueues(send: MessageSender, queueUrls: Readonly<Record<string, string>>): ProcessorQueues {
  return {
    send: async (processor, body) => {
      const queueUrl = queueUrls[processor];
      if (!queueUrl) throw new Error(`no queue URL for processor ${processor} in PROCESSOR_QUEUE_URLS`);
      await send(queueUrl, body);
    },
  };
}

/** The required processors a retry sends the item back to: every one that has not succeeded. */
export function processorsToRetry(media: MediaItem, registry: Registry = defaultRegistry): string[] {
  return requiredProcessors(media.mediaClass, registry).filter((p) => (media[processorAttribute(p)] as ProcessorState | undefined)?.status !== 'succeeded');
}

/**
 * Sends the item back to its processors and marks it `processing`. The messages go first: if the
 * status write is lost, the processors still settle the item; the other way round it could stay
 * `processing` with nobody working on it. A second call while it is processing sends nothing.
 */
export async function retryMedia(store: Store, queues: ProcessorQueues, media: MediaItem, now: Date, registry: Registry = defaultRegistry): Promise<MediaItem> {
  if (media.status === 'processing' && typeof media.retriedAt === 'string') return media;
  if (media.status !== 'failed') throw new ApiError(409, 'not_failed', `only a failed item can be retried; this one is ${media.status}`);
  if (!isRetryable(media)) throw new ApiError(409, 'not_retryable', `retrying cannot help: ${media.failureReason ?? 'the file itself cannot be processed'}`);
  const key = String(media.originalKey);
  // The object the item's results come from, even if a later POST put another one at its key.
  const versionId = typeof media.originalVersionId === 'string' ? media.originalVersionId : undefined;
  let head;
  try {
    head = await store.s3.send(new HeadObjectCommand({ Bucket: store.originalsBucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
  } catch (error) {
    // Without s3:ListBucket (the API has none) S3 answers a missing key 403, not 404.
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (error instanceof NotFound || status === 403 || status === 404) throw new ApiError(409, 'original_missing', 'the uploaded file is no longer stored, so it cannot be processed again');
    throw error;
  }
  const processors = processorsToRetry(media, registry);
  const eTag = typeof media.originalETag === 'string' ? media.originalETag : head.ETag;
  const notification = syntheticNotification(store.originalsBucket, { key, size: head.ContentLength ?? 0, ...(eTag ? { eTag } : {}), ...(versionId ? { versionId } : {}) }, now);
  await Promise.all(processors.map((processor) => queues.send(processor, notification)));
  const retried = await changeCountedMedia(
    store,
    media.mediaId,
    (item) =>
      item.status !== 'failed' || isBeingDeleted(item)
        ? undefined
        : {
            set: { status: 'processing' satisfies MediaStatus, retriedAt: now.toISOString(), updatedAt: now.toISOString() },
            // A failed state left standing would fail the item again as soon as any processor reports.
            remove: ['failureReason', 'failureCode', ...processors.map(processorAttribute)],
          },
    { first: media },
  );
  if (!retried) throw new ApiError(404, 'not_found', 'media not found');
  return retried;
}
