/**
 * Image pipeline benchmark (issue 4, item 8): `npm run bench:images` (or `make bench-images`).
 *
 * On a generated 24-megapixel JPEG, the median wall time of
 *   - web only:   one sharp pipeline producing the `web` rendition in each of its formats (JPEG and
 *                 WebP since recipe 2: the largest rendition alone, the baseline);
 *   - our set:    renderVariants(), every rendition from one decode;
 *   - per variant: one independent sharp pipeline per rendition, run together (each decodes);
 *   - ImageMagick: Debian's /usr/bin/convert producing the same files, with explicit limits;
 * plus sharp.concurrency 1 / default / 2 for our set and the baseline, and the peak RSS of a child
 * process that only runs our pipeline (bundled by esbuild, as on Lambda).
 *
 * Scenarios run round-robin (one run of each, then the next round) so that a noisy neighbour on
 * the machine slows all of them alike. Exit code 1 when a target is missed.
 *
 *   tsx bench/images.ts [--runs 7] [--warmup 1] [--keep]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { build } from 'esbuild';
import sharp from 'sharp';

import { configureSharp, encodeVariant, type JpegEffort, renderVariants, VARIANT_RECIPE, type VariantRecipe, type VariantSpec } from '../src/processors/image-variants/pipeline.js';
import { done, fmtX, median, progress, table } from './report.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const IMAGEMAGICK = '/usr/bin/convert';
const WIDTH = 6000;
const HEIGHT = 4000;
const HEIC_FIXTURE = join(ROOT, '..', 'shared', 'fixtures', 'images', 'exif', 'heic_IMG_5195.HEIC');

const TARGETS = { fullOverWebOnly: 1.25, imageMagickOverFull: 4, peakRssMb: 300 };

/** The recipe with another JPEG effort for `web`: `plain` is what ImageMagick writes, `trellis` trades time for bytes. */
const withWebJpeg = (jpegEffort: JpegEffort): VariantRecipe => VARIANT_RECIPE.map((v) => (v.format === 'jpeg' ? { ...v, jpegEffort } : v));
const PLAIN_JPEG_RECIPE = withWebJpeg('plain');
const TRELLIS_JPEG_RECIPE = withWebJpeg('trellis');

/** The limits ImageMagick actually applies, from its own -list resource. */
function imageMagickResources(threads: number): string {
  const listed = spawnSync(IMAGEMAGICK, [...imageMagickLimits(threads), '-list', 'resource'], { encoding: 'utf8' }).stdout;
  return listed
    .split('\n')
    .map((line) => /^\s*(Area|Memory|Map|Disk|Thread):\s*(\S+)/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]!.toLowerCase()} ${m[2]}`)
    .join(', ');
}

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, warmup: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false } },
});
const RUNS = Math.max(5, Number(args.runs));
const WARMUP = Math.max(0, Number(args.warmup));


/** A photo-like 24 MP JPEG: smooth gradients and a wave pattern under sensor-like noise. */
async function makeJpeg(path: string): Promise<Buffer> {
  const pixels = Buffer.allocUnsafe(WIDTH * HEIGHT * 3);
  let seed = 0x2545f491;
  for (let y = 0; y < HEIGHT; y += 1) {
    for (let x = 0; x < WIDTH; x += 1) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      const noise = ((seed >>> 24) - 128) / 4;
      const i = (y * WIDTH + x) * 3;
      pixels[i] = clamp((x * 255) / WIDTH + noise);
      pixels[i + 1] = clamp((y * 255) / HEIGHT + noise);
      pixels[i + 2] = clamp(128 + 100 * Math.sin(x / 200) * Math.cos(y / 150) + noise);
    }
  }
  const jpeg = await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  await writeFile(path, jpeg);
  return jpeg;
}
const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

const spec = (name: string): VariantSpec => {
  const found = VARIANT_RECIPE.find((v) => v.name === name);
  if (!found) throw new Error(`no ${name} in VARIANT_RECIPE`);
  return found;
};

/** One sharp pipeline from the original bytes to one rendition (what the naive approach does per variant). */
function independent(jpeg: Buffer, v: VariantSpec): Promise<Buffer> {
  const resized = sharp(jpeg, { failOn: 'error', autoOrient: true }).resize({
    width: v.width,
    height: v.height,
    fit: v.fit,
    withoutEnlargement: v.fit === 'inside',
  });
  return encodeVariant(resized.toColourspace('srgb'), v).toBuffer();
}

/** Resource limits asked of ImageMagick; Debian's policy.xml caps some of them lower (printed as in force). */
const imageMagickLimits = (threads: number) => ['-limit', 'thread', String(threads), '-limit', 'memory', '1GiB', '-limit', 'map', '2GiB', '-limit', 'disk', '4GiB'];

/** The `web` rendition in every format the recipe serves it in. */
const webFormats = VARIANT_RECIPE.filter((v) => v.name === 'web' || v.name.startsWith('web-'));

function imageMagickArgs(input: string, outDir: string, threads: number, shrinkHint: boolean): string[] {
  const web = spec('web');
  const mobile = spec('mobile');
  const thumb = spec('thumb');
  // jpeg:size lets libjpeg decode at a reduced scale (ImageMagick's shrink-on-load); it must not
  // exceed the image, or IM 6.9 decodes *enlarged* (4096x4096 here: 12000x8000 on disk, 22 s).
  const hint = `${web.width}x${Math.round((web.width * HEIGHT) / WIDTH)}`;
  return [
    ...imageMagickLimits(threads),
    ...(shrinkHint ? ['-define', `jpeg:size=${hint}`] : []),
    input,
    ...['-auto-orient', '-strip', '-colorspace', 'sRGB', '-resize', `${web.width}x${web.height}>`],
    ...['(', '+clone', '-quality', String(web.quality), '-interlace', 'Plane', '-write', join(outDir, 'web.jpg'), '+delete', ')'],
    ...webFormats
      .filter((v) => v.format === 'webp')
      .flatMap((v) => ['(', '+clone', '-quality', String(v.quality), '-define', `webp:method=${v.effort ?? 4}`, '-write', join(outDir, `${v.name}.webp`), '+delete', ')']),
    ...['(', '+clone', '-resize', `${mobile.width}x${mobile.height}>`, '-quality', String(mobile.quality), '-define', `webp:method=${mobile.effort ?? 4}`, '-write', join(outDir, 'mobile.webp'), '+delete', ')'],
    ...['-resize', `${thumb.width}x${thumb.height}^`, '-gravity', 'center', '-extent', `${thumb.width}x${thumb.height}`, '-quality', String(thumb.quality), '-define', `webp:method=${thumb.effort ?? 4}`],
    join(outDir, 'thumb.webp'),
  ];
}

function runImageMagick(argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(IMAGEMAGICK, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`convert exited ${code}: ${stderr.trim()}`))));
  });
}

interface Scenario {
  readonly id: string;
  readonly label: string;
  readonly concurrency?: number;
  readonly run: () => Promise<unknown>;
}

async function measure(scenarios: Scenario[]): Promise<Map<string, number[]>> {
  const times = new Map(scenarios.map((s) => [s.id, [] as number[]]));
  const rounds = WARMUP + RUNS;
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, s] of scenarios.entries()) {
      progress(`round ${round + 1}/${rounds}${round < WARMUP ? ' (warm-up)' : ''} · ${index + 1}/${scenarios.length} ${s.label}`);
      if (s.concurrency !== undefined) configureSharp({ concurrency: s.concurrency });
      const started = performance.now();
      await s.run();
      const elapsed = performance.now() - started;
      if (round >= WARMUP) times.get(s.id)!.push(elapsed);
    }
  }
  done();
  configureSharp({ concurrency: 0 });
  return times;
}

/** Child process source: run only our pipeline, then report the peak RSS the kernel saw. */
const CHILD_SOURCE = `
import { readFileSync } from 'node:fs';
import { configureSharp, renderVariants } from ${JSON.stringify(join(ROOT, 'src/processors/image-variants/pipeline.ts'))};
const [file, concurrency, runs] = process.argv.slice(2);
configureSharp({ concurrency: Number(concurrency) });
const input = readFileSync(file);
const ms = [];
for (let i = 0; i < Number(runs); i += 1) {
  const started = performance.now();
  await renderVariants(input);
  ms.push(Math.round(performance.now() - started));
}
// VmHWM, not resourceUsage().maxRSS: Linux carries ru_maxrss over fork and exec, so a child would
// report at least its parent's peak (this benchmark holds a 72 MB raw image and more).
const hwm = /^VmHWM:\\s+(\\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(JSON.stringify({ maxRssKb: hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS, ms }));
`;

/** Bundles the child as build.mjs bundles a Lambda (ESM, sharp external) into dir, beside a node_modules link. */
async function bundleChild(dir: string): Promise<string> {
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const entry = join(dir, 'child-entry.mjs');
  const outfile = join(dir, 'child.mjs');
  await writeFile(entry, CHILD_SOURCE);
  await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['sharp'],
    banner: { js: "import{createRequire as __r}from'node:module';const require=__r(import.meta.url);" },
    logLevel: 'error',
  });
  return outfile;
}

function peakRss(child: string, file: string, concurrency: number, runs: number): { maxRssMb: number; ms: number[] } {
  const result = spawnSync(process.execPath, [child, file, String(concurrency), String(runs)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`RSS child failed: ${result.stderr}`);
  const { maxRssKb, ms } = JSON.parse(result.stdout) as { maxRssKb: number; ms: number[] };
  return { maxRssMb: maxRssKb / 1024, ms };
}

const fmtMs = (ms: number) => `${Math.round(ms)} ms`;

async function main(): Promise<void> {
  if (!existsSync(IMAGEMAGICK)) {
    throw new Error(`${IMAGEMAGICK} is missing: run \`make bench-deps\` (Debian's imagemagick). Another convert on PATH is not ImageMagick.`);
  }
  const threads = availableParallelism();
  const dir = await mkdtemp(join(tmpdir(), 'bench-images-'));
  try {
    progress(`generating a ${WIDTH}×${HEIGHT} JPEG in ${dir}`);
    const input = join(dir, 'photo-24mp.jpg');
    const jpeg = await makeJpeg(input);
    done();

    const imVersion = spawnSync(IMAGEMAGICK, ['-version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '?';
    const defaultConcurrency = configureSharp({ concurrency: 0 }).concurrency;
    console.log(`# Image pipeline benchmark\n`);
    console.log(`- machine: ${threads} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips})`);
    console.log(`- input: ${WIDTH}×${HEIGHT} JPEG (q90, gradient + noise), ${(jpeg.length / 1e6).toFixed(1)} MB`);
    console.log(`- recipe: ${VARIANT_RECIPE.map((v) => `${v.name} ${v.fit} ${v.width}×${v.height} ${v.format} q${v.quality}${v.effort !== undefined ? ` effort ${v.effort}` : ''}${v.jpegEffort !== undefined ? ` progressive, mozjpeg effort ${v.jpegEffort}` : ''}`).join('; ')}`);
    console.log(`- sharp.concurrency default here: ${defaultConcurrency}; runs: median of ${RUNS} after ${WARMUP} warm-up round(s), round-robin`);
    console.log(`- load average at start: ${loadavg()[0]!.toFixed(2)} on ${threads} cores`);
    console.log(`- ImageMagick: ${imVersion}`);
    console.log(`  asked: ${imageMagickLimits(threads).join(' ')}`);
    console.log(`  in force (policy.xml caps what -limit may raise): ${imageMagickResources(threads)}\n`);

    const imDir = await mkdtemp(join(dir, 'im-'));
    const imHintDir = await mkdtemp(join(dir, 'im-hint-'));
    const imArgs = imageMagickArgs(input, imDir, threads, false);
    const imHintArgs = imageMagickArgs(input, imHintDir, threads, true);

    const concurrencies = [1, 0, 2];
    const name = (c: number) => (c === 0 ? `default (${defaultConcurrency})` : String(c));
    const scenarios: Scenario[] = [
      ...concurrencies.flatMap((c): Scenario[] => [
        { id: `web@${c}`, label: `web only, sharp, concurrency ${name(c)}`, concurrency: c, run: () => renderVariants(jpeg, { recipe: webFormats }) },
        { id: `ours@${c}`, label: `full set, our pipeline, concurrency ${name(c)}`, concurrency: c, run: () => renderVariants(jpeg) },
      ]),
      { id: 'independent', label: 'full set, one sharp pipeline per variant', concurrency: 0, run: () => Promise.all(VARIANT_RECIPE.map((v) => independent(jpeg, v))) },
      { id: 'ours-plain', label: 'full set, our pipeline, web with standard JPEG tables', concurrency: 0, run: () => renderVariants(jpeg, { recipe: PLAIN_JPEG_RECIPE }) },
      { id: 'ours-trellis', label: 'full set, our pipeline, web with trellis quantisation', concurrency: 0, run: () => renderVariants(jpeg, { recipe: TRELLIS_JPEG_RECIPE }) },
      { id: 'im', label: 'full set, ImageMagick', run: () => runImageMagick(imArgs) },
      { id: 'im-hint', label: 'full set, ImageMagick with -define jpeg:size', run: () => runImageMagick(imHintArgs) },
    ];
    const times = await measure(scenarios);
    const med = (id: string) => median(times.get(id)!);
    const range = (id: string) => `${fmtMs(Math.min(...times.get(id)!))}–${fmtMs(Math.max(...times.get(id)!))}`;

    progress('peak RSS: bundling the child process');
    const child = await bundleChild(dir);
    progress('peak RSS: our pipeline on the 24 MP JPEG (default concurrency)');
    const rss = peakRss(child, input, 0, 3);
    progress('peak RSS: our pipeline on the 24 MP JPEG (concurrency 2)');
    const rss2 = peakRss(child, input, 2, 3);
    const heicRss = existsSync(HEIC_FIXTURE) ? (progress('peak RSS: our pipeline on the HEIC fixture'), peakRss(child, HEIC_FIXTURE, 0, 2)) : undefined;
    done();

    const baseline = med('web@0');
    const ours = med('ours@0');
    const fullRatio = ours / baseline;
    const imRatio = med('im') / ours;
    const imPlainRatio = med('im') / med('ours-plain');
    const imTrellisRatio = med('im') / med('ours-trellis');
    const imHintRatio = med('im-hint') / ours;
    const verdict = (ok: boolean) => (ok ? 'yes' : '**NO**');
    const results = {
      full: fullRatio <= TARGETS.fullOverWebOnly,
      im: imRatio >= TARGETS.imageMagickOverFull,
      rss: rss.maxRssMb <= TARGETS.peakRssMb,
    };

    console.log(`## Results (sharp.concurrency ${name(0)})\n`);
    console.log(
      table(
        ['scenario', 'median', 'min–max', 'ratio', 'target', 'met'],
        [
          ['web only, sharp (baseline)', fmtMs(baseline), range('web@0'), '1.00× web-only', '', ''],
          ['full set, our pipeline (one decode)', fmtMs(ours), range('ours@0'), `${fmtX(fullRatio)} web-only`, `≤ ${TARGETS.fullOverWebOnly}× web-only`, verdict(results.full)],
          ['full set, one sharp pipeline per variant', fmtMs(med('independent')), range('independent'), `${fmtX(med('independent') / baseline)} web-only`, '', ''],
          [`full set, ImageMagick (${threads} threads)`, fmtMs(med('im')), range('im'), `ours ${fmtX(imRatio)} faster`, `ours ≥ ${TARGETS.imageMagickOverFull}× faster`, verdict(results.im)],
          ['full set, ImageMagick + jpeg:size hint', fmtMs(med('im-hint')), range('im-hint'), `ours ${fmtX(imHintRatio)} faster`, '(for information)', imHintRatio >= TARGETS.imageMagickOverFull ? 'yes' : 'no'],
          ['full set, ours, web JPEG with standard tables (like IM)', fmtMs(med('ours-plain')), range('ours-plain'), `ours ${fmtX(imPlainRatio)} faster`, '(for information)', imPlainRatio >= TARGETS.imageMagickOverFull ? 'yes' : 'no'],
          ['full set, ours, web JPEG with trellis quantisation', fmtMs(med('ours-trellis')), range('ours-trellis'), `ours ${fmtX(imTrellisRatio)} faster`, '(for information)', imTrellisRatio >= TARGETS.imageMagickOverFull ? 'yes' : 'no'],
          ['peak RSS, child running only our pipeline', `${Math.round(rss.maxRssMb)} MB`, `runs ${rss.ms.join(', ')} ms`, '', `≤ ${TARGETS.peakRssMb} MB`, verdict(results.rss)],
          ['peak RSS, same, concurrency 2', `${Math.round(rss2.maxRssMb)} MB`, `runs ${rss2.ms.join(', ')} ms`, '', '', ''],
          ...(heicRss ? [['peak RSS, HEIC fixture (12 MP → wasm decode)', `${Math.round(heicRss.maxRssMb)} MB`, `runs ${heicRss.ms.join(', ')} ms`, '', '', '']] : []),
        ],
      ),
    );

    console.log(`\n## sharp.concurrency\n`);
    console.log(
      table(
        ['concurrency', 'web only', 'full set (ours)', 'full / web-only'],
        concurrencies.map((c) => [name(c), fmtMs(med(`web@${c}`)), fmtMs(med(`ours@${c}`)), fmtX(med(`ours@${c}`) / med(`web@${c}`))]),
      ),
    );

    const ourSizes = await renderVariants(jpeg);
    const imSizes = await Promise.all(['thumb.webp', 'mobile.webp', 'web.jpg', ...webFormats.filter((v) => v.format === 'webp').map((v) => `${v.name}.webp`)].map(async (f) => [f, (await readFile(join(imDir, f))).length, await sharp(join(imDir, f)).metadata()] as const));
    const webBytes = async (recipe: VariantRecipe) => `${((await renderVariants(jpeg, { recipe })).variants.find((v) => v.name === 'web')!.bytes / 1024).toFixed(0)} KB`;
    console.log(`\nOutputs: ours ${ourSizes.variants.map((v) => `${v.name} ${v.width}×${v.height} ${(v.bytes / 1024).toFixed(0)} KB`).join(', ')}`);
    console.log(`         ours, web.jpg with standard tables ${await webBytes(PLAIN_JPEG_RECIPE)}, with trellis quantisation ${await webBytes(TRELLIS_JPEG_RECIPE)}`);
    console.log(`         ImageMagick ${imSizes.map(([f, bytes, m]) => `${f} ${m.width}×${m.height} ${(bytes / 1024).toFixed(0)} KB`).join(', ')}`);
    console.log(`\nImageMagick command: ${IMAGEMAGICK} ${imArgs.map((a) => (a.includes(' ') || a === '(' || a === ')' || a.includes('>') || a.includes('^') ? `'${a}'` : a)).join(' ').replaceAll(dir, '$TMP')}`);

    const load = loadavg()[0]!;
    console.log(`\nLoad average at the end: ${load.toFixed(2)} on ${threads} cores.`);
    if (load > threads / 2) {
      console.log('**The machine was busy with other work: the timings above are not trustworthy; run again when it is idle.**');
    }
    const missed = Object.entries(results).filter(([, ok]) => !ok).map(([k]) => k);
    if (missed.length) {
      console.log(`\nTargets missed: ${missed.join(', ')}`);
      process.exitCode = 1;
    } else {
      console.log('\nAll targets met.');
    }
  } finally {
    if (args.keep) console.error(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

await main();
