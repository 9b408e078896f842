import { expect } from 'chai';

import { sqsBatchHandler, type ObjectProcessor } from '../../src/processors/sqs-processor.js';
import { PermanentError, TransientError } from '../../src/shared/errors.js';
import type { S3ObjectRef } from '../../src/shared/s3-event.js';
import { s3Notification, sqsEvent, testContext } from '../support/events.js';

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
