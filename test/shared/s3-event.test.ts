import { readFileSync } from 'node:fs';

import { expect } from 'chai';

import { PermanentError } from '../../src/shared/errors.js';
import { decodeS3Key, encodeS3Key, parseQueueMessage } from '../../src/shared/s3-event.js';
import { fixture, rejectionOf } from '../support/fixtures.js';

describe('decodeS3Key', () => {
  it('turns + into a space and percent escapes into characters, as S3 encodes keys', () => {
    expect(decodeS3Key('originals/image/x+y+%C3%BC.jpg')).to.equal('originals/image/x y ü.jpg');
    expect(decodeS3Key('Happy%20Face.jpg')).to.equal('Happy Face.jpg');
    expect(decodeS3Key('a%2Bb.jpg')).to.equal('a+b.jpg');
  });

  it('rejects a malformed escape as a permanent error', async () => {
    const error = await rejectionOf(async () => decodeS3Key('bad%E0%A4%A.jpg'));
    expect(error).to.be.instanceOf(PermanentError);
  });
});

describe('parseQueueMessage', () => {
  it('reads the real S3 notification sample, decoding its key', () => {
    const body = readFileSync(fixture('events/s3-event.json'), 'utf8');
    const message = parseQueueMessage(body);
    expect(message.kind).to.equal('s3-objects');
    if (message.kind !== 's3-objects') return;
    expect(message.objects).to.have.length(1);
    expect(message.objects[0]).to.include({ bucket: 'sourcebucket', key: 'Happy Face.jpg', size: 1024, sequencer: 'Happy Sequencer' });
  });

  it('recognises the s3:TestEvent sent when a notification configuration is saved', () => {
    const body = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2026-01-01T00:00:00Z', Bucket: 'b' });
    expect(parseQueueMessage(body)).to.deep.equal({ kind: 'test-event' });
  });

  for (const [what, body] of [
    ['not JSON', 'Message Body'],
    ['JSON without Records', '{"hello":1}'],
    ['a record without a key', '{"Records":[{"s3":{"bucket":{"name":"b"},"object":{}}}]}'],
  ] as const) {
    it(`rejects ${what} as a permanent malformed_event`, async () => {
      const error = await rejectionOf(async () => parseQueueMessage(body));
      expect(error).to.be.instanceOf(PermanentError);
      expect((error as PermanentError).code).to.equal('malformed_event');
    });
  }
});

describe('encodeS3Key', () => {
  it('encodes as S3 notifications do, and decodeS3Key reverses it', () => {
    expect(encodeS3Key('originals/image/x y ü.jpg')).to.equal('originals/image/x+y+%C3%BC.jpg');
    expect(decodeS3Key(encodeS3Key('a+b c/d.jpg'))).to.equal('a+b c/d.jpg');
  });
});
