/** Helpers for the image pipeline tests: rejections, fixtures and pixel comparison with real sharp. */
import { readFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';

import { expect } from 'chai';
import sharp from 'sharp';

import { PermanentError } from '../../../src/shared/errors.js';
import { fixture } from '../../support/fixtures.js';

/** Reads a file of ../shared/fixtures/images in place. */
export const image = (relative: string): Promise<Buffer> => readFile(fixture(`images/${relative}`));

/** Awaits the promise and returns what it rejected with; fails the test if it resolved. */
export async function expectRejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected a rejection, but the promise resolved');
}

/** Awaits a rejection and checks it is a PermanentError with this code and a reason a person can read. */
export async function expectPermanent(promise: Promise<unknown>, code: string): Promise<PermanentError> {
  const error = await expectRejection(promise);
  expect(error).to.be.instanceOf(PermanentError);
  const permanent = error as PermanentError;
  expect(permanent.kind).to.equal('permanent');
  expect(permanent.code).to.equal(code);
  expectReadable(permanent.message);
  return permanent;
}

/** A sentence for an uploader: capitalised, ends with a full stop, no decoder internals. */
export function expectReadable(reason: string): void {
  expect(reason).to.match(/^[A-Z][^\n]{15,200}\.$/);
  expect(reason).not.to.match(/vips|libpng|libjpeg|libheif|buffer|errno|stack|undefined|null|\bat \w+ \(/i);
}

/** Mean absolute difference (0-255) of two images shrunk to n×n greyscale, whatever their sizes. */
export async function greyDifference(a: Buffer, b: Buffer, n = 32): Promise<number> {
  const grey = (input: Buffer) => sharp(input).resize(n, n, { fit: 'fill' }).greyscale().raw().toBuffer();
  const [ga, gb] = await Promise.all([grey(a), grey(b)]);
  let sum = 0;
  for (let i = 0; i < ga.length; i += 1) sum += Math.abs(ga[i]! - gb[i]!);
  return sum / ga.length;
}

/** A PNG chunk: length, type, data, CRC over type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A decompression bomb in a few dozen bytes: a PNG whose header claims width × height RGB pixels,
 * followed by one tiny IDAT (a decoder that trusted the header would allocate the full image first).
 */
export function pngBomb(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A baseline JPEG header (SOI, DQT-less SOF0) claiming width × height: enough for a header read. */
export async function jpegBomb(width: number, height: number): Promise<Buffer> {
  // Start from a real tiny JPEG and patch the dimensions in its SOF0 segment.
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).jpeg().toBuffer();
  for (let offset = 2; offset < jpeg.length - 9; ) {
    const marker = jpeg.readUInt16BE(offset);
    const length = jpeg.readUInt16BE(offset + 2);
    if (marker === 0xffc0) {
      jpeg.writeUInt16BE(height, offset + 5);
      jpeg.writeUInt16BE(width, offset + 7);
      return jpeg;
    }
    offset += 2 + length;
  }
  throw new Error('no SOF0 segment in the generated JPEG');
}

/** A solid or noisy test image of the given size, encoded as the given format by sharp. */
export function generated(width: number, height: number, format: 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff', channels: 3 | 4 = 3): Promise<Buffer> {
  return sharp({ create: { width, height, channels, background: channels === 4 ? { r: 200, g: 40, b: 40, alpha: 0.5 } : '#c82828' } })
    .toFormat(format)
    .toBuffer();
}

/** An uncompressed TIFF from sharp whose Compression tag is rewritten (the pixel data stays as it was). */
export async function tiffClaimingCompression(compression: number): Promise<Buffer> {
  const tiff = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#336699' } }).tiff({ compression: 'none' }).toBuffer();
  if (tiff.toString('latin1', 0, 2) !== 'II') throw new Error('expected a little-endian TIFF from sharp');
  const ifd = tiff.readUInt32LE(4);
  for (let i = 0; i < tiff.readUInt16LE(ifd); i += 1) {
    const entry = ifd + 2 + i * 12;
    if (tiff.readUInt16LE(entry) === 259) {
      tiff.writeUInt16LE(compression, entry + 8);
      return tiff;
    }
  }
  throw new Error('no Compression tag in the TIFF');
}
