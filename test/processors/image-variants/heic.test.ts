import { expect } from 'chai';
import sharp, { type Sharp } from 'sharp';

import { decodeHeic } from '../../../src/processors/image-variants/heic.js';
import { expectPermanent, image } from './support.js';

describe('decodeHeic', () => {
  let heic: Buffer;
  let icc: Buffer | undefined;
  before(async () => {
    heic = await image('exif/heic_IMG_5195.HEIC');
    icc = (await sharp(heic).metadata()).icc;
  });

  it('decodes the primary image upright and wraps it in a TIFF that carries the Display P3 profile', async () => {
    expect(icc?.toString('latin1')).to.contain('Display P3');

    const decoded = await decodeHeic(heic, { maxPixels: 100_000_000, icc });

    expect([decoded.kind, decoded.width, decoded.height, decoded.channels]).to.deep.equal(['tiff', 2566, 3313, 3]);
    const metadata = await sharp(decoded.data).metadata();
    expect([metadata.format, metadata.width, metadata.height]).to.deep.equal(['tiff', 2566, 3313]);
    expect(metadata.icc?.equals(icc!)).to.equal(true);
  });

  it('gives raw pixels without a profile, and converting the P3 ones to sRGB changes them', async () => {
    const raw = await decodeHeic(heic, { maxPixels: 100_000_000 });
    const tagged = await decodeHeic(heic, { maxPixels: 100_000_000, icc });
    expect(raw.kind).to.equal('raw');
    expect(raw.data.length).to.equal(2566 * 3313 * 3);

    const small = (input: Sharp) => input.toColourspace('srgb').resize(16, 16, { fit: 'fill' }).raw().toBuffer();
    const [asIs, converted] = await Promise.all([
      small(sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } })),
      small(sharp(tagged.data)),
    ]);
    expect(asIs.equals(converted), 'P3 → sRGB conversion is a no-op').to.equal(false);
  });

  it('refuses an image over the pixel limit before decoding it', async () => {
    const started = performance.now();
    await expectPermanent(decodeHeic(heic, { maxPixels: 1_000_000 }), 'too_many_pixels');
    expect(performance.now() - started).to.be.lessThan(500);
  });

  it('calls a truncated HEIC corrupt', async () => {
    await expectPermanent(decodeHeic(heic.subarray(0, 4000), { maxPixels: 100_000_000 }), 'corrupt_image');
  });
});
