/**
 * Sending one SQS message, with the SQS client module loaded on the first send. Most API requests
 * never send one, and the client is code every cold start would otherwise load and parse
 * (`npm run -s bench:api`; build.mjs splits what is imported on demand into chunks of its own).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';

import { cachedOnce } from './cached-once.js';

export type MessageSender = (queueUrl: string, body: string, delaySeconds?: number) => Promise<void>;

/** Sends through `client`, or through a default client made on the first send. */
export function sqsMessageSender(client?: SQSClient): MessageSender {
  const sqs = cachedOnce(async () => {
    const module = await import('@aws-sdk/client-sqs');
    return { client: client ?? new module.SQSClient({}), SendMessageCommand: module.SendMessageCommand };
  });
  return async (queueUrl, body, delaySeconds) => {
    const { client: sender, SendMessageCommand } = await sqs();
    await sender.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, ...(delaySeconds === undefined ? {} : { DelaySeconds: delaySeconds }) }));
  };
}
