/**
 * The contract every queue-fed processor shares: SQS batches whose messages are S3 event
 * notifications, partial batch responses, and the permanent/transient split. A processor supplies
 * only what is its own: which keys it owns, the work, and how to record a rejection.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

import { isPermanent, type PermanentError } from '../shared/errors.js';
import { logger } from '../shared/logger.js';
import { processorMetrics, type ProcessorMetrics } from '../shared/metrics.js';
import { parseQueueMessage, type S3ObjectRef } from '../shared/s3-event.js';

export interface ObjectProcessor<Claim extends { readonly mediaId: string }> {
  readonly name: string;
  /** The claim on a key this processor owns, or undefined to skip a key that is not its own. */
  claim(object: S3ObjectRef): Claim | undefined;
  /** The signal aborts when a worker must hand the message back (a Lambda never aborts). */
  process(object: S3ObjectRef, claim: Claim, signal: AbortSignal): Promise<void>;
  /** Records a permanent failure (bad input) so the message can be consumed without a retry. */
  reject(object: S3ObjectRef, claim: Claim, error: PermanentError): Promise<void>;
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * Handles one queue message for any processor, Lambda or worker: returns when the message may be
 * deleted (done, skipped or rejected) and throws when SQS should deliver it again.
 */
export async function handleQueueMessage<Claim extends { readonly mediaId: string }>(
  processor: ObjectProcessor<Claim>,
  messageId: string,
  body: string,
  signal: AbortSignal = NEVER_ABORTED,
  log: Logger = logger,
  metrics: ProcessorMetrics = processorMetrics(processor.name),
): Promise<void> {
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
      await processor.process(object, claim, signal);
      recordLog.info('processed', { processor: processor.name, key: object.key });
      metrics.processed(performance.now() - started);
    } catch (error) {
      if (!isPermanent(error)) {
        recordLog.warn('transient failure; SQS will retry', { processor: processor.name, key: object.key, error: error as Error });
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
  const metrics = processorMetrics(processor.name);
  const handleRecord = (record: SQSRecord): Promise<void> => handleQueueMessage(processor, record.messageId, record.body, NEVER_ABORTED, logger, metrics);
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
