import { GetQueueAttributesCommand, SendMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { expect } from 'chai';

import { processorNamed } from '../../src/shared/registry.js';
import { messagesToDelete, pollOnce, type PollerOptions } from '../../src/local/poller.js';
import { sqsRecord } from '../support/events.js';
import { drain, startTestStack, TEST_REGION, type TestStack } from '../support/local-stack.js';

describe('messagesToDelete', () => {
  const records = ['a', 'b', 'c'].map((id) => sqsRecord('{}', id));

  it('deletes everything the handler did not report as failed', () => {
    expect(messagesToDelete(records, { batchItemFailures: [{ itemIdentifier: 'b' }] }).map((r) => r.messageId)).to.deep.equal(['a', 'c']);
    expect(messagesToDelete(records, undefined).map((r) => r.messageId)).to.deep.equal(['a', 'b', 'c']);
  });

  it('deletes nothing when the handler threw, or reported an identifier not in the batch (Lambda fails the whole batch)', () => {
    expect(messagesToDelete(records, new Error('boom'))).to.deep.equal([]);
    expect(messagesToDelete(records, { batchItemFailures: [{ itemIdentifier: 'zzz' }] })).to.deep.equal([]);
    expect(messagesToDelete(records, { batchItemFailures: [{ itemIdentifier: '' }] })).to.deep.equal([]);
  });
});

describe('pollOnce against moto', function () {
  this.timeout(120_000);
  let env: TestStack;

  before(async () => {
    env = await startTestStack('photo-album-poller');
  });
  after(async () => env?.moto.stop());

  const queue = () => env.stack.queues['image-variants']!;
  const options = (handler: PollerOptions['handler']): PollerOptions => ({
    sqs: env.clients.sqs,
    queueUrl: queue().url,
    queueArn: queue().arn,
    region: TEST_REGION,
    functionName: 'image-variants',
    batchSize: 10,
    timeoutMs: 10_000,
    waitTimeSeconds: 1,
    handler,
  });
  const visibleAndInFlight = async (url: string) => {
    const { Attributes = {} } = await env.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  };

  it('feeds the handler a real SQS event and deletes all but the reported failures; failures reach the DLQ after the receive limit', async () => {
    await drain(env.clients.sqs, queue().url);
    // Short visibility so redelivery happens within the test; the receive limit is the registry's.
    await env.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue().url, Attributes: { VisibilityTimeout: '1' } }));
    for (const body of ['ok-1', 'poison', 'ok-2']) await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: queue().url, MessageBody: body }));

    const seen: SQSEvent[] = [];
    const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
      seen.push(event);
      return { batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) };
    };
    const first = await pollOnce(options(handler));
    expect(first).to.deep.equal({ received: 3, deleted: 2, failed: 1 });
    const record = seen[0]!.Records[0]!;
    expect(record.eventSource).to.equal('aws:sqs');
    expect(record.eventSourceARN).to.equal(queue().arn);
    expect(record.attributes.ApproximateReceiveCount).to.equal('1');

    const { receiveLimit } = processorNamed('image-variants');
    for (let receive = 2; receive <= receiveLimit + 1; receive += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await pollOnce(options(handler));
    }
    expect(await visibleAndInFlight(queue().url)).to.equal(0);
    const dead = await drain(env.clients.sqs, queue().dlqUrl);
    expect(dead.map((m) => m.Body)).to.deep.equal(['poison']);
    expect(seen.flatMap((e) => e.Records).filter((r) => r.body === 'poison')).to.have.length(receiveLimit);
  });

  it('deletes nothing when the handler throws', async () => {
    await env.clients.sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue().url, Attributes: { VisibilityTimeout: '60' } }));
    await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: queue().url, MessageBody: 'x' }));
    const outcome = await pollOnce(options(async () => { throw new Error('crash'); }));
    expect(outcome).to.deep.equal({ received: 1, deleted: 0, failed: 1 });
    expect(await visibleAndInFlight(queue().url)).to.equal(1);
  });
});
