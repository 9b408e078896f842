/**
 * `npm run -s load`: many uploads at once through the whole running system, as browsers send them,
 * and what each one costs. The files are made for the run (photos of 2 to 24 megapixels, JPEG and
 * PNG, landscape and portrait, the fixtures' iPhone HEIC, a share of corrupt files and of repeats,
 * short videos), uploaded by `concurrency` clients with real presigned POSTs, and watched in the
 * table until every one is ready or failed and its optional processors have run.
 *
 * The watcher reads DynamoDB and S3 directly with a User-Agent the local moto leaves out of its
 * call counts (tools/moto/server.py), so the counts are the system's own calls: the API's, the
 * processors', the worker's and the browsers' POSTs.
 *
 * The logic takes its clients and clock as parameters; load-main.ts wires them.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { BatchGetCommand, type BatchGetCommandOutput, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import sharp from 'sharp';

import { MODERATION_PROCESSORS } from '../shared/moderation.js';
import { processorAttribute } from '../shared/media-store.js';
import type { MediaClass } from '../shared/registry.js';
import { contentTypeOf } from './smoke.js';

/** The User-Agent fragment the local moto does not count (tools/moto/server.py). */
export const OBSERVER_USER_AGENT = 'album-observer';

export type LoadKind = 'jpeg' | 'png' | 'heic' | 'corrupt' | 'video';

export interface LoadFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly kind: LoadKind;
  readonly mediaClass: MediaClass;
  /** An earlier file's bytes again: the API should answer with the existing item. */
  readonly repeatOf?: string;
}

export interface LoadFileOptions {
  readonly photos: number;
  readonly videos: number;
  readonly corruptShare: number;
  readonly duplicateShare: number;
  readonly minMegapixels: number;
  readonly maxMegapixels: number;
  /** Fixture photos whose pictures the generated ones are made from, and the iPhone HEIC. */
  readonly sourcePhotos: readonly string[];
  readonly heic?: string;
  readonly seed: number;
}

/** A small deterministic generator, so a run can be repeated file for file. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** PNG is lossless: above this a photo-like PNG passes the 50 MiB upload cap. */
const PNG_MAX_MEGAPIXELS = 12;

/**
 * The run's files in `dir`: each photo a fixture picture scaled to its size, with a patch of its
 * own so no two share bytes; corrupt ones are JPEGs cut short; repeats re-use an earlier file.
 */
export async function makeLoadFiles(dir: string, options: LoadFileOptions, onMade?: (made: number, total: number) => void): Promise<LoadFile[]> {
  const random = seededRandom(options.seed);
  const files: LoadFile[] = [];
  const total = options.photos + options.videos;
  const repeats = Math.floor(options.photos * options.duplicateShare);
  const distinct = options.photos - repeats;
  const corrupt = Math.max(options.corruptShare > 0 ? 1 : 0, Math.round(options.photos * options.corruptShare));
  // Spread through the run, never the first file (the HEIC).
  const corruptEvery = corrupt > 0 ? Math.max(2, Math.floor(distinct / (corrupt + 1))) : Number.POSITIVE_INFINITY;
  let corruptMade = 0;
  for (let i = 0; i < distinct; i += 1) {
    const name = `load-${String(i).padStart(5, '0')}`;
    if (i === 0 && options.heic) {
      files.push({ name: `${name}.heic`, path: options.heic, bytes: readFileSync(options.heic).length, kind: 'heic', mediaClass: 'image' });
      continue;
    }
    const megapixels = options.minMegapixels + random() * (options.maxMegapixels - options.minMegapixels);
    const portrait = random() < 0.3;
    const isCorrupt = i > 0 && i % corruptEvery === 0 && corruptMade < corrupt;
    if (isCorrupt) corruptMade += 1;
    const kind: LoadKind = isCorrupt ? 'corrupt' : megapixels <= PNG_MAX_MEGAPIXELS && random() < 0.2 ? 'png' : 'jpeg';
    const longSide = Math.round(Math.sqrt((megapixels * 1e6 * 4) / 3));
    const shortSide = Math.round((longSide * 3) / 4);
    const [width, height] = portrait ? [shortSide, longSide] : [longSide, shortSide];
    const source = options.sourcePhotos[Math.floor(random() * options.sourcePhotos.length)]!;
    const patch = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: Math.floor(random() * 256), g: Math.floor(random() * 256), b: i % 256 } } }).png().toBuffer();
    const picture = sharp(source).rotate().resize(width, height, { fit: 'cover' }).composite([{ input: patch, left: Math.floor(random() * (width - 64)), top: Math.floor(random() * (height - 64)) }]);
    const path = join(dir, `${name}.${kind === 'png' ? 'png' : 'jpg'}`);
    const bytes = kind === 'png' ? await picture.png().toBuffer() : await picture.jpeg({ quality: 88 }).toBuffer();
    writeFileSync(path, kind === 'corrupt' ? bytes.subarray(0, Math.floor(bytes.length * 0.6)) : bytes);
    files.push({ name: `${name}.${kind === 'png' ? 'png' : 'jpg'}`, path, bytes: kind === 'corrupt' ? Math.floor(bytes.length * 0.6) : bytes.length, kind, mediaClass: 'image' });
    onMade?.(files.length, total);
  }
  const originals = files.filter((f) => f.kind !== 'corrupt');
  for (let i = 0; i < repeats && originals.length > 0; i += 1) {
    const original = originals[Math.floor(random() * originals.length)]!;
    files.push({ ...original, name: `repeat-${String(i).padStart(5, '0')}-${original.name}`, repeatOf: original.name });
  }
  for (let i = 0; i < options.videos; i += 1) {
    const path = join(dir, `load-video-${String(i).padStart(4, '0')}.mp4`);
    // Three seconds of a moving test pattern with a tone, a different pattern and pitch each.
    execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=duration=3:size=1280x720:rate=30,hue=h=${(i * 37) % 360}`, '-f', 'lavfi', '-i', `sine=frequency=${300 + i * 7}:duration=3`, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path], { stdio: ['ignore', 'ignore', 'inherit'] });
    files.push({ name: `load-video-${String(i).padStart(4, '0')}.mp4`, path, bytes: readFileSync(path).length, kind: 'video', mediaClass: 'video' });
    onMade?.(files.length, total);
  }
  return files;
}

export interface LoadTarget {
  readonly apiUrl: string;
  readonly token: string;
  readonly albumId: string;
  /** The watcher's clients: their User-Agent carries OBSERVER_USER_AGENT. */
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly tableName: string;
  readonly buckets: { readonly originals: string; readonly derived: string };
  readonly fetch: typeof fetch;
}

export type ItemResult = 'ready' | 'failed' | 'lost' | 'duplicate';

export interface ItemOutcome {
  readonly file: LoadFile;
  readonly result: ItemResult;
  readonly mediaId?: string;
  /** From the end of the upload to `ready` or `failed`, as the item's `updatedAt` says. */
  readonly latencyMs?: number;
  readonly reason?: string;
}

export interface UploadRunOptions {
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly now?: () => number;
  readonly onProgress?: (progress: { readonly phase: 'upload' | 'settle'; readonly done: number; readonly total: number }) => void;
}

interface Watched {
  readonly file: LoadFile;
  readonly mediaId: string;
  readonly uploadedAt: number;
}

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('base64');

/** Uploads every file with `concurrency` clients, then watches the table until each settles. */
export async function uploadAndSettle(target: LoadTarget, files: readonly LoadFile[], options: UploadRunOptions): Promise<{ outcomes: ItemOutcome[]; startedAt: number; settledAt: number }> {
  const now = options.now ?? Date.now;
  const outcomes = new Map<string, ItemOutcome>();
  const watched: Watched[] = [];
  const startedAt = now();
  let next = 0;
  let uploaded = 0;
  const client = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const bytes = readFileSync(file.path);
      const contentType = contentTypeOf(file.path);
      const issued = await target.fetch(`${target.apiUrl}/api/albums/${target.albumId}/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fileName: file.name, contentType, bytes: bytes.length, sha256: sha256Of(bytes) }),
      });
      const body = (await issued.json().catch(() => ({}))) as { mediaId?: string; upload?: { url: string; fields: Record<string, string> }; existing?: { mediaId: string }; error?: { message?: string } };
      if (issued.status === 200 && body.existing) {
        outcomes.set(file.name, { file, result: 'duplicate', mediaId: body.existing.mediaId });
      } else if (issued.status !== 201 || !body.upload || !body.mediaId) {
        outcomes.set(file.name, { file, result: 'lost', reason: `the API answered ${issued.status}: ${body.error?.message ?? ''}` });
      } else {
        const form = new FormData();
        for (const [name, value] of Object.entries(body.upload.fields)) form.append(name, value);
        form.append('file', new Blob([bytes], { type: contentType }), file.name);
        const posted = await target.fetch(body.upload.url, { method: 'POST', body: form });
        await posted.arrayBuffer();
        if (posted.status >= 300) outcomes.set(file.name, { file, result: 'lost', reason: `S3 refused the upload (${posted.status})` });
        else watched.push({ file, mediaId: body.mediaId, uploadedAt: now() });
      }
      options.onProgress?.({ phase: 'upload', done: ++uploaded, total: files.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, files.length) }, client));

  const deadline = now() + options.timeoutMs;
  let pending = [...watched];
  let settledAt = now();
  while (pending.length > 0) {
    const items = await readItems(target, pending.map((w) => w.mediaId));
    const still: Watched[] = [];
    for (const item of pending) {
      const media = items.get(item.mediaId);
      const status = media?.status;
      if ((status === 'ready' || status === 'failed') && media && optionalProcessorsDone(media)) {
        const settled = Date.parse(String(media.updatedAt ?? ''));
        outcomes.set(item.file.name, { file: item.file, result: status, mediaId: item.mediaId, latencyMs: Number.isNaN(settled) ? undefined : Math.max(0, settled - item.uploadedAt), ...(status === 'failed' ? { reason: String(media.failureReason ?? '') } : {}) });
        settledAt = Math.max(settledAt, Number.isNaN(settled) ? now() : settled);
      } else if (now() >= deadline) {
        outcomes.set(item.file.name, { file: item.file, result: 'lost', mediaId: item.mediaId, reason: media ? `still ${String(status)}${status === 'ready' ? ' (an optional processor has not run)' : ''}` : 'no media item' });
      } else {
        still.push(item);
      }
    }
    pending = still;
    options.onProgress?.({ phase: 'settle', done: watched.length - pending.length, total: watched.length });
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { outcomes: files.map((f) => outcomes.get(f.name)!), startedAt, settledAt };
}

/** A ready photo has been labelled and moderated, a ready video moderated: their calls count too. */
function optionalProcessorsDone(media: Record<string, unknown>): boolean {
  if (media.status !== 'ready') return true;
  const mediaClass = media.mediaClass as MediaClass;
  const optional = mediaClass === 'image' ? ['image-labels', MODERATION_PROCESSORS.image] : [MODERATION_PROCESSORS.video];
  return optional.every((p) => media[processorAttribute(p)] !== undefined);
}

async function readItems(target: LoadTarget, mediaIds: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const doc = DynamoDBDocumentClient.from(target.dynamodb);
  for (let i = 0; i < mediaIds.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = mediaIds.slice(i, i + 100).map((id) => ({ pk: `MEDIA#${id}`, sk: 'MEDIA' }));
    while (keys && keys.length > 0) {
      const reply: BatchGetCommandOutput = await doc.send(new BatchGetCommand({ RequestItems: { [target.tableName]: { Keys: keys, ConsistentRead: true } } }));
      for (const media of reply.Responses?.[target.tableName] ?? []) found.set(String(media.mediaId), media);
      keys = reply.UnprocessedKeys?.[target.tableName]?.Keys;
    }
  }
  return found;
}

export interface StoredSizes {
  readonly original: number;
  readonly derived: number;
  /** By rendition file name without its recipe folder: `thumb.webp`, `web.jpg`, `poster.jpg`... */
  readonly renditions: Readonly<Record<string, number>>;
}

/** Bytes stored for each item: its original and every rendition. */
export async function storedBytes(target: LoadTarget, outcomes: readonly ItemOutcome[]): Promise<Map<string, StoredSizes>> {
  const sizes = new Map<string, StoredSizes>();
  const list = async (bucket: string, prefix: string) => {
    const objects: { key: string; size: number }[] = [];
    let token: string | undefined;
    do {
      const page = await target.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const object of page.Contents ?? []) objects.push({ key: object.Key ?? '', size: object.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return objects;
  };
  for (const outcome of outcomes) {
    if (!outcome.mediaId || outcome.result === 'duplicate' || outcome.result === 'lost') continue;
    const originals = await list(target.buckets.originals, `originals/${outcome.file.mediaClass}/${outcome.mediaId}.`);
    const derived = await list(target.buckets.derived, `derived/${outcome.mediaId}/`);
    const renditions: Record<string, number> = {};
    for (const object of derived) renditions[object.key.slice(object.key.lastIndexOf('/') + 1)] = object.size;
    sizes.set(outcome.mediaId, { original: originals.reduce((s, o) => s + o.size, 0), derived: derived.reduce((s, o) => s + o.size, 0), renditions });
  }
  return sizes;
}

/** The value below which `fraction` of the sorted values fall (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export interface MotoCall {
  readonly service: string;
  readonly operation: string;
  readonly count: number;
  readonly items: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly seconds: number;
}

/** The calls the local moto counted since it was last reset (tools/moto/server.py). */
export async function motoCalls(endpoint: string, fetcher: typeof fetch, reset = false): Promise<MotoCall[]> {
  const reply = await fetcher(`${endpoint}/_album/calls`, { method: reset ? 'DELETE' : 'GET', headers: { 'user-agent': OBSERVER_USER_AGENT } });
  if (reply.status !== 200) throw new Error(`the local moto did not report its calls (${reply.status}): start the stack with tools/moto/server.py`);
  return ((await reply.json()) as { calls: MotoCall[] }).calls;
}

/**
 * DynamoDB capacity units of the calls, from their measured sizes: a write unit per KB of each
 * item written (a transaction's items twice), a read unit per 4 KB read (consistent reads, as the
 * system's are). The sizes are the JSON on the wire, a little more than DynamoDB counts, so the
 * units err high.
 */
export function dynamoUnits(calls: readonly MotoCall[]): { readonly readUnits: number; readonly writeUnits: number } {
  let readUnits = 0;
  let writeUnits = 0;
  for (const call of calls.filter((c) => c.service === 'dynamodb' || c.service.startsWith('DynamoDB'))) {
    const perItemRequest = call.requestBytes / Math.max(1, call.items);
    const perCallResponse = call.responseBytes / Math.max(1, call.count);
    if (/^(PutItem|UpdateItem|DeleteItem)$/.test(call.operation)) writeUnits += call.count * Math.max(1, Math.ceil(perItemRequest / 1024));
    else if (call.operation === 'TransactWriteItems') writeUnits += 2 * call.items * Math.max(1, Math.ceil(perItemRequest / 1024));
    else if (call.operation === 'BatchWriteItem') writeUnits += Math.max(call.count, Math.ceil(call.requestBytes / 1024));
    else if (/^(GetItem|Query|Scan|BatchGetItem)$/.test(call.operation)) readUnits += call.count * Math.max(1, Math.ceil(perCallResponse / 4096));
    else if (call.operation === 'TransactGetItems') readUnits += 2 * call.items * Math.max(1, Math.ceil(perCallResponse / Math.max(1, call.items) / 4096));
  }
  return { readUnits, writeUnits };
}

/** Calls per uploaded item, by `service:operation`, from the counts of a phase that uploaded `items`. */
export function callsPerItem(calls: readonly MotoCall[], items: number): Record<string, number> {
  const perItem: Record<string, number> = {};
  for (const call of calls) perItem[`${call.service}:${call.operation}`] = Math.round((call.count / Math.max(1, items)) * 1000) / 1000;
  return perItem;
}

export interface LoadPlan extends Omit<LoadFileOptions, 'sourcePhotos' | 'heic'> {
  readonly concurrency: number;
  readonly timeoutMs: number;
}

export interface PhaseReport {
  readonly uploaded: number;
  readonly ready: number;
  readonly failed: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly wallSeconds: number;
  readonly itemsPerMinute: number;
  readonly latencySeconds: { readonly p50?: number; readonly p95?: number; readonly p99?: number };
  readonly callsPerItem: Record<string, number>;
  readonly dynamoUnitsPerItem: { readonly readUnits: number; readonly writeUnits: number };
  /** Time moto spent serving the phase's calls, summed over its threads; long polls (ReceiveMessage) left out, they wait by design. */
  readonly motoSeconds: number;
  /** The operations moto spent most of that time on. */
  readonly motoSecondsByOperation: Readonly<Record<string, number>>;
  readonly bytesPerItem: { readonly original: number; readonly renditions: number; readonly byRendition: Readonly<Record<string, number>> };
  /** What the duplicates the API caught did not cost: their uploads, originals and renditions. */
  readonly duplicateSavings: { readonly uploads: number; readonly originalBytes: number; readonly renditionBytes: number; readonly processorRuns: number };
  /** Where the machine's CPU went during the phase, when it could be read (Linux). */
  readonly cpu?: CpuShare;
}

/**
 * Where a phase's CPU went, in core-seconds: how busy the machine's cores were in all, how much of
 * that moto took (it runs on the same cores as the stack, where in AWS it is not there at all), the
 * stack's own processes (API, pollers, worker) and the load command's clients; the rest is other
 * work on the machine.
 */
export interface CpuShare {
  readonly cores: number;
  readonly wallSeconds: number;
  readonly busySeconds: number;
  readonly motoSeconds?: number;
  readonly stackSeconds?: number;
  /** Stack processes that were restarted or gone during the phase, so their CPU is not in `stackSeconds`. */
  readonly unmeasured?: readonly string[];
  readonly loadCommandSeconds: number;
}

/** Linux reports process and machine CPU in clock ticks of USER_HZ, which is 100 on every architecture Linux supports. */
const USER_HZ = 100;

/**
 * User plus system CPU of one process and of the children it has waited for (the video worker's
 * ffmpeg runs), in seconds, and when it started (ticks since boot, which tells a process from a
 * later one given the same pid), from its `/proc/<pid>/stat` line.
 */
export function processCpu(stat: string): { readonly seconds: number; readonly startTicks: number } {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime and starttime are fields 14-17 and 22: the 12th-15th and 20th after the name.
  const ticks = [11, 12, 13, 14].map((i) => Number(fields[i]));
  const start = Number(fields[19]);
  if (![...ticks, start].every(Number.isFinite)) throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
  return { seconds: ticks.reduce((sum, t) => sum + t, 0) / USER_HZ, startTicks: start };
}

/** Busy (not idle, not waiting for I/O) core-seconds of the whole machine since boot, from `/proc/stat`. */
export function machineBusySeconds(procStat: string): number {
  const cpu = procStat.split('\n').find((line) => line.startsWith('cpu '));
  if (!cpu) throw new Error('no "cpu" line in /proc/stat');
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / USER_HZ;
}

/** The measured profile the capacity model reads (`npm run -s capacity -- --profile <file>`). */
export interface LoadProfile {
  readonly measuredAt: string;
  readonly plan: LoadPlan;
  readonly photo?: PhaseReport;
  readonly video?: PhaseReport;
  /** The image pipeline alone on this machine: wall time, the ratio of the system's to it, and CPU time per photo. */
  readonly floor?: { readonly seconds: number; readonly ratio: number; readonly cpuMsPerPhoto: number; readonly cores: number; readonly cpuSeconds?: number };
}

/**
 * One line on where a phase's CPU went, and what it means for the floor ratio: with moto on the
 * same cores, the stack cannot finish sooner than the time all cores need for the stack's own work
 * plus moto's, so moto's core-seconds over the cores is time the ratio carries that AWS would not.
 */
export function cpuLine(what: string, cpu: CpuShare, floorCpuSeconds?: number): string {
  const available = cpu.cores * cpu.wallSeconds;
  const percent = (part: number) => `${Math.round((part / available) * 100)}%`;
  const other = cpu.busySeconds - (cpu.motoSeconds ?? 0) - (cpu.stackSeconds ?? 0) - cpu.loadCommandSeconds;
  const unmeasured = cpu.unmeasured?.length ? ` (not counted: ${cpu.unmeasured.join(', ')}, restarted)` : '';
  const parts = [
    `${what}: CPU ${round(cpu.busySeconds, 0)} of ${round(available, 0)} core-seconds busy (${percent(cpu.busySeconds)})`,
    cpu.motoSeconds === undefined ? 'moto not measured' : `moto ${round(cpu.motoSeconds, 0)} s (${percent(cpu.motoSeconds)})`,
    cpu.stackSeconds === undefined ? "the stack's processes not measured" : `the stack's processes ${round(cpu.stackSeconds, 0)} s (${percent(cpu.stackSeconds)})${unmeasured}`,
    `the load command's clients ${round(cpu.loadCommandSeconds, 0)} s`,
    `other work on the machine ${round(other, 0)} s`,
  ];
  const floor = floorCpuSeconds === undefined ? '' : `; the floor used ${round(floorCpuSeconds, 0)} s`;
  const bound =
    cpu.motoSeconds === undefined ? '' : `; moto alone holds the cores for at least ${round(cpu.motoSeconds / cpu.cores, 0)} s of the ${round(cpu.wallSeconds, 0)} s, time a run on AWS does not spend here`;
  return `${parts.join(', ')}${floor}${bound}`;
}

const round = (value: number, places = 3): number => Math.round(value * 10 ** places) / 10 ** places;

/** One phase's figures from its outcomes, the calls moto counted during it, and what was stored. */
export function phaseReport(outcomes: readonly ItemOutcome[], calls: readonly MotoCall[], stored: ReadonlyMap<string, StoredSizes>, wallMs: number, processorsPerItem: number): PhaseReport {
  const count = (result: ItemResult) => outcomes.filter((o) => o.result === result).length;
  const uploaded = outcomes.filter((o) => o.result === 'ready' || o.result === 'failed').length;
  const latencies = outcomes.flatMap((o) => (o.latencyMs === undefined ? [] : [o.latencyMs / 1000])).sort((a, b) => a - b);
  const sizes = [...stored.values()];
  const perItem = (total: number) => (sizes.length === 0 ? 0 : Math.round(total / sizes.length));
  const originalPerItem = perItem(sizes.reduce((s, v) => s + v.original, 0));
  const renditionPerItem = perItem(sizes.reduce((s, v) => s + v.derived, 0));
  // Averaged over the items that have the rendition (a failed photo has none).
  const byRendition: Record<string, number> = {};
  for (const name of new Set(sizes.flatMap((v) => Object.keys(v.renditions)))) {
    const having = sizes.filter((v) => v.renditions[name] !== undefined);
    byRendition[name] = Math.round(having.reduce((s, v) => s + v.renditions[name]!, 0) / having.length);
  }
  const duplicates = outcomes.filter((o) => o.result === 'duplicate');
  const units = dynamoUnits(calls);
  const settled = uploaded + duplicates.length;
  const busy = calls.filter((c) => c.operation !== 'ReceiveMessage');
  return {
    uploaded,
    ready: count('ready'),
    failed: count('failed'),
    lost: count('lost'),
    duplicates: duplicates.length,
    wallSeconds: round(wallMs / 1000, 1),
    itemsPerMinute: round(wallMs > 0 ? (settled / wallMs) * 60_000 : 0, 1),
    latencySeconds: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99) },
    callsPerItem: callsPerItem(calls, uploaded),
    dynamoUnitsPerItem: { readUnits: round(units.readUnits / Math.max(1, uploaded)), writeUnits: round(units.writeUnits / Math.max(1, uploaded)) },
    motoSeconds: round(busy.reduce((s, c) => s + c.seconds, 0), 1),
    motoSecondsByOperation: Object.fromEntries(
      [...busy]
        .sort((a, b) => b.seconds - a.seconds)
        .slice(0, 5)
        .map((c) => [`${c.service}:${c.operation}`, round(c.seconds, 1)]),
    ),
    bytesPerItem: { original: originalPerItem, renditions: renditionPerItem, byRendition },
    duplicateSavings: {
      uploads: duplicates.length,
      originalBytes: duplicates.reduce((s, o) => s + o.file.bytes, 0),
      renditionBytes: duplicates.length * renditionPerItem,
      processorRuns: duplicates.length * processorsPerItem,
    },
  };
}

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (value: number | undefined): string => (value === undefined ? '-' : `${value.toFixed(1)} s`);

/** The lines a person reads, the last one `N ready, M failed, K lost`. */
export function reportLines(profile: LoadProfile): string[] {
  const lines: string[] = [];
  for (const [what, phase] of [['photos', profile.photo], ['videos', profile.video]] as const) {
    if (!phase) continue;
    lines.push(
      `${what}: ${phase.ready} ready, ${phase.failed} failed, ${phase.lost} lost, ${phase.duplicates} repeats caught, in ${phase.wallSeconds} s: ${phase.itemsPerMinute} items/min; upload to ready p50 ${seconds(phase.latencySeconds.p50)}, p95 ${seconds(phase.latencySeconds.p95)}, p99 ${seconds(phase.latencySeconds.p99)}`,
      `${what}: stored per item ${megabytes(phase.bytesPerItem.original)} original + ${megabytes(phase.bytesPerItem.renditions)} renditions; DynamoDB per item ${phase.dynamoUnitsPerItem.readUnits} read and ${phase.dynamoUnitsPerItem.writeUnits} write units`,
      `${what}: calls per item: ${Object.entries(phase.callsPerItem)
        .filter(([, n]) => n > 0)
        .map(([call, n]) => `${call} ${n}`)
        .join(', ')}`,
      `${what}: moto spent ${phase.motoSeconds} s serving those calls (summed over its threads, long polls left out), most on ${Object.entries(phase.motoSecondsByOperation)
        .map(([call, time]) => `${call} ${time} s`)
        .join(', ')}`,
      `${what}: repeats caught saved ${phase.duplicateSavings.uploads} uploads, ${megabytes(phase.duplicateSavings.originalBytes)} of originals, ${megabytes(phase.duplicateSavings.renditionBytes)} of renditions and ${phase.duplicateSavings.processorRuns} processor runs`,
    );
    if (phase.cpu) lines.push(cpuLine(what, phase.cpu, what === 'photos' ? profile.floor?.cpuSeconds : undefined));
  }
  if (profile.floor) lines.push(`floor: the image pipeline alone, ${profile.plan.concurrency} at a time in one process: ${profile.floor.seconds} s; pipeline / floor: ${profile.floor.ratio.toFixed(2)}x`);
  const total = (key: 'ready' | 'failed' | 'lost') => (profile.photo?.[key] ?? 0) + (profile.video?.[key] ?? 0);
  lines.push(`${total('ready')} ready, ${total('failed')} failed, ${total('lost')} lost`);
  return lines;
}
