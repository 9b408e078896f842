/**
 * The contract every queue-fed processor shares: SQS batches whose messages are S3 event
 * notifications, partial batch responses, and the permanent/transient split. A processor supplies
 * only what is its own: which keys it owns, the work, and how to record a rejection.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

import { isPermanent, PermanentError } from '../shared/errors.js';
import { logger } from '../shared/logger.js';
import { processorMetrics, type ProcessorMetrics } from '../shared/metrics.js';
import { RETRIES_EXHAUSTED } from '../shared/media-store.js';
import { registry as defaultRegistry } from '../shared/registry.js';
import { parseQueueMessage, type S3ObjectRef } from '../shared/s3-event.js';

export interface ObjectProcessor<Claim extends { readonly mediaId: string }> {
  readonly name: string;
  /** The claim on a key this processor owns, or undefined to skip a key that is not its own. */
  claim(object: S3ObjectRef): Claim | undefined;
  /**
   * The signal aborts when a worker must hand the message back (a Lambda never aborts). Resolves to
   * the outcome worth a log line (`ready`, `media-missing`, `superseded`...), if any.
   */
  process(object: S3ObjectRef, claim: Claim, signal: AbortSignal): Promise<string | void>;
  /** Records a permanent failure (bad input) so the message can be consumed without a retry. */
  reject(object: S3ObjectRef, claim: Claim, error: PermanentError): Promise<void>;
}

const NEVER_ABORTED = new AbortController().signal;

/** One delivery of a queue message. */
export interface QueueDelivery {
  readonly messageId: string;
  readonly body: string;
  /** SQS's ApproximateReceiveCount: 1 on the first delivery. */
  readonly receiveCount?: number;
}

export interface HandleOptions {
  /** Aborts when a worker must hand the message back (a Lambda never aborts). */
  readonly signal?: AbortSignal;
  readonly log?: Logger;
  readonly metrics?: ProcessorMetrics;
  /**
   * The queue's maxReceiveCount. On that delivery a transient failure is recorded on the item as a
   * retryable failure before the message goes to the DLQ: retries running out must not leave the
   * item `uploading` for its TTL to delete. Without it, nothing is recorded.
   */
  readonly receiveLimit?: number;
}

/** What every delivery to one processor shares, made once per processor, not per message. */
export const handleOptionsFor = (processor: { readonly name: string }): HandleOptions => ({
  metrics: processorMetrics(processor.name),
  // Undefined for a processor the registry does not know (a test double): no limit to reach.
  receiveLimit: defaultRegistry.processors.find((p) => p.name === processor.name)?.receiveLimit,
});


/**
 * Handles one queue message for any processor, Lambda or worker: returns when the message may be
 * deleted (done, skipped or rejected) and throws when SQS should deliver it again.
 */
export async function handleQueueMessage<Claim extends { readonly mediaId: string }>(processor: ObjectProcessor<Claim>, delivery: QueueDelivery, options: HandleOptions = {}): Promise<void> {
  const { messageId, body } = delivery;
  const { signal = NEVER_ABORTED, log = logger, metrics = processorMetrics(processor.name), receiveLimit } = options;
  let message;
  try {
    message = parseQueueMessage(body);
  } catch (error) {
    // A body we cannot read will not become readable on retry: consume it, loudly.
    log.error('discarding malformed queue message', { messageId, error: error as Error });
    return;
  }
  if (message.kind === 'test-event') {
    log.info('skipping s3:TestEvent', { messageId });
    return;
  }
  for (const object of message.objects) {
    const claim = processor.claim(object);
    if (!claim) {
      log.info('skipping key this processor does not own', { key: object.key, bucket: object.bucket });
      continue;
    }
    // Records of a batch run at once: keys appended to the shared logger would land on the other
    // records' lines, so each record logs through its own child (which keeps the Lambda context).
    const recordLog = log.createChild({ persistentKeys: { mediaId: claim.mediaId, correlation_id: claim.mediaId, messageId } });
    const started = performance.now();
    try {
      recordLog.info('processing', { processor: processor.name, key: object.key });
      const outcome = await processor.process(object, claim, signal);
      recordLog.info('processed', { processor: processor.name, key: object.key, ...(outcome ? { outcome } : {}) });
      metrics.processed(performance.now() - started);
    } catch (error) {
      if (!isPermanent(error)) {
        const lastDelivery = receiveLimit !== undefined && (delivery.receiveCount ?? 1) >= receiveLimit;
        if (!lastDelivery) {
          recordLog.warn('transient failure; SQS will retry', { processor: processor.name, key: object.key, receiveCount: delivery.receiveCount, error: error as Error });
          throw error;
        }
        recordLog.error('transient failure on the last delivery: recording it on the item; the message goes to the DLQ', { processor: processor.name, key: object.key, receiveCount: delivery.receiveCount, error: error as Error });
        const reason = `Processing did not succeed in ${receiveLimit} attempts. It can be retried.`;
        await processor.reject(object, claim, new PermanentError(RETRIES_EXHAUSTED, reason, { cause: error }));
        metrics.rejected(RETRIES_EXHAUSTED);
        // Still thrown: the message stays the evidence, in the DLQ, for a redrive once the cause is fixed.
        throw error;
      }
      recordLog.warn('rejected', { processor: processor.name, key: object.key, code: error.code, reason: error.message });
      // If recording the rejection fails, that failure is transient: the message comes back.
      await processor.reject(object, claim, error);
      metrics.rejected(error.code);
    } finally {
      metrics.flush();
    }
  }
}

export interface SqsBatchHandler {
  readonly handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
  /** Exposed so tests can inspect which records failed. */
  readonly batchProcessor: BatchProcessor;
}

export interface BatchOptions {
  /**
   * Whether a batch's records run at once. I/O-bound processors gain from it; a memory-bound one
   * (a decoded 100-megapixel image) runs them one by one so a batch of ten needs one image's memory.
   */
  readonly processInParallel: boolean;
}

export function sqsBatchHandler<Claim extends { readonly mediaId: string }>(processor: ObjectProcessor<Claim>, options: BatchOptions = { processInParallel: true }): SqsBatchHandler {
  const batchProcessor = new BatchProcessor(EventType.SQS);
  const shared = handleOptionsFor(processor);
  const handleRecord = (record: SQSRecord): Promise<void> =>
    handleQueueMessage(processor, { messageId: record.messageId, body: record.body, receiveCount: Number(record.attributes.ApproximateReceiveCount) }, shared);
  return {
    batchProcessor,
    handler: (event, context) => {
      // Every line of this invocation carries its request id, cold start and function version.
      logger.addContext(context);
      // A batch where every record failed is still reported item by item rather than thrown, so
      // the Lambda and local poller semantics stay identical.
      return processPartialResponse(event, handleRecord, batchProcessor, { context, throwOnFullBatchFailure: false, processInParallel: options.processInParallel });
    },
  };
}
