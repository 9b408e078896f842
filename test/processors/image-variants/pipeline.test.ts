import { readdir } from 'node:fs/promises';

import { expect } from 'chai';
import sharp, { type Stats } from 'sharp';

import {
  classifyDecodeFailure,
  configureSharp,
  DEFAULT_MAX_INPUT_PIXELS,
  IMAGE_REJECTION_CODES,
  type RenderedVariant,
  type RenderResult,
  renderVariants,
  VARIANT_RECIPE,
} from '../../../src/processors/image-variants/pipeline.js';
import { PermanentError } from '../../../src/shared/errors.js';
import { fixture } from '../../support/fixtures.js';
import { expectPermanent, expectReadable, generated, greyDifference, image, jpegBomb, pngBomb, tiffClaimingCompression } from './support.js';

const { unsupportedFormat, corruptImage, tooManyPixels } = IMAGE_REJECTION_CODES;

/** Below this mean grey difference (0-255, 32×32) two renditions show the same upright picture. */
const SAME_PICTURE = 6;

const variant = (result: RenderResult, name: string): RenderedVariant => {
  const found = result.variants.find((v) => v.name === name);
  if (!found) throw new Error(`no ${name} variant in ${result.variants.map((v) => v.name).join(', ')}`);
  return found;
};

/** Every metadata block a derived file could carry: none may survive. */
async function expectNoMetadata(data: Buffer): Promise<void> {
  const metadata = await sharp(data).metadata();
  expect(metadata.exif, 'EXIF').to.equal(undefined);
  expect(metadata.xmp, 'XMP').to.equal(undefined);
  expect(metadata.iptc, 'IPTC').to.equal(undefined);
  expect(metadata.icc, 'ICC profile').to.equal(undefined);
  expect(data.includes(Buffer.from('Exif\0\0', 'latin1')), 'an Exif block in the bytes').to.equal(false);
}

describe('VARIANT_RECIPE', () => {
  it('is thumb 320×320 cover WebP, mobile inside 1080×1080 WebP, web inside 2048×2048 JPEG and again as WebP', () => {
    expect(VARIANT_RECIPE.map(({ name, width, height, fit, format }) => ({ name, width, height, fit, format }))).to.deep.equal([
      { name: 'thumb', width: 320, height: 320, fit: 'cover', format: 'webp' },
      { name: 'mobile', width: 1080, height: 1080, fit: 'inside', format: 'webp' },
      { name: 'web', width: 2048, height: 2048, fit: 'inside', format: 'jpeg' },
      { name: 'web-webp', width: 2048, height: 2048, fit: 'inside', format: 'webp' },
    ]);
  });
});

describe('renderVariants', () => {
  describe('outputs', () => {
    it('produces every variant of the recipe, in order, with its content type and size', async () => {
      const result = await renderVariants(await generated(3000, 2000, 'jpeg'));

      expect(result.original).to.deep.equal({ format: 'jpeg', width: 3000, height: 2000 });
      expect(result.variants.map(({ name, format, contentType, width, height }) => ({ name, format, contentType, width, height }))).to.deep.equal([
        { name: 'thumb', format: 'webp', contentType: 'image/webp', width: 320, height: 320 },
        { name: 'mobile', format: 'webp', contentType: 'image/webp', width: 1080, height: 720 },
        { name: 'web', format: 'jpeg', contentType: 'image/jpeg', width: 2048, height: 1365 },
        { name: 'web-webp', format: 'webp', contentType: 'image/webp', width: 2048, height: 1365 },
      ]);
      for (const v of result.variants) {
        expect(v.bytes).to.equal(v.data.length);
        const metadata = await sharp(v.data).metadata();
        expect([metadata.format, metadata.width, metadata.height]).to.deep.equal([v.format, v.width, v.height]);
      }
    });

    it('writes the web version as a progressive JPEG and the others as WebP', async () => {
      const result = await renderVariants(await image('exif/gps_DSCN0010.jpg'));

      expect((await sharp(variant(result, 'web').data).metadata()).isProgressive).to.equal(true);
      expect((await sharp(variant(result, 'mobile').data).metadata()).format).to.equal('webp');
    });

    it('trades encode effort for bytes: every JPEG effort is progressive, and each step up writes a smaller web JPEG', async () => {
      const photo = await image('exif/gps_DSCN0010.jpg');
      const sizes: number[] = [];
      for (const jpegEffort of ['plain', 'tables', 'trellis', 'max'] as const) {
        const recipe = [{ name: 'web', width: 2048, height: 2048, fit: 'inside', format: 'jpeg', quality: 82, jpegEffort }] as const;
        const web = variant(await renderVariants(photo, { recipe }), 'web');
        expect((await sharp(web.data).metadata()).isProgressive, jpegEffort).to.equal(true);
        sizes.push(web.bytes);
      }
      const [plain, tables, trellis, max] = sizes;
      expect(tables).to.be.below(plain!);
      expect(trellis).to.be.below(tables!);
      expect(max).to.be.at.most(trellis!);
    });

    it('never enlarges: a 100×80 original gives 100×80 web and mobile and an 80×80 thumb', async () => {
      // Decision: the thumb stays square (cover crop) at min(320, width, height) a side.
      const result = await renderVariants(await generated(100, 80, 'jpeg'));

      expect(result.variants.map((v) => [v.name, v.width, v.height])).to.deep.equal([
        ['thumb', 80, 80],
        ['mobile', 100, 80],
        ['web', 100, 80],
        ['web-webp', 100, 80],
      ]);
    });

    it('keeps enough pixels for the thumb of a panorama, though the web version is far smaller', async () => {
      const result = await renderVariants(await generated(4000, 250, 'png'));

      expect(result.variants.map((v) => [v.name, v.width, v.height])).to.deep.equal([
        ['thumb', 250, 250],
        ['mobile', 1080, 68],
        ['web', 2048, 128],
        ['web-webp', 2048, 128],
      ]);
    });

    it('flattens transparency onto white for JPEG and keeps it for WebP', async () => {
      const transparent = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
        .png()
        .toBuffer();

      const result = await renderVariants(transparent);

      const web = await sharp(variant(result, 'web').data).raw().toBuffer({ resolveWithObject: true });
      expect(web.info.channels).to.equal(3);
      expect([...web.data.subarray(0, 3)].every((c) => c >= 250), 'white where the original is transparent').to.equal(true);
      const mobile = await sharp(variant(result, 'mobile').data).raw().toBuffer({ resolveWithObject: true });
      expect(mobile.info.channels).to.equal(4);
      expect(mobile.data[3], 'alpha').to.equal(0);
    });

    it('accepts WebP, GIF (first frame), TIFF and AVIF originals', async () => {
      const red = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ff0000' } }).png().toBuffer();
      const blue = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#0000ff' } }).png().toBuffer();
      const animatedGif = await sharp([red, blue], { join: { animated: true } }).gif().toBuffer();
      const inputs = {
        webp: await generated(40, 30, 'webp'),
        gif: animatedGif,
        tiff: await generated(40, 30, 'tiff'),
        avif: await generated(40, 30, 'avif'),
      };

      for (const [format, bytes] of Object.entries(inputs)) {
        const result = await renderVariants(bytes);
        expect(result.original, format).to.deep.equal({ format, width: 40, height: 30 });
        expect(result.variants, format).to.have.length(VARIANT_RECIPE.length);
      }
      const firstFrame = await sharp(variant(await renderVariants(animatedGif), 'web').data).stats();
      expect(firstFrame.channels[0]!.mean, 'red channel of the first (red) frame').to.be.greaterThan(200);
      expect(firstFrame.channels[2]!.mean, 'blue channel').to.be.lessThan(60);
    });

    it('converts a CMYK JPEG to sRGB', async () => {
      const cmyk = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#d02020' } }).toColourspace('cmyk').jpeg().toBuffer();
      expect((await sharp(cmyk).metadata()).space).to.equal('cmyk');

      const web = variant(await renderVariants(cmyk), 'web');

      const { channels } = await sharp(web.data).stats();
      expect(channels).to.have.length(3);
      expect(channels[0]!.mean, 'red').to.be.greaterThan(150);
      expect(channels[1]!.mean, 'green').to.be.lessThan(90);
    });
  });

  describe('orientation', () => {
    for (const shape of ['landscape', 'portrait'] as const) {
      describe(`${shape} photos with EXIF orientation 1-8`, () => {
        let upright: RenderResult;
        before(async () => {
          upright = await renderVariants(await image(`exif/orientation_${shape}_1.jpg`));
        });

        for (let orientation = 1; orientation <= 8; orientation += 1) {
          it(`orientation ${orientation}: every variant is upright (same size and picture as orientation 1)`, async () => {
            const result = await renderVariants(await image(`exif/orientation_${shape}_${orientation}.jpg`));

            expect([result.original.width, result.original.height]).to.deep.equal(shape === 'landscape' ? [600, 450] : [450, 600]);
            for (const reference of upright.variants) {
              const candidate = variant(result, reference.name);
              expect([candidate.width, candidate.height], reference.name).to.deep.equal([reference.width, reference.height]);
              expect(await greyDifference(candidate.data, reference.data), reference.name).to.be.lessThan(SAME_PICTURE);
            }
          });
        }
      });
    }

    it('the comparison can fail: orientation 6 decoded without auto-orientation differs from orientation 1', async () => {
      const ignoringOrientation = await sharp(await image('exif/orientation_landscape_6.jpg'), { autoOrient: false })
        .resize({ width: 2048, height: 2048, fit: 'inside', withoutEnlargement: true })
        .jpeg()
        .toBuffer({ resolveWithObject: true });
      const reference = variant(await renderVariants(await image('exif/orientation_landscape_1.jpg')), 'web');

      expect([ignoringOrientation.info.width, ignoringOrientation.info.height]).not.to.deep.equal([reference.width, reference.height]);
      expect(await greyDifference(ignoringOrientation.data, reference.data)).to.be.greaterThan(SAME_PICTURE * 5);
    });
  });

  describe('metadata', () => {
    for (const file of ['gps_DSCN0010.jpg', 'gps_DSCN0021.jpg']) {
      it(`${file}: keeps capture time and camera, the position only apart from them; the outputs carry no EXIF`, async () => {
        const original = await image(`exif/${file}`);
        expect((await sharp(original).metadata()).exif, 'the fixture has EXIF to lose').not.to.equal(undefined);

        const result = await renderVariants(original);

        expect(result.original.cameraMake).to.equal('NIKON');
        expect(result.original.cameraModel).to.equal('COOLPIX P6000');
        expect(result.original.capturedAt).to.match(/^2008-10-22T\d{2}:\d{2}:\d{2}$/);
        expect(Object.keys(result.original).filter((key) => /gps|lat|lon|alt|position|location/i.test(key))).to.deep.equal([]);
        expect(JSON.stringify(result.original)).not.to.match(/gps/i);
        // Both photos were taken in Arezzo, Tuscany (43°28' N, 11°53' E).
        expect(result.location?.latitude).to.be.closeTo(43.467, 0.001);
        expect(result.location?.longitude).to.be.closeTo(11.885, 0.001);
        for (const v of result.variants) await expectNoMetadata(v.data);
      });
    }

    it('has no position for a photo without GPS', async () => {
      expect(await renderVariants(await image('exif/Canon_40D.jpg'))).not.to.have.property('location');
    });

    it('reads Canon and Nikon camera files', async () => {
      const canon = await renderVariants(await image('exif/Canon_40D.jpg'));
      const nikon = await renderVariants(await image('exif/Nikon_D70.jpg'));

      expect(canon.original).to.deep.equal({ format: 'jpeg', width: 100, height: 68, capturedAt: '2008-05-30T15:56:01', cameraMake: 'Canon', cameraModel: 'Canon EOS 40D' });
      expect(nikon.original).to.deep.equal({ format: 'jpeg', width: 100, height: 66, capturedAt: '2008-03-15T09:52:01', cameraMake: 'NIKON CORPORATION', cameraModel: 'NIKON D70' });
      for (const v of [...canon.variants, ...nikon.variants]) await expectNoMetadata(v.data); // Canon has ICC + EXIF, Nikon XMP
    });

    it('reads a TIFF with an alpha channel and an ICC profile', async () => {
      const result = await renderVariants(await image('exif/tiff_BSG1.tiff'));

      expect(result.original).to.deep.equal({ format: 'tiff', width: 635, height: 348 });
      expect(result.variants.map((v) => [v.name, v.width, v.height])).to.deep.equal([
        ['thumb', 320, 320],
        ['mobile', 635, 348],
        ['web', 635, 348],
        ['web-webp', 635, 348],
      ]);
      for (const v of result.variants) await expectNoMetadata(v.data);
    });
  });

  describe('HEIC', () => {
    it('decodes the iPhone photo to every variant, upright, with its capture time and camera', async () => {
      const result = await renderVariants(await image('exif/heic_IMG_5195.HEIC'));

      expect(result.original).to.deep.equal({
        format: 'heic',
        width: 2566,
        height: 3313,
        capturedAt: '2021-04-11T15:47:53-05:00',
        cameraMake: 'Apple',
        cameraModel: 'iPhone 11 Pro Max',
      });
      expect(result.variants.map((v) => [v.name, v.format, v.width, v.height])).to.deep.equal([
        ['thumb', 'webp', 320, 320],
        ['mobile', 'webp', 836, 1080],
        ['web', 'jpeg', 1586, 2048],
        ['web-webp', 'webp', 1586, 2048],
      ]);
      for (const v of result.variants) await expectNoMetadata(v.data); // the HEIC has EXIF with GPS, XMP and a P3 profile
    });

    it('refuses a HEIC larger than the limit from its header', async () => {
      const error = await expectPermanent(renderVariants(await image('exif/heic_IMG_5195.HEIC'), { maxInputPixels: 5_000_000 }), tooManyPixels);
      expect(error.message).to.contain('2566×3313');
    });
  });

  describe('PngSuite', () => {
    const suite = 'images/pngsuite';
    let files: string[] = [];
    before(async () => {
      files = (await readdir(fixture(suite))).filter((name) => name.endsWith('.png'));
      expect(files.length, 'PngSuite files').to.be.greaterThan(20);
    });

    it('every valid file (basic, odd sizes, palettes, 1-16 bit, alpha, interlaced, gamma, filters, zlib) gives all variants', async () => {
      const valid = files.filter((name) => /^[bcfgstz]/.test(name));
      expect(valid.length).to.be.greaterThan(10);
      for (const name of valid) {
        const result = await renderVariants(await image(`pngsuite/${name}`));
        expect(result.original.format, name).to.equal('png');
        expect(result.variants.map((v) => v.name), name).to.deep.equal(['thumb', 'mobile', 'web', 'web-webp']);
        for (const v of result.variants) expect((await sharp(v.data).metadata()).depth, `${name} ${v.name}`).to.equal('uchar');
      }
    });

    for (const name of ['basn0g16.png', 'basn2c16.png']) {
      it(`${name}: 16-bit samples become 8-bit with the same brightness`, async () => {
        const original = await image(`pngsuite/${name}`);
        const stats = await sharp(original).stats();
        expect((await sharp(original).metadata()).depth).to.equal('ushort');

        const web = variant(await renderVariants(original), 'web');

        const outStats = await sharp(web.data).stats();
        const meanOf = (s: Stats) => s.channels.slice(0, 3).reduce((sum, c, _i, all) => sum + c.mean / all.length, 0);
        expect(meanOf(outStats)).to.be.closeTo(meanOf(stats) / 257, 4);
      });
    }

    it('every corrupt x*.png is refused as corrupt_image with a reason', async () => {
      const corrupt = files.filter((name) => name.startsWith('x'));
      expect(corrupt.length).to.be.greaterThan(10);
      for (const name of corrupt) {
        // Bad CRCs, missing or broken chunks and damaged signatures alike: the file is a PNG, just broken.
        await expectPermanent(renderVariants(await image(`pngsuite/${name}`)), corruptImage);
      }
    });
  });

  describe('damaged JPEGs', () => {
    it('refuses corrupted.jpg: header and EXIF read fine, the compressed pixel data is damaged', async () => {
      // The file is complete (it ends with EOI) and its 3648×2736 header parses, but libjpeg stops in
      // the scan with "Corrupt JPEG data: premature end of data segment", and libvips fails the
      // decode even with failOn 'none'. Nothing usable comes out, so it is corrupt, not unsupported.
      expect((await sharp(await image('exif/corrupted.jpg')).metadata()).width).to.equal(3648);
      const error = await expectPermanent(renderVariants(await image('exif/corrupted.jpg')), corruptImage);
      expect(error.message).to.equal('The JPEG file is damaged: its image data cannot be decoded.');
      expect(error.cause, 'the decoder message, for the logs').to.be.instanceOf(Error);
    });

    for (const [file, width, height] of [
      ['invalid_image00971.jpg', 636, 227],
      ['invalid_image01088.jpg', 425, 120],
    ] as const) {
      it(`accepts ${file}: what is invalid is its metadata, and every pixel decodes`, async () => {
        // These "invalid EXIF" samples carry no EXIF segment at all, only a 35 KB XMP packet in
        // APP1; their scan data is complete and decodes without even a warning. Refusing them would
        // lose good photos, so they succeed, with no capture time or camera.
        const result = await renderVariants(await image(`exif/${file}`));

        expect(result.original).to.deep.equal({ format: 'jpeg', width, height });
        expect(result.variants).to.have.length(VARIANT_RECIPE.length);
      });
    }

    it('refuses a TIFF in an encoding libtiff lacks (JPEG 2000 inside TIFF) as unsupported, not corrupt', async () => {
      const error = await expectPermanent(renderVariants(await tiffClaimingCompression(34712)), unsupportedFormat);
      expect(error.message).to.contain('encoding');
    });

    it('refuses a JPEG cut off half-way as truncated', async () => {
      const whole = await image('exif/gps_DSCN0010.jpg');
      const error = await expectPermanent(renderVariants(whole.subarray(0, Math.floor(whole.length / 2))), corruptImage);
      expect(error.message).to.contain('truncated');
    });
  });

  describe('not images', () => {
    const cases: [string, Buffer, string, RegExp][] = [
      ['an SVG drawing', Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'), unsupportedFormat, /SVG/],
      ['a bare SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'), unsupportedFormat, /SVG/],
      ['text', Buffer.from('just some words, not a picture\n'), unsupportedFormat, /text/],
      ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'latin1'), unsupportedFormat, /PDF/],
      ['an MP4 video', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom\0\0\x02\0isomiso2', 'latin1'), Buffer.alloc(64)]), unsupportedFormat, /video/],
      ['random bytes', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xfd, 0x00, 0x10, 0x20]), unsupportedFormat, /not in a supported image format/],
      ['an empty file', Buffer.alloc(0), corruptImage, /empty/],
      ['a JPEG signature and nothing else', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), corruptImage, /JPEG/],
    ];
    for (const [what, bytes, code, reason] of cases) {
      it(`refuses ${what} as ${code}`, async () => {
        const error = await expectPermanent(renderVariants(bytes), code);
        expect(error.message).to.match(reason);
        if (code === unsupportedFormat) expect(error.message).to.contain('JPEG, PNG, WebP, GIF, TIFF, AVIF or HEIC');
      });
    }
  });

  describe('decompression bombs', () => {
    it('refuses a PNG whose header claims 30000×30000 pixels, from the header, quickly', async () => {
      const bomb = pngBomb(30_000, 30_000);
      expect(bomb.length).to.be.lessThan(200);
      const rssBefore = process.memoryUsage().rss;
      const started = performance.now();

      const error = await expectPermanent(renderVariants(bomb), tooManyPixels);

      expect(performance.now() - started).to.be.lessThan(500);
      // 900 megapixels of RGB would be 2.7 GB; nothing close to that was allocated.
      expect(process.memoryUsage().rss - rssBefore).to.be.lessThan(64 * 1024 * 1024);
      expect(error.message).to.equal('The image is 30000×30000 pixels (900 megapixels); the limit is 100 megapixels.');
    });

    it('refuses a JPEG whose header claims 65000×65000 pixels', async () => {
      await expectPermanent(renderVariants(await jpegBomb(65_000, 65_000)), tooManyPixels);
    });

    it('accepts exactly the limit and refuses one pixel more', async () => {
      const original = await generated(100, 80, 'png');
      expect((await renderVariants(original, { maxInputPixels: 8000 })).variants).to.have.length(VARIANT_RECIPE.length);
      await expectPermanent(renderVariants(original, { maxInputPixels: 7999 }), tooManyPixels);
    });

    it('defaults to 100 megapixels', () => {
      expect(DEFAULT_MAX_INPUT_PIXELS).to.equal(100_000_000);
    });
  });

  it('gives every rejection a readable reason (the helper itself rejects decoder jargon)', () => {
    expect(() => expectReadable('vipspng: libpng read error')).to.throw();
    expect(() => expectReadable('The PNG file is damaged: its image data cannot be decoded.')).not.to.throw();
  });
});

describe('configureSharp', () => {
  after(() => configureSharp({ concurrency: 0 }));

  it('sets the libvips thread count, 0 restoring the default, and turns the operation cache off', () => {
    expect(configureSharp({ concurrency: 2 })).to.deep.equal({ concurrency: 2, cache: false });
    expect(sharp.concurrency()).to.equal(2);

    const restored = configureSharp({ concurrency: 0 });
    expect(restored.concurrency).to.be.greaterThan(0);
  });

  it('refuses a concurrency that is not a whole number', () => {
    expect(() => configureSharp({ concurrency: -1 })).to.throw(RangeError);
    expect(() => configureSharp({ concurrency: 1.5 })).to.throw(RangeError);
  });
});

describe('classifyDecodeFailure', () => {
  const header = { width: 4000, height: 3000 };
  const classify = (message: string) => classifyDecodeFailure(new Error(message), 'jpeg', header, 1e8);

  it('calls a failure corrupt only when the decoder says the data is bad', () => {
    for (const message of ['VipsJpeg: Corrupt JPEG data: premature end of data segment', 'vipspng: libpng read error', 'IDAT: CRC error', 'webp: unable to parse image', 'VipsJpeg: Bogus marker length']) {
      const rejection = classify(message);
      expect(rejection, message).to.be.instanceOf(PermanentError);
      expect((rejection as PermanentError).code, message).to.equal(corruptImage);
    }
  });

  it('returns an unknown libvips error unchanged: alone it says nothing against the file', () => {
    for (const message of ['Unknown error', 'VipsImage: memory area too small', 'vips_region_prepare: uncaught signal', 'thread pool exhausted']) {
      const error = new Error(message);
      expect(classifyDecodeFailure(error, 'png', header, 1e8), message).to.equal(error);
    }
  });

  it('keeps the machine running out of memory off the file, and a pixel limit a bomb', () => {
    const oom = new Error('vips__file_open_read: out of memory');
    expect(classifyDecodeFailure(oom, 'jpeg', header, 1e8)).to.equal(oom);
    expect((classify('Input image exceeds pixel limit') as PermanentError).code).to.equal(tooManyPixels);
  });
});
