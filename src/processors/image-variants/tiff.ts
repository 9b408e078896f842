/**
 * The header of a minimal baseline TIFF: one uncompressed strip of interleaved 8-bit RGB or RGBA,
 * plus an ICC profile. sharp's raw-pixel input cannot carry a colour profile, and an iPhone HEIC is
 * Display P3: wrapping the decoded pixels in this header (no pixel copy beyond the one we make
 * anyway) lets libvips see the profile and convert to sRGB like any other tagged input.
 */

const TYPE_SHORT = 3;
const TYPE_LONG = 4;
const TYPE_UNDEFINED = 7;

interface Entry {
  readonly tag: number;
  readonly type: number;
  readonly count: number;
  /** Inline value (SHORT/LONG with count 1), or the bytes stored after the IFD. */
  readonly value: number | Buffer;
}

export interface TiffLayout {
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  readonly icc: Buffer;
}

/**
 * A little-endian TIFF header whose single strip starts right after it: the caller writes
 * width × height × channels bytes of pixels at offset `header.length`.
 */
export function rgbTiffHeader({ width, height, channels, icc }: TiffLayout): Buffer {
  const stripBytes = width * height * channels;
  if (stripBytes > 0xffffffff) throw new RangeError(`a ${width}×${height} image does not fit one TIFF strip`);

  const bitsPerSample = Buffer.alloc(channels * 2);
  for (let i = 0; i < channels; i += 1) bitsPerSample.writeUInt16LE(8, i * 2);

  const entries: Entry[] = [
    { tag: 256, type: TYPE_LONG, count: 1, value: width }, // ImageWidth
    { tag: 257, type: TYPE_LONG, count: 1, value: height }, // ImageLength
    { tag: 258, type: TYPE_SHORT, count: channels, value: bitsPerSample }, // BitsPerSample
    { tag: 259, type: TYPE_SHORT, count: 1, value: 1 }, // Compression: none
    { tag: 262, type: TYPE_SHORT, count: 1, value: 2 }, // PhotometricInterpretation: RGB
    { tag: 273, type: TYPE_LONG, count: 1, value: 0 }, // StripOffsets (patched below)
    { tag: 277, type: TYPE_SHORT, count: 1, value: channels }, // SamplesPerPixel
    { tag: 278, type: TYPE_LONG, count: 1, value: height }, // RowsPerStrip
    { tag: 279, type: TYPE_LONG, count: 1, value: stripBytes }, // StripByteCounts
    { tag: 284, type: TYPE_SHORT, count: 1, value: 1 }, // PlanarConfiguration: chunky
    ...(channels === 4 ? [{ tag: 338, type: TYPE_SHORT, count: 1, value: 2 }] : []), // ExtraSamples: unassociated alpha
    { tag: 34675, type: TYPE_UNDEFINED, count: icc.length, value: icc }, // ICCProfile
  ];

  const ifdOffset = 8;
  const ifdLength = 2 + entries.length * 12 + 4;
  let dataOffset = ifdOffset + ifdLength;
  const outOfLine: { offset: number; bytes: Buffer }[] = [];
  for (const entry of entries) {
    if (Buffer.isBuffer(entry.value) && entry.value.length > 4) {
      outOfLine.push({ offset: dataOffset, bytes: entry.value });
      dataOffset += entry.value.length + (entry.value.length % 2); // word-aligned, as TIFF asks
    }
  }
  const headerLength = dataOffset;

  const header = Buffer.alloc(headerLength);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(ifdOffset, 4);
  header.writeUInt16LE(entries.length, ifdOffset);
  let position = ifdOffset + 2;
  let nextOutOfLine = 0;
  for (const entry of entries) {
    header.writeUInt16LE(entry.tag, position);
    header.writeUInt16LE(entry.type, position + 2);
    header.writeUInt32LE(entry.count, position + 4);
    if (Buffer.isBuffer(entry.value)) {
      if (entry.value.length > 4) {
        const block = outOfLine[nextOutOfLine++]!;
        header.writeUInt32LE(block.offset, position + 8);
        block.bytes.copy(header, block.offset);
      } else {
        entry.value.copy(header, position + 8);
      }
    } else if (entry.tag === 273) {
      header.writeUInt32LE(headerLength, position + 8);
    } else if (entry.type === TYPE_SHORT) {
      header.writeUInt16LE(entry.value, position + 8);
    } else {
      header.writeUInt32LE(entry.value, position + 8);
    }
    position += 12;
  }
  header.writeUInt32LE(0, position); // no next IFD
  return header;
}
