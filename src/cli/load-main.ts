/**
 * `npm run -s load -- --photos N [--videos M] [--concurrency C] [--corrupt-share 0.02]
 * [--duplicate-share 0.05] [--min-megapixels 2] [--max-megapixels 24] [--timeout <s>]
 * [--profile <file>] [--no-floor]`: against the running `make dev` stack, as the user `load`, into
 * a new album. Prints progress on stderr, the figures on stdout and last `N ready, M failed, K
 * lost`; writes the measured profile the capacity model reads. Exit 1 when anything is lost, 2 on
 * a usage error.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

import { LOCAL_CREDENTIALS } from '../local/clients.js';
import { cognitoClient, createLocalUser } from '../local/cognito.js';
import { projectRoot } from '../local/paths.js';
import { renderVariants } from '../processors/image-variants/pipeline.js';
import { registry } from '../shared/registry.js';
import { topologyFor } from '../shared/topology.js';
import { type CpuShare, type LoadFile, type LoadPlan, type LoadProfile, machineBusySeconds, makeLoadFiles, motoCalls, OBSERVER_USER_AGENT, phaseReport, processCpu, reportLines, storedBytes, uploadAndSettle } from './load.js';
import { progressBar } from './progress.js';
import { readLocalStack } from './stack-target.js';

const USAGE =
  'usage: npm run -s load -- --photos N [--videos M] [--concurrency C] [--corrupt-share 0.02] [--duplicate-share 0.05] [--min-megapixels 2] [--max-megapixels 24] [--timeout <seconds>] [--profile <file>] [--no-floor]';
const FIXTURES = join(projectRoot, '..', 'shared', 'fixtures', 'images', 'exif');
const SOURCE_PHOTOS = ['gps_DSCN0010.jpg', 'gps_DSCN0021.jpg', 'orientation_landscape_1.jpg', 'orientation_portrait_1.jpg', 'Nikon_D70.jpg'].map((f) => join(FIXTURES, f));
export const DEFAULT_PROFILE = join(projectRoot, '.local', 'load-profile.json');

function parsePlan(args: string[]): { plan: LoadPlan; profile: string; floor: boolean } {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      photos: { type: 'string' },
      videos: { type: 'string', default: '0' },
      concurrency: { type: 'string', default: '8' },
      'corrupt-share': { type: 'string', default: '0.02' },
      'duplicate-share': { type: 'string', default: '0.05' },
      'min-megapixels': { type: 'string', default: '2' },
      'max-megapixels': { type: 'string', default: '24' },
      timeout: { type: 'string', default: '1800' },
      seed: { type: 'string', default: '1' },
      profile: { type: 'string', default: DEFAULT_PROFILE },
      'no-floor': { type: 'boolean', default: false },
    },
  });
  const number = (name: string, value: string | undefined, min: number, max: number): number => {
    const parsed = Number(value);
    if (value === undefined || !Number.isFinite(parsed) || parsed < min || parsed > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got "${value ?? ''}"`);
    return parsed;
  };
  const plan: LoadPlan = {
    photos: Math.floor(number('photos', values.photos, 1, 100_000)),
    videos: Math.floor(number('videos', values.videos, 0, 10_000)),
    concurrency: Math.floor(number('concurrency', values.concurrency, 1, 256)),
    corruptShare: number('corrupt-share', values['corrupt-share'], 0, 0.5),
    duplicateShare: number('duplicate-share', values['duplicate-share'], 0, 0.5),
    minMegapixels: number('min-megapixels', values['min-megapixels'], 0.1, 100),
    maxMegapixels: number('max-megapixels', values['max-megapixels'], 0.1, 100),
    timeoutMs: number('timeout', values.timeout, 1, 86_400) * 1000,
    seed: Math.floor(number('seed', values.seed, 1, 2 ** 31)),
  };
  if (plan.minMegapixels > plan.maxMegapixels) throw new Error('--min-megapixels must not exceed --max-megapixels');
  return { plan, profile: resolve(values.profile), floor: !values['no-floor'] };
}

const floorPhotos = (files: readonly LoadFile[]) => files.filter((f) => f.mediaClass === 'image' && !f.repeatOf);

interface CpuSample {
  readonly busy?: number;
  /** By the stack record's process names; a process that could not be read is absent. */
  readonly processes: ReadonlyMap<string, { readonly seconds: number; readonly startTicks: number }>;
  readonly self: number;
}

/** The machine's busy CPU, each stack process's and this process's, in seconds so far; what could not be read (not Linux, a process gone) is left out. */
function cpuSample(pids: Readonly<Record<string, number>> = {}): CpuSample {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  const machine = read('/proc/stat');
  const processes = new Map<string, { seconds: number; startTicks: number }>();
  for (const [name, pid] of Object.entries(pids)) {
    const stat = read(`/proc/${pid}/stat`);
    if (stat !== undefined) processes.set(name, processCpu(stat));
  }
  const { user, system } = process.cpuUsage();
  return { ...(machine === undefined ? {} : { busy: machineBusySeconds(machine) }), processes, self: (user + system) / 1e6 };
}

function cpuShare(before: CpuSample, after: CpuSample, wallSeconds: number): CpuShare | undefined {
  if (before.busy === undefined || after.busy === undefined) return undefined;
  // The same process at both ends (same start time), or it was restarted and its CPU is unknown.
  const used = (name: string) => {
    const [first, last] = [before.processes.get(name), after.processes.get(name)];
    return first && last && first.startTicks === last.startTicks ? last.seconds - first.seconds : undefined;
  };
  const stackNames = [...before.processes.keys()].filter((name) => name !== 'moto');
  const unmeasured = stackNames.filter((name) => used(name) === undefined);
  const moto = used('moto');
  return {
    cores: availableParallelism(),
    wallSeconds,
    busySeconds: after.busy - before.busy,
    ...(moto === undefined ? {} : { motoSeconds: moto }),
    ...(stackNames.length === 0 ? {} : { stackSeconds: stackNames.reduce((sum, name) => sum + (used(name) ?? 0), 0), unmeasured }),
    loadCommandSeconds: after.self - before.self,
  };
}

/** The image pipeline alone over the same photos, `concurrency` at a time: the floor on this machine. */
async function floorSeconds(files: readonly LoadFile[], concurrency: number): Promise<number> {
  const photos = floorPhotos(files);
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < photos.length) {
      const file = photos[next++]!;
      await renderVariants(readFileSync(file.path)).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - started) / 1000;
}

async function main(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parsePlan>;
  try {
    parsed = parsePlan(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { plan } = parsed;
  const stack = readLocalStack();
  if (!stack.apiUrl || !stack.userPool) throw new Error('the running local stack has no API or user pool: restart "make dev"');
  const topology = topologyFor(stack.prefix);
  const observer = { endpoint: stack.endpoint, region: stack.region, credentials: LOCAL_CREDENTIALS, customUserAgent: OBSERVER_USER_AGENT };
  const user = await createLocalUser(cognitoClient(stack), stack.userPool, 'load');
  const api = async (path: string, body: unknown) =>
    (await (await fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${user.idToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { albumId: string };
  const album = await api('/api/albums', { name: `load ${new Date().toISOString()}` });

  const workDir = mkdtempSync(join(tmpdir(), 'album-load-'));
  try {
    process.stderr.write(`load: making ${plan.photos} photos and ${plan.videos} videos in ${workDir}\n`);
    const made = progressBar('load: made');
    const files = await makeLoadFiles(workDir, { ...plan, sourcePhotos: SOURCE_PHOTOS, heic: join(FIXTURES, 'heic_IMG_5195.HEIC') }, (done, total) => made({ done, total }));
    const target = {
      apiUrl: stack.apiUrl,
      token: user.idToken,
      albumId: album.albumId,
      dynamodb: new DynamoDBClient(observer),
      s3: new S3Client({ ...observer, forcePathStyle: true }),
      tableName: topology.tableName,
      buckets: topology.buckets,
      fetch,
    };
    const profile: { -readonly [K in keyof LoadProfile]: LoadProfile[K] } = { measuredAt: new Date().toISOString(), plan };
    for (const mediaClass of ['image', 'video'] as const) {
      const phaseFiles = files.filter((f) => f.mediaClass === mediaClass);
      if (phaseFiles.length === 0) continue;
      const label = mediaClass === 'image' ? 'photos' : 'videos';
      process.stderr.write(`load: ${phaseFiles.length} ${label}, ${plan.concurrency} clients at once\n`);
      await motoCalls(stack.endpoint, fetch, true);
      const cpuBefore = cpuSample(stack.pids);
      const bars = { upload: progressBar(`load: ${label} uploaded`), settle: progressBar(`load: ${label} settled`) };
      const run = await uploadAndSettle(target, phaseFiles, { concurrency: plan.concurrency, timeoutMs: plan.timeoutMs, onProgress: ({ phase, done, total }) => bars[phase]({ done, total }) });
      const cpu = cpuShare(cpuBefore, cpuSample(stack.pids), (run.settledAt - run.startedAt) / 1000);
      const calls = await motoCalls(stack.endpoint, fetch);
      const stored = await storedBytes(target, run.outcomes);
      // Every processor of the class: what a caught repeat did not run.
      const processors = registry.processors.filter((p) => (p.consumes.source === 'originals' ? p.consumes.mediaClass === mediaClass : mediaClass === 'image' ? p.consumes.output === 'web' : p.consumes.output === 'poster')).length;
      profile[mediaClass === 'image' ? 'photo' : 'video'] = { ...phaseReport(run.outcomes, calls, stored, run.settledAt - run.startedAt, processors), ...(cpu ? { cpu } : {}) };
      for (const outcome of run.outcomes.filter((o) => o.result === 'lost')) process.stderr.write(`load: lost ${outcome.file.name}: ${outcome.reason ?? ''}\n`);
    }
    if (parsed.floor && profile.photo) {
      process.stderr.write('load: the floor: the same photos through the image pipeline alone\n');
      const floorCpuBefore = process.cpuUsage();
      const seconds = await floorSeconds(files, plan.concurrency);
      const floorCpu = process.cpuUsage(floorCpuBefore);
      const cpuSeconds = (floorCpu.user + floorCpu.system) / 1e6;
      const cores = Math.min(availableParallelism(), plan.concurrency);
      // The CPU time a photo took, measured (sharp's threads included): what a Lambda of about one vCPU bills.
      profile.floor = { seconds: Math.round(seconds * 10) / 10, ratio: profile.photo.wallSeconds / seconds, cpuMsPerPhoto: Math.round((cpuSeconds * 1000) / floorPhotos(files).length), cores, cpuSeconds: Math.round(cpuSeconds * 10) / 10 };
    }
    mkdirSync(dirname(parsed.profile), { recursive: true });
    writeFileSync(parsed.profile, `${JSON.stringify(profile, null, 2)}\n`);
    process.stderr.write(`load: profile written to ${parsed.profile}\n`);
    for (const line of reportLines(profile)) process.stdout.write(`${line}\n`);
    return (profile.photo?.lost ?? 0) + (profile.video?.lost ?? 0) > 0 ? 1 : 0;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`load: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
