/**
 * The queue-message contract every processor shares (src/processors/sqs-processor.ts), for a worker
 * that owns its queue instead of Lambda: the message is deleted when done, skipped or rejected, and
 * left for SQS to redeliver after a transient failure.
 */
import { handleOptionsFor, handleQueueMessage, type ObjectProcessor } from '../../processors/sqs-processor.js';

export type WorkerProcessor<Claim extends { readonly mediaId: string }> = ObjectProcessor<Claim>;

/** `done`: delete the message. `retry`: leave it; it comes back after its visibility timeout, then the DLQ. */
export type MessageOutcome = 'done' | 'retry';

export function messageHandler<Claim extends { readonly mediaId: string }>(processor: WorkerProcessor<Claim>) {
  const shared = handleOptionsFor(processor);
  return async (messageId: string, body: string, signal: AbortSignal, receiveCount?: number): Promise<MessageOutcome> => {
    try {
      await handleQueueMessage(processor, { messageId, body, ...(receiveCount === undefined ? {} : { receiveCount }) }, { ...shared, signal });
      return 'done';
    } catch {
      return 'retry';
    }
  };
}
