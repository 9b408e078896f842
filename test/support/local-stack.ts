import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';

import { localClients } from '../../src/local/clients.js';
import { startMoto, type MotoServer } from '../../src/local/moto.js';
import { provision, type LocalClients, type ProvisionedStack, type ProvisionOptions } from '../../src/local/provision.js';
import { topologyFor } from '../../src/shared/topology.js';

export const TEST_REGION = 'ap-southeast-2';

export interface TestStack {
  readonly moto: MotoServer;
  readonly clients: LocalClients;
  readonly stack: ProvisionedStack;
}

/** A fresh moto on its own port, provisioned like `make dev` does. */
export async function startTestStack(prefix = 'photo-album-test', options: Pick<ProvisionOptions, 'visibilityTimeoutSeconds'> = {}): Promise<TestStack> {
  const moto = await startMoto();
  const clients = localClients({ endpoint: moto.endpoint, region: TEST_REGION });
  const stack = await provision(clients, topologyFor(prefix), options);
  return { moto, clients, stack };
}

/** Receives and deletes every message currently visible on a queue, returning them. */
export async function drain(sqs: SQSClient, queueUrl: string, { waitSeconds = 1 } = {}): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds, VisibilityTimeout: 60, MessageSystemAttributeNames: ['All'] }),
    );
    if (Messages.length === 0) return messages;
    messages.push(...Messages);
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
}

export const isS3TestEvent = (message: Message): boolean => {
  const body = JSON.parse(message.Body ?? '{}') as { Event?: string };
  return body.Event === 's3:TestEvent';
};
