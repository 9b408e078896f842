import { expect } from 'chai';

import { sniffFormat } from '../../../src/processors/image-variants/sniff.js';
import { expectReadable, generated, image } from './support.js';
import { PermanentError } from '../../../src/shared/errors.js';

/** The PermanentError sniffFormat throws for these bytes (fails the test if it returns). */
function rejection(bytes: Buffer): PermanentError {
  try {
    sniffFormat(bytes);
  } catch (error) {
    expect(error).to.be.instanceOf(PermanentError);
    expectReadable((error as PermanentError).message);
    return error as PermanentError;
  }
  return expect.fail('expected sniffFormat to throw');
}

const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + compatible.length * 4;
  const box = Buffer.alloc(size + 16);
  box.writeUInt32BE(size, 0);
  box.write(`ftyp${major}\0\0\0\0${compatible.join('')}`, 4, 'latin1');
  return box;
};

describe('sniffFormat', () => {
  it('recognises every accepted format from its first bytes, whatever the file is called', async () => {
    expect(sniffFormat(await image('exif/Canon_40D.jpg'))).to.equal('jpeg');
    expect(sniffFormat(await image('pngsuite/basn0g01.png'))).to.equal('png');
    expect(sniffFormat(await image('exif/tiff_BSG1.tiff'))).to.equal('tiff');
    expect(sniffFormat(await image('exif/heic_IMG_5195.HEIC'))).to.equal('heif');
    expect(sniffFormat(await generated(8, 8, 'webp'))).to.equal('webp');
    expect(sniffFormat(await generated(8, 8, 'gif'))).to.equal('gif');
    expect(sniffFormat(await generated(8, 8, 'avif'))).to.equal('heif');
  });

  it('takes HEIF by any of its brands, major or compatible', () => {
    for (const brand of ['heic', 'heix', 'mif1', 'msf1', 'avif', 'avis']) expect(sniffFormat(ftyp(brand, 'miaf')), brand).to.equal('heif');
    expect(sniffFormat(ftyp('MiHE', 'mif1', 'heic'))).to.equal('heif');
  });

  it('names what it refuses: video, SVG, PDF, BMP, JPEG XL, ZIP, text', () => {
    const cases: [Buffer, RegExp][] = [
      [ftyp('isom', 'iso2', 'mp41'), /video/],
      [ftyp('qt  '), /video/],
      [Buffer.from('\uFEFF  <svg xmlns="http://www.w3.org/2000/svg"></svg>'), /SVG/],
      [Buffer.from('<!-- drawn by hand --><svg></svg>'), /SVG/],
      [Buffer.from('%PDF-1.4\n'), /PDF/],
      [Buffer.from('BM\x36\x00\x00\x00\x00\x00', 'latin1'), /BMP/],
      [Buffer.from([0xff, 0x0a, 0xfa, 0x7f]), /JPEG XL/],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /ZIP/],
      [Buffer.from('name,width\nphoto,12\n'), /text/],
    ];
    for (const [bytes, reason] of cases) {
      const error = rejection(bytes);
      expect(error.code).to.equal('unsupported_format');
      expect(error.message).to.match(reason);
    }
  });

  it('calls an empty file and a PNG with a mangled signature corrupt, not unsupported', async () => {
    expect(rejection(Buffer.alloc(0)).code).to.equal('corrupt_image');
    const png = await image('pngsuite/basn0g01.png');
    const textModeTransfer = Buffer.from(png);
    textModeTransfer[7] = 0x0d;
    expect(rejection(textModeTransfer).code).to.equal('corrupt_image');
  });

  it('refuses a Canon CR2, a TIFF container holding a raw sensor dump', () => {
    const cr2 = Buffer.from('II*\0\x10\0\0\0CR\x02\0', 'latin1');
    expect(rejection(cr2).message).to.contain('CR2');
  });
});
