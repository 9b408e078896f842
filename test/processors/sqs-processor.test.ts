import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { expect } from 'chai';

import { handleQueueMessage, sqsBatchHandler, type ObjectProcessor } from '../../src/processors/sqs-processor.js';
import { RETRIES_EXHAUSTED } from '../../src/shared/media-store.js';
import { PermanentError, TransientError } from '../../src/shared/errors.js';
import { processorMetrics } from '../../src/shared/metrics.js';
import { registry } from '../../src/shared/registry.js';
import type { S3ObjectRef } from '../../src/shared/s3-event.js';
import { s3Notification, sqsEvent, sqsRecord, testContext } from '../support/events.js';

type Claim = { mediaId: string };

/** A processor whose behaviour per key is scripted by the key's name. */
function scriptedProcessor() {
  const processed: string[] = [];
  const rejected: { mediaId: string; code: string }[] = [];
  const processor: ObjectProcessor<Claim> = {
    name: 'scripted',
    claim: (object: S3ObjectRef) => (object.key.startsWith('originals/image/') ? { mediaId: object.key.split('/')[2]!.split('.')[0]! } : undefined),
    process: async (object) => {
      if (object.key.includes('corrupt')) throw new PermanentError('corrupt_image', 'not a decodable image');
      if (object.key.includes('throttled')) throw new TransientError('throttled', 'slow down');
      if (object.key.includes('surprise')) throw new Error('unexpected');
      processed.push(object.key);
    },
    reject: async (_object, claim, error) => {
      rejected.push({ mediaId: claim.mediaId, code: error.code });
    },
  };
  return { processor, processed, rejected };
}

describe('sqsBatchHandler', () => {
  it('one corrupt file in a batch of ten fails none of the other nine and is not retried', async () => {
    const { processor, processed, rejected } = scriptedProcessor();
    const { handler } = sqsBatchHandler(processor);
    const keys = Array.from({ length: 10 }, (_, i) => (i === 4 ? 'originals/image/corrupt04.jpg' : `originals/image/good${i}.jpg`));
    const result = await handler(sqsEvent(keys.map((k) => s3Notification('originals', [k]))), testContext());
    expect(result.batchItemFailures).to.deep.equal([]);
    expect(processed).to.have.length(9);
    expect(rejected).to.deep.equal([{ mediaId: 'corrupt04', code: 'corrupt_image' }]);
  });

  it('reports only the transient failures as batch item failures, unknown errors included', async () => {
    const { processor, processed } = scriptedProcessor();
    const { handler, batchProcessor } = sqsBatchHandler(processor);
    const bodies = ['originals/image/a.jpg', 'originals/image/throttled.jpg', 'originals/image/b.jpg', 'originals/image/surprise.jpg'].map((k) => s3Notification('originals', [k]));
    const result = await handler(sqsEvent(bodies), testContext());
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).to.deep.equal(['m1', 'm3']);
    expect(processed).to.deep.equal(['originals/image/a.jpg', 'originals/image/b.jpg']);
    expect(batchProcessor.failureMessages).to.have.length(2);
  });

  it('reports a batch where every record failed item by item instead of throwing', async () => {
    const { processor } = scriptedProcessor();
    const { handler } = sqsBatchHandler(processor);
    const result = await handler(sqsEvent([s3Notification('originals', ['originals/image/throttled.jpg'])]), testContext());
    expect(result.batchItemFailures).to.deep.equal([{ itemIdentifier: 'm0' }]);
  });

  it('skips s3:TestEvent, keys it does not own and malformed bodies without failing them', async () => {
    const { processor, processed, rejected } = scriptedProcessor();
    const { handler } = sqsBatchHandler(processor);
    const bodies = [JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'b' }), s3Notification('originals', ['originals/video/v.mp4', 'elsewhere/x.jpg']), 'not json'];
    const result = await handler(sqsEvent(bodies), testContext());
    expect(result.batchItemFailures).to.deep.equal([]);
    expect(processed).to.deep.equal([]);
    expect(rejected).to.deep.equal([]);
  });

  it('decodes keys before the processor sees them', async () => {
    const { processor, processed } = scriptedProcessor();
    const { handler } = sqsBatchHandler(processor);
    await handler(sqsEvent([s3Notification('originals', ['originals/image/x y ü.jpg'])]), testContext());
    expect(processed).to.deep.equal(['originals/image/x y ü.jpg']);
  });

  it('a failure recording the rejection is itself retried (transient)', async () => {
    const { processor } = scriptedProcessor();
    const failingReject: ObjectProcessor<Claim> = { ...processor, reject: async () => { throw new Error('table unavailable'); } };
    const { handler } = sqsBatchHandler(failingReject);
    const result = await handler(sqsEvent([s3Notification('originals', ['originals/image/corrupt.jpg'])]), testContext());
    expect(result.batchItemFailures).to.deep.equal([{ itemIdentifier: 'm0' }]);
  });

  it('runs records one at a time when asked (memory-bound processors), and at once by default', async () => {
    const peakConcurrency = async (processInParallel: boolean) => {
      let running = 0;
      let peak = 0;
      const processor: ObjectProcessor<Claim> = {
        name: 'slow',
        claim: (object) => ({ mediaId: object.key }),
        process: async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 20));
          running -= 1;
        },
        reject: async () => undefined,
      };
      const { handler } = sqsBatchHandler(processor, { processInParallel });
      await handler(sqsEvent(['a', 'b', 'c', 'd'].map((k) => s3Notification('originals', [`originals/image/${k}.jpg`]))), testContext());
      return peak;
    };
    expect(await peakConcurrency(false)).to.equal(1);
    expect(await peakConcurrency(true)).to.equal(4);
  });
});

describe('handleQueueMessage logging', () => {
  it('keeps each record on its own log lines when records of a batch run at once', async () => {
    const log = new Logger({ serviceName: 'interleaving', logLevel: 'INFO' });
    let releaseFirst: () => void = () => undefined;
    const firstWaits = new Promise<void>((resolve) => (releaseFirst = resolve));
    const processor: ObjectProcessor<Claim> = {
      name: 'interleaved',
      claim: (object) => ({ mediaId: object.key.split('/')[2]!.split('.')[0]! }),
      // The first record is still working when the second starts and finishes.
      process: async (object) => (object.key.includes('first') ? firstWaits : releaseFirst()),
      reject: async () => undefined,
    };
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await Promise.all([
        handleQueueMessage(processor, { messageId: 'm-first', body: s3Notification('originals', ['originals/image/first.jpg']) }, { log }),
        handleQueueMessage(processor, { messageId: 'm-second', body: s3Notification('originals', ['originals/image/second.jpg']) }, { log }),
      ]);
    } finally {
      process.stdout.write = write;
    }
    const records = lines.flatMap((chunk) => chunk.split('\n')).filter(Boolean).map((line) => JSON.parse(line) as { message: string; key?: string; mediaId?: string; messageId?: string });
    const processing = records.filter((r) => r.message === 'processing' || r.message === 'processed');
    expect(processing, 'a processing and a processed line per record').to.have.length(4);
    for (const record of processing) {
      expect(record.mediaId, `${record.message} ${record.key}`).to.equal(record.key!.split('/')[2]!.split('.')[0]);
      expect(record.messageId).to.equal(`m-${record.mediaId}`);
    }
  });
});

describe('processor metrics', () => {
  it('emits processed with its duration, and rejected per code, as embedded-metric-format lines', async () => {
    // Tests run with metrics off (test/support/silence.ts); single metrics read the switch when made.
    const disabled = process.env.POWERTOOLS_METRICS_DISABLED;
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    const metrics = processorMetrics('scripted', new Metrics({ namespace: 'PhotoAlbumTest', serviceName: 'scripted' }));
    const { processor } = scriptedProcessor();
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => (lines.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      for (const key of ['originals/image/good1.jpg', 'originals/image/corrupt2.jpg', 'originals/image/good3.jpg']) {
        await handleQueueMessage(processor, { messageId: `m-${key}`, body: s3Notification('originals', [key]) }, { log: new Logger({ logLevel: 'SILENT' }), metrics });
      }
    } finally {
      process.stdout.write = write;
      if (disabled !== undefined) process.env.POWERTOOLS_METRICS_DISABLED = disabled;
    }
    type Emf = { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] }; service: string; code?: string } & Record<string, unknown>;
    const blobs = lines.flatMap((chunk) => chunk.split('\n')).filter(Boolean).map((line) => JSON.parse(line) as Emf);
    const named = (name: string) => blobs.filter((b) => b._aws.CloudWatchMetrics[0]!.Metrics.some((m) => m.Name === name));
    expect(named('processed').map((b) => b.processed)).to.deep.equal([1, 1]);
    expect(named('duration').every((b) => typeof b.duration === 'number' && b._aws.CloudWatchMetrics[0]!.Metrics.find((m) => m.Name === 'duration')!.Unit === 'Milliseconds')).to.equal(true);
    const rejected = named('rejected');
    expect(rejected.map((b) => [b.code, b.rejected])).to.deep.equal([['corrupt_image', 1]]);
    expect(rejected[0]!._aws.CloudWatchMetrics[0]!.Dimensions[0]).to.include.members(['service', 'code']);
    expect(blobs.every((b) => b._aws.CloudWatchMetrics[0]!.Namespace === 'PhotoAlbumTest' && b.service === 'scripted')).to.equal(true);
  });
});

describe('retries running out', () => {
  it('records a transient failure on the last delivery as a retryable failure, and still sends the message on to the DLQ', async () => {
    const { processor, rejected } = scriptedProcessor();
    const body = s3Notification('originals', ['originals/image/throttled7.jpg']);
    // Earlier deliveries: SQS retries, nothing is recorded.
    for (const receiveCount of [1, 4]) {
      const error = await handleQueueMessage(processor, { messageId: 'm', body, receiveCount }, { receiveLimit: 5 }).then(() => undefined, (e: unknown) => e);
      expect(error, `delivery ${receiveCount}`).to.be.instanceOf(TransientError);
    }
    expect(rejected).to.deep.equal([]);
    // The fifth of five: the item learns it failed, and why it can be retried; the message still fails.
    const last = await handleQueueMessage(processor, { messageId: 'm', body, receiveCount: 5 }, { receiveLimit: 5 }).then(() => undefined, (e: unknown) => e);
    expect(last).to.be.instanceOf(TransientError);
    expect(rejected).to.deep.equal([{ mediaId: 'throttled7', code: RETRIES_EXHAUSTED }]);
  });

  it('reads the delivery count from the Lambda record and the limit from the registry', async () => {
    const { processor, rejected } = scriptedProcessor();
    const { handler } = sqsBatchHandler({ ...processor, name: 'image-variants' });
    const lastDelivery = sqsRecord(s3Notification('originals', ['originals/image/throttled8.jpg']), 'm-last');
    const firstDelivery = sqsRecord(s3Notification('originals', ['originals/image/throttled9.jpg']), 'm-first');
    const limit = String(registry.processors.find((p) => p.name === 'image-variants')!.receiveLimit);
    const result = await handler({ Records: [{ ...lastDelivery, attributes: { ...lastDelivery.attributes, ApproximateReceiveCount: limit } }, firstDelivery] }, testContext());
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).to.deep.equal(['m-first', 'm-last']);
    expect(rejected).to.deep.equal([{ mediaId: 'throttled8', code: RETRIES_EXHAUSTED }]);
  });
});
