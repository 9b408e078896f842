/**
 * The local stand-in for Lambda's SQS event source mapping: long-polls a queue, hands the handler a
 * real SQS batch, and deletes only what the handler did not report as failed. Failed records stay
 * on the queue, come back after the visibility timeout, and reach the DLQ after the receive limit,
 * exactly as in AWS.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

import { lambdaContext } from './lambda-context.js';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface PollerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly functionName: string;
  readonly batchSize: number;
  readonly timeoutMs: number;
  readonly handler: SqsHandler;
  readonly waitTimeSeconds?: number;
  readonly log?: (message: string, details?: Record<string, unknown>) => void;
}

export interface BatchOutcome {
  readonly received: number;
  readonly deleted: number;
  readonly failed: number;
}

export function toSqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** Which messages to delete after the handler ran, following Lambda's partial batch response rules. */
export function messagesToDelete(records: readonly SQSRecord[], outcome: SQSBatchResponse | void | Error): SQSRecord[] {
  if (outcome instanceof Error) return [];
  const failures = outcome?.batchItemFailures ?? [];
  const ids = new Set(records.map((r) => r.messageId));
  // An identifier that is not in the batch (or an empty one) makes Lambda treat the whole batch as failed.
  if (failures.some((f) => !f.itemIdentifier || !ids.has(f.itemIdentifier))) return [];
  const failed = new Set(failures.map((f) => f.itemIdentifier));
  return records.filter((r) => !failed.has(r.messageId));
}

export async function pollOnce(options: PollerOptions, signal?: AbortSignal): Promise<BatchOutcome> {
  const { Messages = [] } = await options.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: options.queueUrl,
      MaxNumberOfMessages: options.batchSize,
      WaitTimeSeconds: options.waitTimeSeconds ?? 20,
      MessageSystemAttributeNames: ['All'],
    }),
    { abortSignal: signal },
  );
  if (Messages.length === 0) return { received: 0, deleted: 0, failed: 0 };
  const records = Messages.map((m) => toSqsRecord(m, options.queueArn, options.region));
  let outcome: SQSBatchResponse | void | Error;
  try {
    outcome = await options.handler({ Records: records }, lambdaContext(options.functionName, options.timeoutMs));
  } catch (error) {
    options.log?.('handler threw: the whole batch will be retried', { error: String(error) });
    outcome = error instanceof Error ? error : new Error(String(error));
  }
  const deletions = messagesToDelete(records, outcome);
  if (deletions.length > 0) {
    const { Failed = [] } = await options.sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: deletions.map((r) => ({ Id: r.messageId.replace(/[^\w-]/g, '_').slice(0, 80), ReceiptHandle: r.receiptHandle })) }),
    );
    if (Failed.length > 0) options.log?.('some deletes failed; those messages will be redelivered', { failed: Failed.length });
  }
  return { received: records.length, deleted: deletions.length, failed: records.length - deletions.length };
}

/** Polls until the signal aborts; a batch in flight is finished before it returns. */
export async function runPoller(options: PollerOptions, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      const outcome = await pollOnce(options, signal);
      if (outcome.received > 0) options.log?.('batch', { ...outcome });
    } catch (error) {
      if (signal.aborted) break;
      options.log?.('receive failed; retrying', { error: String(error) });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
