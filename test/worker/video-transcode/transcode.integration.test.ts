import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import sharp from 'sharp';

import { functionEnvironment } from '../../../src/local/function-environment.js';
import { createMedia, getMedia, type MediaItem, mediaKey, processorAttribute } from '../../../src/shared/media-store.js';
import { originalKey } from '../../../src/shared/topology.js';
import { messageHandler } from '../../../src/worker/video-transcode/message-handler.js';
import { runQueueWorker, type WorkerSummary } from '../../../src/worker/video-transcode/queue-worker.js';
import { type TranscodeDeps, videoTranscodeProcessor } from '../../../src/worker/video-transcode/transcode-job.js';
import { drain, startTestStack, TEST_REGION, type TestStack } from '../../support/local-stack.js';
import { s3Notification } from '../../support/events.js';
import { type Clips, ffprobeOutput, makeClips, moovBeforeMdat } from './clips.js';

describe('video-transcode worker through the local stack (moto, real ffmpeg)', function () {
  this.timeout(600_000);
  let env: TestStack;
  let clips: Clips;
  let deps: TranscodeDeps;
  let scratch: string;
  let queueUrl: string;

  before(async () => {
    clips = makeClips();
    scratch = mkdtempSync(join(tmpdir(), 'video-scratch-'));
    env = await startTestStack('photo-album-video');
    queueUrl = env.stack.queues['video-transcode']!.url;
    deps = {
      s3: env.clients.s3,
      doc: DynamoDBDocumentClient.from(env.clients.dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
      tableName: env.stack.topology.tableName,
      derivedBucket: env.stack.topology.buckets.derived,
    };
    await drain(env.clients.sqs, queueUrl); // the s3:TestEvent sent at provisioning
  });
  after(async () => {
    await env?.moto.stop();
    clips?.cleanup();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const store = () => ({ doc: deps.doc, tableName: deps.tableName });
  const item = (mediaId: string): Promise<MediaItem | undefined> => getMedia(store(), mediaId);

  async function upload(file: string, { record = true, sha256 }: { record?: boolean; sha256?: string } = {}): Promise<{ mediaId: string; key: string }> {
    const mediaId = randomUUID();
    const key = originalKey('video', mediaId, 'mp4');
    if (record) {
      await createMedia(store(), { mediaId, ownerId: 'owner-1', albumId: 'album-1', mediaClass: 'video', originalKey: key, contentType: 'video/mp4', fileName: 'clip.mp4', createdAt: new Date().toISOString(), expiresAt: Math.floor(Date.now() / 1000) + 3600, ...(sha256 ? { sha256 } : {}) });
    }
    await env.clients.s3.send(new PutObjectCommand({ Bucket: env.stack.topology.buckets.originals, Key: key, Body: readFileSync(file) }));
    return { mediaId, key };
  }

  const queueDepth = async (): Promise<number> => {
    const { Attributes = {} } = await env.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  };

  /** Runs the worker (the same functions main.ts wires) until `expected` messages were received and the queue is empty. */
  async function work(expected: number): Promise<WorkerSummary> {
    const stop = new AbortController();
    let received = 0;
    const handle = messageHandler(videoTranscodeProcessor(deps, env.stack.topology.buckets.originals, { scratchDir: scratch }));
    const running = runQueueWorker(
      {
        sqs: env.clients.sqs,
        queueUrl,
        visibilityTimeoutSeconds: 300,
        waitTimeSeconds: 1,
        handle: async (id, body, signal) => {
          received += 1;
          return handle(id, body, signal);
        },
      },
      stop.signal,
    );
    const deadline = Date.now() + 300_000;
    while (!(received >= expected && (await queueDepth()) === 0)) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    stop.abort();
    return running;
  }

  const derivedKeys = async (mediaId: string): Promise<string[]> => {
    const { Contents = [] } = await env.clients.s3.send(new ListObjectsV2Command({ Bucket: deps.derivedBucket, Prefix: `derived/${mediaId}/` }));
    return Contents.map((c) => c.Key!).sort();
  };

  async function download(key: string): Promise<string> {
    const response = await env.clients.s3.send(new GetObjectCommand({ Bucket: deps.derivedBucket, Key: key }));
    const file = join(scratch, `check-${randomUUID()}-${key.split('/').pop()}`);
    writeFileSync(file, await response.Body!.transformToByteArray());
    return file;
  }

  it('a 1080p clip with audio: poster, web, mobile and thumb at their sizes, H.264 High with AAC, moov first, item ready', async () => {
    const { mediaId } = await upload(clips.fullHd);
    const summary = await work(1);
    expect(summary).to.include({ deleted: 1, retried: 0 });

    const media = await item(mediaId);
    expect(media?.status).to.equal('ready');
    expect(media?.video).to.deep.include({ durationSeconds: 1, width: 1920, height: 1080, rotation: 0, hasAudio: true, videoCodec: 'h264', audioCodec: 'aac' });
    expect(await derivedKeys(mediaId)).to.deep.equal(['mobile.mp4', 'poster.jpg', 'thumb.webp', 'web.mp4'].map((f) => `derived/${mediaId}/v1/${f}`));

    const variants = media?.variants as Record<string, { key: string; width: number; height: number; bytes: number; format: string }>;
    const expected = { web: [1280, 720], mobile: [854, 480] } as const;
    for (const [name, [width, height]] of Object.entries(expected)) {
      const file = await download(variants[name]!.key);
      const out = ffprobeOutput(file);
      expect(out, name).to.deep.include({ width, height, videoCodec: 'h264', profile: 'High', pixFmt: 'yuv420p', hasAudio: true, audioCodec: 'aac', rotation: 0 });
      expect(Math.abs(out.durationSeconds - 1), `${name} duration`).to.be.at.most(0.1);
      expect(moovBeforeMdat(file), `${name} +faststart`).to.equal(true);
      expect(variants[name]).to.deep.include({ width, height, format: 'mp4', bytes: readFileSync(file).length });
      const head = await env.clients.s3.send(new HeadObjectCommand({ Bucket: deps.derivedBucket, Key: variants[name]!.key }));
      expect(head.ContentType).to.equal('video/mp4');
      expect(head.CacheControl).to.contain('immutable');
      expect(head.Metadata).to.deep.equal({ width: String(width), height: String(height) });
    }
    expect(variants.poster).to.deep.include({ width: 1280, height: 720, format: 'jpeg' });
    const poster = await sharp(await download(variants.poster!.key)).metadata();
    expect([poster.format, poster.width, poster.height]).to.deep.equal(['jpeg', 1280, 720]);
    const thumb = await sharp(await download(variants.thumb!.key)).metadata();
    expect([thumb.format, thumb.width, thumb.height]).to.deep.equal(['webp', 320, 320]);
    expect(variants.thumb).to.deep.include({ width: 320, height: 320, format: 'webp' });
  });

  it('no audio in, no audio out; a small clip is never upscaled', async () => {
    const { mediaId } = await upload(clips.landscapeSilent);
    await work(1);
    const media = await item(mediaId);
    expect(media?.status).to.equal('ready');
    const variants = media?.variants as Record<string, { key: string }>;
    for (const name of ['web', 'mobile']) {
      expect(ffprobeOutput(await download(variants[name]!.key)), name).to.deep.include({ width: 640, height: 360, hasAudio: false });
    }
  });

  it('a video whose bytes match its declared checksum is transcoded; one whose bytes do not is refused before ffmpeg runs', async () => {
    const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('base64');
    const honest = await upload(clips.landscapeSilent, { sha256: sha256(readFileSync(clips.landscapeSilent)) });
    const lying = await upload(clips.landscapeSilent, { sha256: sha256('another video') });
    await work(2);
    expect((await item(honest.mediaId))?.status).to.equal('ready');
    expect(await item(lying.mediaId)).to.include({ status: 'failed', failureCode: 'checksum_mismatch' });
    expect(await derivedKeys(lying.mediaId)).to.deep.equal([]);
  });

  it('rotation metadata is applied: a portrait clip comes out upright, with no rotation left in the outputs', async () => {
    const { mediaId } = await upload(clips.rotated);
    await work(1);
    const media = await item(mediaId);
    expect(media?.status).to.equal('ready');
    expect(media?.video).to.deep.include({ width: 360, height: 640 });
    const variants = media?.variants as Record<string, { key: string }>;
    expect(ffprobeOutput(await download(variants.web!.key))).to.deep.include({ width: 360, height: 640, rotation: 0 });
    const poster = await sharp(await download(variants.poster!.key)).metadata();
    expect([poster.width, poster.height]).to.deep.equal([360, 640]);
  });

  it('a truncated MP4, a text file named .mp4 and audio only are failed with their reasons, their messages consumed', async () => {
    const uploads = {
      corrupt_video: await upload(clips.truncated),
      not_a_video: await upload(clips.textFile),
      no_video_stream: await upload(clips.audioOnly),
    };
    const summary = await work(3);
    expect(summary).to.include({ deleted: 3, retried: 0 });
    expect(await queueDepth()).to.equal(0);
    for (const [code, { mediaId }] of Object.entries(uploads)) {
      const media = await item(mediaId);
      expect(media?.status, code).to.equal('failed');
      expect(media?.[processorAttribute('video-transcode')], code).to.deep.include({ status: 'failed', code });
      expect(media?.failureReason, code).to.be.a('string').with.length.above(0);
      expect(await derivedKeys(mediaId), code).to.deep.equal([]);
    }
    expect((await item(uploads.not_a_video.mediaId))?.failureReason).to.equal('The file is not a video.');
  });

  it('the same event twice leaves one result; an event for a deleted item changes nothing', async () => {
    const { mediaId, key } = await upload(clips.landscapeWithAudio);
    await work(1);
    const first = await item(mediaId);
    expect(first?.status).to.equal('ready');
    await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: s3Notification(env.stack.topology.buckets.originals, [key]) }));
    await work(1);
    const second = await item(mediaId);
    expect(second?.status).to.equal('ready');
    expect(second?.variants).to.deep.equal(first?.variants);
    expect(second?.video).to.deep.equal(first?.video);

    const gone = await upload(clips.landscapeSilent, { record: false });
    await work(1);
    expect(await item(gone.mediaId)).to.equal(undefined);
    expect(await derivedKeys(gone.mediaId)).to.deep.equal([]);

    await deps.doc.send(new DeleteCommand({ TableName: deps.tableName, Key: mediaKey(mediaId) }));
    await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: s3Notification(env.stack.topology.buckets.originals, [key]) }));
    expect(await work(1)).to.include({ deleted: 1, retried: 0 });
    expect(await item(mediaId)).to.equal(undefined);
  });

  const workers: ChildProcess[] = [];
  // A test that fails or times out before it stops its worker must not leave it polling the queue
  // (and keeping mocha alive) after moto is gone.
  afterEach(() => {
    for (const child of workers.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  /** The real program, as make dev and the container start it, with its JSON log lines collected. */
  function startWorker(extra: Record<string, string> = {}) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker/video-transcode/main.ts'], {
      env: {
        ...process.env,
        ...functionEnvironment(env.stack.topology, { endpoint: env.moto.endpoint, region: TEST_REGION }, 'video-transcode'),
        QUEUE_URL: queueUrl,
        SCRATCH_DIR: scratch,
        RECEIVE_WAIT_SECONDS: '1',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workers.push(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const lines: string[] = [];
    const waiters: { match: (line: string) => boolean; resolve: () => void }[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      for (const w of waiters.filter((w) => w.match(line))) w.resolve();
    });
    /** Resolves at the first log line (past or future) that matches; rejects if the worker exits first. */
    const logged = (match: (line: string) => boolean) =>
      new Promise<void>((resolve, reject) => {
        if (lines.some(match)) return resolve();
        waiters.push({ match, resolve });
        void exited.then(() => reject(new Error(`the worker exited first:\n${lines.join('\n')}`)));
      });
    return { child, pid: child.pid!, exited, lines, logged };
  }

  /** Child processes of `ppid` with their command lines, read from /proc. */
  function childProcesses(ppid: number): { pid: number; args: string[] }[] {
    const found = [];
    for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const [, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(parent) === ppid) found.push({ pid: Number(entry), args: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0') });
      } catch {
        // the process ended while we looked
      }
    }
    return found;
  }

  it('the real program: SIGTERM mid-job finishes the job or hands its message back, exits 0, and the video ends up with one result', async () => {
    const { mediaId } = await upload(clips.fullHd);
    const worker = startWorker({ STOP_TIMEOUT_SECONDS: '1' });
    await worker.logged((line) => line.includes('"message":"processing"'));
    worker.child.kill('SIGTERM');
    expect(await worker.exited).to.equal(0);

    const afterStop = await item(mediaId);
    if (afterStop?.status === 'ready') {
      expect(await queueDepth(), 'finished: message consumed').to.equal(0);
    } else {
      expect(worker.lines.some((l) => l.includes('handed a message back'))).to.equal(true);
      await work(1); // handed back with visibility 0: another worker takes it at once
    }
    const media = await item(mediaId);
    expect(media?.status).to.equal('ready');
    expect(await derivedKeys(mediaId)).to.have.length(4);
    expect(await queueDepth()).to.equal(0);
  });

  it('the real program: kill -9 while ffmpeg encodes; a second worker completes the job once the visibility timeout lapses, with one result', async () => {
    const { mediaId } = await upload(clips.fullHd);
    // The shortest visibility the worker accepts, so the test waits at most that long; the heartbeat
    // (a third of it) keeps the message hidden while the first worker lives.
    const visibility = { VISIBILITY_TIMEOUT_SECONDS: '30' };
    const first = startWorker(visibility);
    await first.logged((line) => line.includes('"message":"processing"') && line.includes(mediaId));
    let encoder: { pid: number } | undefined;
    const deadline = Date.now() + 120_000;
    while (!encoder && Date.now() < deadline) {
      encoder = childProcesses(first.pid).find((p) => p.args.some((a) => a.endsWith('ffmpeg')) && p.args.includes('-filter_complex'));
      if (!encoder) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(encoder, 'the renditions ffmpeg started').to.not.equal(undefined);
    // While ffmpeg works the item says so, and the abandoned-upload TTL no longer applies to it.
    const during = await item(mediaId);
    expect(during?.status).to.equal('processing');
    expect(during?.expiresAt).to.equal(undefined);
    // A task that dies takes its processes with it: the worker and its ffmpeg, no chance to clean up.
    first.child.kill('SIGKILL');
    try {
      process.kill(encoder!.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    expect(await first.exited).to.equal(null);

    expect((await item(mediaId))?.status, 'nothing recorded by the killed worker').to.not.equal('ready');
    expect(await derivedKeys(mediaId), 'nothing uploaded by the killed worker').to.deep.equal([]);
    const { Attributes = {} } = await env.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    expect(Attributes, 'the message is still hidden: only its visibility timeout brings it back').to.include({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });

    const second = startWorker(visibility);
    try {
      await second.logged((line) => line.includes('"message":"processed"') && line.includes(mediaId));
      while ((await queueDepth()) > 0 && Date.now() < deadline + 120_000) await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exited).to.equal(0);

    const media = await item(mediaId);
    expect(media?.status).to.equal('ready');
    expect(media?.[processorAttribute('video-transcode')]).to.include({ status: 'succeeded' });
    const variants = media?.variants as Record<string, { key: string }>;
    expect(Object.keys(variants).sort()).to.deep.equal(['mobile', 'poster', 'thumb', 'web']);
    expect(await derivedKeys(mediaId)).to.deep.equal(['mobile.mp4', 'poster.jpg', 'thumb.webp', 'web.mp4'].map((f) => `derived/${mediaId}/v1/${f}`));
    expect(second.lines.filter((l) => l.includes('"message":"processing"') && l.includes(mediaId)), 'the second worker did the job once').to.have.length(1);
    expect(await queueDepth()).to.equal(0);
  });
});
