/**
 * Which format the `web` rendition should also come in: `npm run -s bench:formats`.
 *
 * Real photos from ../shared/fixtures (the iPhone HEIC at 2566×3313 and the camera JPEGs) are
 * decoded and sized to the `web` box once, through our pipeline; then each candidate encodes the
 * same pixels. For every candidate it prints the bytes (all photos together), the median encode
 * time and the PSNR against the unencoded pixels, each as a ratio to the JPEG the recipe already
 * makes (the baseline, encoded in the same process and rounds). Candidates run round-robin so a
 * noisy neighbour slows all of them alike.
 *
 *   tsx bench/formats.ts [--runs 3]
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import sharp, { type Sharp } from 'sharp';

import { encodeVariant, renderVariants, VARIANT_RECIPE, type VariantSpec } from '../src/processors/image-variants/pipeline.js';
import { done, fmtX, median, progress, table } from './report.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'fixtures', 'images', 'exif');
const PHOTOS = ['heic_IMG_5195.HEIC', 'Canon_40D.jpg', 'Nikon_D70.jpg', 'gps_DSCN0010.jpg', 'gps_DSCN0021.jpg', 'orientation_landscape_1.jpg'];

const web = VARIANT_RECIPE.find((v) => v.name === 'web')!;
const webp = VARIANT_RECIPE.find((v) => v.name === 'web-webp');

interface Candidate {
  readonly label: string;
  readonly encode: (image: Sharp) => Sharp;
}

const CANDIDATES: readonly Candidate[] = [
  { label: `JPEG q${web.quality} (${web.jpegEffort}), the recipe's web`, encode: (image) => encodeVariant(image, web) },
  ...(webp ? [{ label: `WebP q${webp.quality} effort ${webp.effort}, the recipe's web-webp`, encode: (image: Sharp) => encodeVariant(image, webp) }] : []),
  { label: 'WebP q80 effort 4', encode: (image) => image.webp({ quality: 80, effort: 4 }) },
  { label: 'AVIF q50 effort 2', encode: (image) => image.avif({ quality: 50, effort: 2 }) },
  { label: 'AVIF q62 effort 2 (near the JPEG PSNR)', encode: (image) => image.avif({ quality: 62, effort: 2 }) },
  { label: 'AVIF q50 effort 4 (sharp default)', encode: (image) => image.avif({ quality: 50, effort: 4 }) },
];

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Math.max(1, Number(args.runs));

/** Peak signal-to-noise ratio of an encoded image against the pixels it was made from, in dB. */
async function psnr(encoded: Buffer, reference: { data: Buffer; channels: number }): Promise<number> {
  const decoded = await sharp(encoded).removeAlpha().toColourspace('srgb').raw().toBuffer();
  let squared = 0;
  for (let i = 0; i < decoded.length; i += 1) squared += (decoded[i]! - reference.data[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (squared / decoded.length));
}

progress('decoding and sizing the photos to the web box');
// A lossless WebP of the web size keeps the pipeline's decode, orientation and resize exactly.
const lossless: VariantSpec = { ...web, format: 'webp', quality: 100 };
const pixels = await Promise.all(
  PHOTOS.map(async (file) => {
    const sized = (await renderVariants(await readFile(join(FIXTURES, file)), { recipe: [{ ...lossless, name: 'reference' }] })).variants[0]!;
    const raw = await sharp(sized.data).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return { file, data: raw.data, info: raw.info };
  }),
);

const times = CANDIDATES.map(() => [] as number[]);
const bytes = CANDIDATES.map(() => 0);
const quality = CANDIDATES.map(() => [] as number[]);
for (let run = 0; run < RUNS; run += 1) {
  for (const [c, candidate] of CANDIDATES.entries()) {
    progress(`run ${run + 1}/${RUNS}: ${candidate.label}`);
    let elapsed = 0;
    for (const photo of pixels) {
      const started = performance.now();
      const encoded = await candidate.encode(sharp(photo.data, { raw: photo.info })).toBuffer();
      elapsed += performance.now() - started;
      if (run === 0) {
        bytes[c]! += encoded.length;
        quality[c]!.push(await psnr(encoded, { data: photo.data, channels: photo.info.channels }));
      }
    }
    times[c]!.push(elapsed);
  }
}
done();

const baseline = { bytes: bytes[0]!, ms: median(times[0]!) };
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const summary = pixels.map((p) => `${p.file} ${p.info.width}×${p.info.height}`).join(', ');
process.stdout.write(`web rendition (${web.width} px box) of ${summary}; ${RUNS} runs, encode time summed over the photos\n\n`);
process.stdout.write(
  `${table(
    ['format', 'bytes', 'vs JPEG', 'encode ms (median)', 'vs JPEG', 'PSNR dB (mean)'],
    CANDIDATES.map((candidate, c) => [
      candidate.label,
      String(bytes[c]),
      fmtX(bytes[c]! / baseline.bytes),
      median(times[c]!).toFixed(0),
      fmtX(median(times[c]!) / baseline.ms),
      mean(quality[c]!).toFixed(2),
    ]),
  )}\n`,
);
