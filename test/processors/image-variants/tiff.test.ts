import { expect } from 'chai';
import sharp from 'sharp';

import { rgbTiffHeader } from '../../../src/processors/image-variants/tiff.js';

describe('rgbTiffHeader', () => {
  const icc = (async () => (await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } }).withIccProfile('p3').jpeg().toBuffer().then((b) => sharp(b).metadata())).icc!)();

  for (const channels of [3, 4] as const) {
    it(`makes a TIFF libvips reads back pixel for pixel, ${channels} channels, profile attached`, async () => {
      const width = 5;
      const height = 3;
      const pixels = Buffer.from(Array.from({ length: width * height * channels }, (_, i) => (i * 37) % 256));
      const profile = await icc;

      const tiff = Buffer.concat([rgbTiffHeader({ width, height, channels, icc: profile }), pixels]);

      const metadata = await sharp(tiff).metadata();
      expect([metadata.format, metadata.width, metadata.height, metadata.channels, metadata.hasAlpha]).to.deep.equal(['tiff', width, height, channels, channels === 4]);
      expect(metadata.icc?.equals(profile)).to.equal(true);
      const read = await sharp(tiff, { ignoreIcc: true }).raw().toBuffer();
      expect(read.equals(pixels)).to.equal(true);
    });
  }
});
