import { expect } from 'chai';

import { PermanentError, TransientError } from '../../../src/shared/errors.js';
import type { S3ObjectRef } from '../../../src/shared/s3-event.js';
import { messageHandler, type WorkerProcessor } from '../../../src/worker/video-transcode/message-handler.js';

const s3Event = (key: string) => JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Post', eventTime: '2026-01-01T00:00:00Z', s3: { bucket: { name: 'originals' }, object: { key, size: 10 } } }] });
const never = new AbortController().signal;

function recorder(process: (object: S3ObjectRef) => Promise<void>, reject: () => Promise<void> = async () => undefined) {
  const calls = { processed: [] as string[], rejected: [] as string[] };
  const processor: WorkerProcessor<{ mediaId: string }> = {
    name: 'video-transcode',
    claim: (object) => (object.key.startsWith('originals/video/') ? { mediaId: object.key.split('/')[2]!.split('.')[0]! } : undefined),
    process: async (object) => {
      calls.processed.push(object.key);
      await process(object);
    },
    reject: async (_object, claim, error) => {
      calls.rejected.push(`${claim.mediaId}:${error.code}`);
      await reject();
    },
  };
  return { handle: messageHandler(processor), calls };
}

describe('messageHandler', () => {
  it('consumes s3:TestEvent, malformed bodies and keys it does not own without processing', async () => {
    const { handle, calls } = recorder(async () => undefined);
    expect(await handle('1', JSON.stringify({ Event: 's3:TestEvent' }), never)).to.equal('done');
    expect(await handle('2', 'not json', never)).to.equal('done');
    expect(await handle('3', s3Event('originals/image/abcdefgh.jpg'), never)).to.equal('done');
    expect(calls.processed).to.deep.equal([]);
  });

  it('decodes the key and processes an owned one', async () => {
    const { handle, calls } = recorder(async () => undefined);
    expect(await handle('1', s3Event('originals%2Fvideo%2Fabcdefgh.mp4'), never)).to.equal('done');
    expect(calls.processed).to.deep.equal(['originals/video/abcdefgh.mp4']);
  });

  it('records a permanent failure and consumes the message', async () => {
    const { handle, calls } = recorder(async () => {
      throw new PermanentError('corrupt_video', 'damaged');
    });
    expect(await handle('1', s3Event('originals/video/abcdefgh.mp4'), never)).to.equal('done');
    expect(calls.rejected).to.deep.equal(['abcdefgh:corrupt_video']);
  });

  it('leaves a transient failure, or a rejection it could not record, for SQS to redeliver', async () => {
    const transient = recorder(async () => {
      throw new TransientError('throttled', 'slow down');
    });
    expect(await transient.handle('1', s3Event('originals/video/abcdefgh.mp4'), never)).to.equal('retry');
    expect(transient.calls.rejected).to.deep.equal([]);

    const unrecorded = recorder(
      async () => {
        throw new PermanentError('corrupt_video', 'damaged');
      },
      async () => {
        throw new Error('table unavailable');
      },
    );
    expect(await unrecorded.handle('1', s3Event('originals/video/abcdefgh.mp4'), never)).to.equal('retry');
  });
});
