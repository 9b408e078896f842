/**
 * The queue-message contract of every processor (src/processors/sqs-processor.ts), for a worker
 * that owns its queue instead of Lambda: skip test events and foreign keys, consume permanent
 * failures after recording them, leave transient ones on the queue for SQS to redeliver.
 */
import { isPermanent, type PermanentError } from '../../shared/errors.js';
import { logger } from '../../shared/logger.js';
import { parseQueueMessage, type S3ObjectRef } from '../../shared/s3-event.js';

export interface WorkerProcessor<Claim extends { readonly mediaId: string }> {
  readonly name: string;
  claim(object: S3ObjectRef): Claim | undefined;
  process(object: S3ObjectRef, claim: Claim, signal: AbortSignal): Promise<void>;
  reject(object: S3ObjectRef, claim: Claim, error: PermanentError): Promise<void>;
}

/** `done`: delete the message. `retry`: leave it; it comes back after its visibility timeout, then the DLQ. */
export type MessageOutcome = 'done' | 'retry';

export function messageHandler<Claim extends { readonly mediaId: string }>(processor: WorkerProcessor<Claim>) {
  return async (messageId: string, body: string, signal: AbortSignal): Promise<MessageOutcome> => {
    let message;
    try {
      message = parseQueueMessage(body);
    } catch (error) {
      logger.error('discarding malformed queue message', { messageId, error: error as Error });
      return 'done';
    }
    if (message.kind === 'test-event') {
      logger.info('skipping s3:TestEvent', { messageId });
      return 'done';
    }
    for (const object of message.objects) {
      const claim = processor.claim(object);
      if (!claim) {
        logger.info('skipping key this processor does not own', { key: object.key, bucket: object.bucket });
        continue;
      }
      logger.appendKeys({ mediaId: claim.mediaId, correlation_id: claim.mediaId });
      try {
        logger.info('processing', { processor: processor.name, key: object.key });
        await processor.process(object, claim, signal);
        logger.info('processed', { processor: processor.name, key: object.key });
      } catch (error) {
        if (!isPermanent(error)) {
          logger.warn('transient failure; SQS will redeliver', { processor: processor.name, key: object.key, error: error as Error });
          return 'retry';
        }
        logger.warn('rejected', { processor: processor.name, key: object.key, code: error.code, reason: error.message });
        try {
          await processor.reject(object, claim, error);
        } catch (recordError) {
          logger.warn('could not record the rejection; SQS will redeliver', { error: recordError as Error });
          return 'retry';
        }
      } finally {
        logger.removeKeys(['mediaId', 'correlation_id']);
      }
    }
    return 'done';
  };
}
