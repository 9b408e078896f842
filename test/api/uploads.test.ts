import { S3Client } from '@aws-sdk/client-s3';
import { expect } from 'chai';

import { ALLOWED_TYPES, planUpload, presignUpload } from '../../src/api/uploads.js';
import { rejectionOf } from '../support/fixtures.js';

const limits = { maxBytes: { image: 1000, video: 5000 } };

describe('planUpload', () => {
  it('keys the original by media class, id and the type extension, never the file name', () => {
    expect(planUpload('m-12345678', { contentType: 'Image/HEIC', bytes: 10 }, limits)).to.deep.equal({
      mediaClass: 'image',
      contentType: 'image/heic',
      key: 'originals/image/m-12345678.heic',
      bytes: 10,
    });
    expect(planUpload('m-12345678', { contentType: 'video/quicktime', bytes: 5000 }, limits).key).to.equal('originals/video/m-12345678.mov');
  });

  it('accepts the image and video types of the issue', () => {
    const types = Object.keys(ALLOWED_TYPES);
    for (const t of ['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heic', 'heif']) expect(types).to.include(`image/${t}`);
    for (const t of ['mp4', 'quicktime', 'webm', 'x-matroska']) expect(types).to.include(`video/${t}`);
  });

  it('answers 415 for other types and 413 past the class cap', async () => {
    const unsupported = (await rejectionOf(() => planUpload('m-12345678', { contentType: 'image/svg+xml', bytes: 1 }, limits))) as { status: number };
    expect(unsupported.status).to.equal(415);
    const tooBig = (await rejectionOf(() => planUpload('m-12345678', { contentType: 'image/png', bytes: 1001 }, limits))) as { status: number; message: string };
    expect(tooBig.status).to.equal(413);
    expect(tooBig.message).to.include('1000 bytes');
  });
});

describe('presignUpload', () => {
  it('pins key, content type and a length range up to the declared size in the signed policy', async () => {
    const s3 = new S3Client({ region: 'ap-southeast-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const plan = planUpload('m-12345678', { contentType: 'image/png', bytes: 900 }, limits);
    const now = new Date('2030-01-01T00:00:00Z');
    const upload = await presignUpload(s3, 'originals-bucket', plan, 600, now);
    expect(upload.expiresAt).to.equal('2030-01-01T00:10:00.000Z');
    expect(upload.fields).to.include({ key: 'originals/image/m-12345678.png', 'Content-Type': 'image/png' });
    const policy = JSON.parse(Buffer.from(upload.fields.Policy!, 'base64').toString('utf8')) as { conditions: unknown[] };
    expect(policy.conditions).to.deep.include(['eq', '$Content-Type', 'image/png']);
    expect(policy.conditions).to.deep.include(['content-length-range', 1, 900]);
    expect(policy.conditions).to.deep.include({ key: 'originals/image/m-12345678.png' });
    expect(policy.conditions).to.deep.include({ bucket: 'originals-bucket' });
  });
});
