/**
 * What a file really is, from its first bytes: never from its name or its declared content type.
 * Only the formats the pipeline decodes are accepted; everything else (SVG, PDF, video, text…) is
 * rejected here, before any decoder sees the bytes. libvips would happily open several of those
 * (SVG through librsvg, for one), so this gate is the allow-list, not a nicety.
 */
import { corruptImage, unsupportedFormat } from './rejections.js';

/** Container formats the pipeline accepts. `heif` covers HEIC and AVIF: sharp's header read tells them apart. */
export type SniffedFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'heif';

/** ISO-BMFF brands of HEIF still images and image sequences (HEVC, AV1 or other codecs). */
const HEIF_BRANDS = new Set(['mif1', 'mif2', 'msf1', 'heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'avif', 'avis', 'avio']);

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const ascii = (bytes: Buffer, start: number, end: number): string => bytes.toString('latin1', start, Math.min(end, bytes.length));

/** The major and compatible brands of an ISO-BMFF `ftyp` box at the start of the file, if there is one. */
function ftypBrands(bytes: Buffer): string[] | undefined {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return undefined;
  const boxSize = bytes.readUInt32BE(0);
  const end = Math.min(boxSize >= 16 ? boxSize : 16, bytes.length, 4096);
  const brands = [ascii(bytes, 8, 12)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(bytes, offset, offset + 4));
  return brands;
}

/** A name for a well-known file type we do not accept, so the rejection reason says what was uploaded. */
function describeUnsupported(bytes: Buffer): string | undefined {
  const head = ascii(bytes, 0, 512).replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (/^<\?xml[\s\S]*<svg[\s>]/i.test(head) || /^(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'an SVG drawing';
  if (head.startsWith('%PDF-')) return 'a PDF document';
  if (/^<(!doctype html|html)[\s>]/i.test(head)) return 'an HTML page';
  if (ascii(bytes, 0, 2) === 'BM') return 'a BMP bitmap';
  if (ascii(bytes, 0, 4) === '8BPS') return 'a Photoshop document';
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'a ZIP archive';
  if (bytes.subarray(0, 2).equals(Buffer.from([0xff, 0x0a])) || ascii(bytes, 4, 8) === 'JXL ') return 'a JPEG XL image';
  if (ascii(bytes, 4, 8) === 'jP  ' || bytes.subarray(0, 4).equals(Buffer.from([0xff, 0x4f, 0xff, 0x51]))) return 'a JPEG 2000 image';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'AVI ') return 'an AVI video';
  if (bytes.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))) return 'a Matroska/WebM video';
  if (ftypBrands(bytes)) return 'a video or other ISO media file';
  if (ascii(bytes, 0, 3) === 'FLV' || ascii(bytes, 0, 4) === 'OggS') return 'a video or audio file';
  if (bytes.length > 0 && isProbablyText(bytes.subarray(0, 512))) return 'a text file';
  return undefined;
}

function isProbablyText(sample: Buffer): boolean {
  for (const byte of sample) {
    if (byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    if (byte < 0x20 || byte === 0x7f) return false;
  }
  return true;
}

/**
 * The format of an image from its magic number. Throws a PermanentError: `corrupt_image` for an
 * empty file or a PNG whose signature is damaged, `unsupported_format` for anything else we do not
 * accept.
 */
export function sniffFormat(bytes: Buffer): SniffedFormat {
  if (bytes.length === 0) throw corruptImage('The file is empty (0 bytes).');

  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  // A PNG whose 8-byte signature was mangled (by a text-mode transfer, say) still has its IHDR chunk at 12.
  if (ascii(bytes, 12, 16) === 'IHDR') {
    throw corruptImage('The file looks like a PNG image, but its signature is damaged.');
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  const tiffMagic = ascii(bytes, 0, 4);
  if (tiffMagic === 'II*\0' || tiffMagic === 'MM\0*' || tiffMagic === 'II+\0' || tiffMagic === 'MM\0+') {
    // Canon CR2 raw files are TIFF containers too; libtiff would hand back a preview, not the photo.
    if (ascii(bytes, 8, 10) === 'CR') throw unsupportedFormat('a Canon RAW (CR2) file');
    return 'tiff';
  }
  const brands = ftypBrands(bytes);
  if (brands?.some((brand) => HEIF_BRANDS.has(brand))) return 'heif';

  throw unsupportedFormat(describeUnsupported(bytes));
}
