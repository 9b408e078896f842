import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { expect } from 'chai';
import type { S3Event } from 'aws-lambda';

import { provision } from '../../src/local/provision.js';
import { registry } from '../../src/shared/registry.js';
import { drain, isS3TestEvent, startTestStack, type TestStack } from '../support/local-stack.js';

describe('local stack: S3 -> SNS -> SQS fan-out (moto)', function () {
  this.timeout(120_000);
  let env: TestStack;

  before(async () => {
    env = await startTestStack();
    // Saving a notification configuration makes S3 send s3:TestEvent; clear those first.
    await Promise.all(Object.values(env.stack.queues).map((q) => drain(env.clients.sqs, q.url)));
  });

  after(async () => {
    await env?.moto.stop();
  });

  const queueOf = (processor: string) => {
    const queue = env.stack.queues[processor];
    if (!queue) throw new Error(`no queue for ${processor}`);
    return queue;
  };

  it('creates one queue and one DLQ per registry processor, with the registry receive limit', async () => {
    expect(Object.keys(env.stack.queues).sort()).to.deep.equal(registry.processors.map((p) => p.name).sort());
    for (const p of registry.processors) {
      const queue = queueOf(p.name);
      expect(queue.dlqArn, p.name).to.match(new RegExp(`:photo-album-test-${p.name}-dlq$`));
    }
  });

  it('provisioning twice is idempotent: same queues, one subscription per queue', async () => {
    const again = await provision(env.clients, env.stack.topology);
    expect(again.queues).to.deep.equal(env.stack.queues);
    expect(again.topicArns).to.deep.equal(env.stack.topicArns);
    for (const [topicId, topicArn] of Object.entries(env.stack.topicArns)) {
      const { Subscriptions = [] } = await env.clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
      const consumers = env.stack.topology.queues.filter((q) => q.topicId === topicId).map((q) => env.stack.queues[q.processor]?.arn);
      expect(Subscriptions.map((s) => s.Endpoint).sort(), topicId).to.deep.equal(consumers.sort());
    }
    await Promise.all(Object.values(env.stack.queues).map((q) => drain(env.clients.sqs, q.url)));
  });

  it('an image original reaches each processor consuming image originals exactly once, with a decodable key', async () => {
    const key = 'originals/image/x y ü.jpg';
    await env.clients.s3.send(new PutObjectCommand({ Bucket: env.stack.topology.buckets.originals, Key: key, Body: Buffer.from('not really a jpeg') }));

    for (const p of registry.processors) {
      const messages = (await drain(env.clients.sqs, queueOf(p.name).url)).filter((m) => !isS3TestEvent(m));
      const consumesImageOriginals = p.consumes.source === 'originals' && p.consumes.mediaClass === 'image';
      expect(messages, `${p.name} messages`).to.have.length(consumesImageOriginals ? 1 : 0);
      for (const message of messages) {
        // Raw delivery: the body is the S3 notification itself, not an SNS envelope.
        const event = JSON.parse(message.Body ?? '') as S3Event;
        expect(event.Records).to.have.length(1);
        const record = event.Records[0]!;
        expect(record.eventName).to.match(/^ObjectCreated:/);
        expect(record.s3.bucket.name).to.equal(env.stack.topology.buckets.originals);
        expect(record.s3.object.key).to.not.equal(key); // S3 form-URL-encodes keys
        expect(decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '))).to.equal(key);
      }
    }
  });

  it('a video original reaches only the video processors', async () => {
    await env.clients.s3.send(new PutObjectCommand({ Bucket: env.stack.topology.buckets.originals, Key: 'originals/video/clip.mp4', Body: Buffer.from('x') }));
    for (const p of registry.processors) {
      const messages = (await drain(env.clients.sqs, queueOf(p.name).url)).filter((m) => !isS3TestEvent(m));
      const consumesVideo = p.consumes.source === 'originals' && p.consumes.mediaClass === 'video';
      expect(messages, p.name).to.have.length(consumesVideo ? 1 : 0);
    }
  });

  it('a derived output reaches the processors that consume it, and other derived files reach none', async () => {
    const derived = env.stack.topology.buckets.derived;
    await env.clients.s3.send(new PutObjectCommand({ Bucket: derived, Key: 'derived/m1/thumb.webp', Body: Buffer.from('x') }));
    await env.clients.s3.send(new PutObjectCommand({ Bucket: derived, Key: 'derived/m1/web.jpg', Body: Buffer.from('x') }));
    for (const p of registry.processors) {
      const messages = (await drain(env.clients.sqs, queueOf(p.name).url)).filter((m) => !isS3TestEvent(m));
      const consumesWeb = p.consumes.source === 'derived' && p.consumes.output === 'web';
      expect(messages, p.name).to.have.length(consumesWeb ? 1 : 0);
      for (const message of messages) {
        const event = JSON.parse(message.Body ?? '') as S3Event;
        expect(decodeURIComponent(event.Records[0]!.s3.object.key.replace(/\+/g, ' '))).to.equal('derived/m1/web.jpg');
      }
    }
  });

  it('a key outside every media-class prefix reaches no queue', async () => {
    await env.clients.s3.send(new PutObjectCommand({ Bucket: env.stack.topology.buckets.originals, Key: 'elsewhere/x.jpg', Body: Buffer.from('x') }));
    for (const p of registry.processors) {
      const messages = (await drain(env.clients.sqs, queueOf(p.name).url)).filter((m) => !isS3TestEvent(m));
      expect(messages, p.name).to.have.length(0);
    }
  });
});
