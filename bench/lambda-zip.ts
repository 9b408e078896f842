/** The Lambda zips as `make build` writes them: building them, and reading their entries back. */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

import { projectRoot } from '../src/local/paths.js';

export interface ManifestEntry {
  readonly zip: string;
  readonly size: number;
  /** Folder of the zip's source maps (`<file in the zip>.map`), relative to the manifest's: the maps stay out of the zip. */
  readonly sourceMaps: string;
}

/** Runs build.mjs into outdir (dist/ by default) and returns its manifest. */
export async function buildLambdas(outdir = join(projectRoot, 'dist')): Promise<Record<string, ManifestEntry>> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'build.mjs'), '--outdir', outdir], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`node build.mjs exited with ${code}`))));
  });
  return JSON.parse(await readFile(join(outdir, 'manifest.json'), 'utf8')) as Record<string, ManifestEntry>;
}

/*
 * A small reader of the zips build.mjs writes, so neither the tests nor the benchmarks need an unzip
 * library: it reads the central directory (no ZIP64, no multi-disk: Lambda zips need neither) and
 * inflates an entry on demand.
 */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly dosTime: number;
  readonly dosDate: number;
  /** Unix mode from the high 16 bits of the external attributes (made by Unix). */
  readonly mode: number;
  readonly madeBy: number;
  readonly flags: number;
  readonly extraLength: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

export const readCentralDirectory = (zip: Buffer): ZipEntry[] => {
  // The end-of-central-directory record is 22 bytes plus a comment of up to 65,535 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i -= 1) {
    if (zip.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);

  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(offset) !== CENTRAL_SIGNATURE) throw new Error(`bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({
      madeBy: zip.readUInt16LE(offset + 4),
      flags: zip.readUInt16LE(offset + 8),
      method: zip.readUInt16LE(offset + 10),
      dosTime: zip.readUInt16LE(offset + 12),
      dosDate: zip.readUInt16LE(offset + 14),
      compressedSize: zip.readUInt32LE(offset + 20),
      size: zip.readUInt32LE(offset + 24),
      extraLength,
      mode: zip.readUInt32LE(offset + 38) >>> 16,
      localHeaderOffset: zip.readUInt32LE(offset + 42),
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
};

export const readEntry = (zip: Buffer, entry: ZipEntry): Buffer => {
  const at = entry.localHeaderOffset;
  if (zip.readUInt32LE(at) !== LOCAL_SIGNATURE) throw new Error(`bad local header for ${entry.name}`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const raw = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(raw);
  if (entry.method === 8) return inflateRawSync(raw);
  throw new Error(`${entry.name}: compression method ${entry.method} not supported`);
};

/** Every file in a zip, by name. */
export const readZip = (zip: Buffer): Map<string, Buffer> => new Map(readCentralDirectory(zip).map((entry) => [entry.name, readEntry(zip, entry)]));
