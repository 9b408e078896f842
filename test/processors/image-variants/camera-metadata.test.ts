import { expect } from 'chai';
import sharp from 'sharp';

import { readCameraMetadata } from '../../../src/processors/image-variants/camera-metadata.js';
import { image } from './support.js';

/** An EXIF block as sharp writes it, from IFD0 and EXIF-IFD tags. */
async function exifWith(ifd0: Record<string, string>, exifIfd: Record<string, string> = {}): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
    .withExif({ IFD0: ifd0, IFD2: exifIfd })
    .jpeg()
    .toBuffer();
  const { exif } = await sharp(jpeg).metadata();
  if (!exif) throw new Error('sharp wrote no EXIF');
  return exif;
}

describe('readCameraMetadata', () => {
  it('reads capture time (local, with the EXIF offset when there is one) and camera, and nothing else', async () => {
    const { exif } = await sharp(await image('exif/heic_IMG_5195.HEIC')).metadata();

    expect(readCameraMetadata(exif)).to.deep.equal({
      capturedAt: '2021-04-11T15:47:53-05:00',
      cameraMake: 'Apple',
      cameraModel: 'iPhone 11 Pro Max',
    });
  });

  it('never returns the GPS position, though the EXIF has one', async () => {
    const { exif } = await sharp(await image('exif/gps_DSCN0010.jpg')).metadata();

    const metadata = readCameraMetadata(exif);

    expect(Object.keys(metadata).sort()).to.deep.equal(['cameraMake', 'cameraModel', 'capturedAt']);
    expect(metadata.capturedAt).to.equal('2008-10-22T16:28:39');
  });

  it('leaves a time without offset zone-less rather than pretending it is UTC', async () => {
    const exif = await exifWith({ Make: 'Acme' }, { DateTimeOriginal: '2019:07:04 21:30:05' });

    expect(readCameraMetadata(exif)).to.deep.equal({ capturedAt: '2019-07-04T21:30:05', cameraMake: 'Acme' });
  });

  it('drops placeholder dates, control characters and empty strings', async () => {
    const exif = await exifWith({ Make: '  Acme\u0001 Corp  ', Model: '   ' }, { DateTimeOriginal: '0000:00:00 00:00:00' });

    expect(readCameraMetadata(exif)).to.deep.equal({ cameraMake: 'Acme Corp' });
  });

  it('returns nothing for a missing or unreadable EXIF block instead of failing the photo', () => {
    expect(readCameraMetadata(undefined)).to.deep.equal({});
    expect(readCameraMetadata(Buffer.from('Exif\0\0garbage'))).to.deep.equal({});
  });
});
