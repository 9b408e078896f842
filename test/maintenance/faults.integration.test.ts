/**
 * Faults caused, not read about: the whole local stack, a mixed upload, processes SIGKILLed while
 * they work, deletes in the middle of everything, a late upload for a deleted item. When it
 * settles, nothing is lost and the audit finds storage and table in agreement.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';

import { contentTypeOf } from '../../src/cli/smoke.js';
import { localClients } from '../../src/local/clients.js';
import { cognitoClient, createLocalUser, type LocalUser } from '../../src/local/cognito.js';
import { projectRoot } from '../../src/local/paths.js';
import { documentClient } from '../../src/shared/document-client.js';
import { albumKey } from '../../src/shared/media-store.js';
import { topologyFor } from '../../src/shared/topology.js';
import { isAlive, startDevStack, type DevStack } from '../support/dev-stack.js';
import { fixture } from '../support/fixtures.js';
import { makeClips, type Clips } from '../worker/video-transcode/clips.js';

interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

interface Upload {
  readonly mediaId: string;
  readonly file: string;
  readonly upload: { readonly url: string; readonly fields: Record<string, string> };
}

const GOOD_IMAGES = [
  'images/exif/orientation_landscape_6.jpg',
  'images/exif/orientation_portrait_3.jpg',
  'images/exif/gps_DSCN0010.jpg',
  'images/exif/heic_IMG_5195.HEIC',
  'images/exif/Canon_40D.jpg',
  'images/exif/tiff_BSG1.tiff',
  'images/pngsuite/basn0g16.png',
  'images/pngsuite/basi6a08.png',
].map(fixture);
const CORRUPT_IMAGES = ['images/exif/corrupted.jpg', 'images/pngsuite/xc1n0g08.png', 'images/pngsuite/xcrn0g04.png'].map(fixture);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

describe('faults through the whole local stack: kills, deletes mid-flight, a late upload; nothing lost, nothing stray', function () {
  this.timeout(900_000);
  let stack: DevStack;
  let user: LocalUser;
  let clips: Clips;
  const lines: string[] = [];

  before(async () => {
    stack = await startDevStack({
      // Reused when an earlier suite built it: this test is about the back end.
      buildWeb: !existsSync(join(projectRoot, 'dist', 'web', 'index.html')),
      env: {
        // What a killed poller held comes back in 20 s, not the registry's minutes.
        DEV_VISIBILITY_TIMEOUT_SECONDS: '20',
        DEV_ALBUM_DELETION_SETTLE_SECONDS: '1',
        // The test runs its own sweep, when everything has settled.
        DEV_SWEEP_EVERY_SECONDS: '86400',
      },
      onOutput: (line) => lines.push(line),
    });
    user = await createLocalUser(cognitoClient(stack.stack), stack.stack.userPool!, 'fault-user');
    clips = makeClips();
  });

  after(async () => {
    clips?.cleanup();
    await stack?.stop();
  });

  const api = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${user.idToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  const newAlbum = async (name: string): Promise<string> => {
    const reply = await api('POST', '/api/albums', { name });
    expect(reply.status).to.equal(201);
    return String(reply.body!.albumId);
  };

  const issue = async (albumId: string, file: string): Promise<Upload> => {
    const bytes = (await readFile(file)).length;
    const reply = await api('POST', `/api/albums/${albumId}/uploads`, { fileName: basename(file), contentType: contentTypeOf(file), bytes });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    return { mediaId: String(reply.body!.mediaId), file, upload: reply.body!.upload as Upload['upload'] };
  };

  const post = async ({ file, upload }: Upload): Promise<number> => {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([await readFile(file)], { type: upload.fields['Content-Type'] }), basename(file));
    const response = await fetch(upload.url, { method: 'POST', body: form });
    await response.text();
    return response.status;
  };

  const kill = (name: string) => {
    const pid = stack.pids[name];
    expect(pid, `${name} has a pid`).to.be.a('number');
    expect(isAlive(pid!), `${name} is running before the kill`).to.equal(true);
    process.kill(pid!, 'SIGKILL');
  };

  const mediaStatus = async (mediaId: string): Promise<string | undefined> => {
    const reply = await api('GET', `/api/media/${mediaId}`);
    return reply.status === 200 ? String(reply.body!.status) : `HTTP ${reply.status}`;
  };

  const run = (command: 'audit' | 'sweep') =>
    spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/cli/maintenance-main.ts'), command], {
      env: { ...process.env, LOCAL_STACK_FILE: stack.stackFile },
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('every surviving upload ends ready or failed with a reason, the DLQs stay empty, and after one sweep the audit finds 0 inconsistencies', async () => {
    const aws = localClients(stack.stack);
    const doc = documentClient(aws.dynamodb);
    const topology = topologyFor(stack.stack.prefix);
    const kept = await newAlbum('Kept through the faults');
    const doomed = await newAlbum('Deleted mid-upload');

    // A mixed upload into the kept album.
    const good = [];
    for (const file of GOOD_IMAGES) good.push(await issue(kept, file));
    const corrupt = [];
    for (const file of CORRUPT_IMAGES) corrupt.push(await issue(kept, file));
    const video = await issue(kept, clips.fullHd);
    const notAVideo = await issue(kept, clips.textFile);
    for (const upload of [...good.slice(0, 4), video, ...corrupt, notAVideo]) expect(await post(upload)).to.equal(204);

    // Mid-processing: kill the image poller and, once its job has begun, the video worker.
    kill('image-variants');
    await eventually('the video to be processing', async () => ((await mediaStatus(video.mediaId)) === 'uploading' ? undefined : true), 60_000, 100);
    kill('video-transcode');
    for (const upload of good.slice(4)) expect(await post(upload)).to.equal(204);

    // One item deleted while it is being processed.
    const deletedMidFlight = good[5]!;
    expect((await api('DELETE', `/api/media/${deletedMidFlight.mediaId}`)).status).to.equal(204);

    // An album deleted mid-upload: two uploads landed, the third lands after the delete.
    const doomedUploads = [await issue(doomed, GOOD_IMAGES[0]!), await issue(doomed, GOOD_IMAGES[1]!), await issue(doomed, GOOD_IMAGES[2]!)];
    expect(await post(doomedUploads[0]!)).to.equal(204);
    expect(await post(doomedUploads[1]!)).to.equal(204);
    expect((await api('DELETE', `/api/albums/${doomed}`)).status).to.equal(204);
    expect((await api('GET', `/api/albums/${doomed}`)).status).to.equal(404);
    expect(await post(doomedUploads[2]!)).to.equal(204);

    // A late upload for an item deleted before its bytes came: its presigned POST still works.
    const late = await issue(kept, GOOD_IMAGES[3]!);
    expect((await api('DELETE', `/api/media/${late.mediaId}`)).status).to.equal(204);
    expect(await post(late)).to.equal(204);

    // The supervisor started both killed processes again.
    for (const name of ['image-variants', 'video-transcode']) {
      await eventually(`${name} to be started again`, async () => (lines.some((l) => l.startsWith(`[supervisor] ${name} exited (SIGKILL); starting it again`)) ? true : undefined), 30_000);
    }

    // Every surviving item settles.
    const survivors = [...good.filter((u) => u !== deletedMidFlight), ...corrupt, video, notAVideo];
    const settled = new Map<string, Record<string, unknown>>();
    await eventually(
      'every surviving item to be ready or failed',
      async () => {
        for (const upload of survivors) {
          if (settled.has(upload.mediaId)) continue;
          const reply = await api('GET', `/api/media/${upload.mediaId}`);
          if (reply.status === 200 && (reply.body!.status === 'ready' || reply.body!.status === 'failed')) settled.set(upload.mediaId, reply.body!);
        }
        return settled.size === survivors.length ? true : undefined;
      },
      420_000,
      1000,
    ).catch((error: Error) => {
      const pending = survivors.filter((u) => !settled.has(u.mediaId)).map((u) => basename(u.file));
      throw new Error(`${error.message}; still pending: ${pending.join(', ')}\n${lines.slice(-40).join('\n')}`);
    });
    for (const upload of [...good.filter((u) => u !== deletedMidFlight), video]) expect(settled.get(upload.mediaId), basename(upload.file)).to.include({ status: 'ready' });
    for (const upload of [...corrupt, notAVideo]) {
      const media = settled.get(upload.mediaId)!;
      expect(media.status, basename(upload.file)).to.equal('failed');
      expect(String(media.failureReason), basename(upload.file)).to.match(/\w{5,}/);
    }

    // Deleted things stay deleted: the item deleted mid-flight, the doomed album and its media, the late upload.
    for (const upload of [deletedMidFlight, late, ...doomedUploads]) expect(await mediaStatus(upload.mediaId), basename(upload.file)).to.equal('HTTP 404');
    await eventually(
      'the album deleter to remove the doomed album',
      async () => ((await doc.send(new GetCommand({ TableName: topology.tableName, Key: albumKey(user.sub, doomed), ConsistentRead: true }))).Item ? undefined : true),
      60_000,
    );

    // Nothing went to a DLQ, and every queue has drained before the sweep looks.
    await eventually(
      'every processor queue to drain',
      async () => {
        let outstanding = 0;
        for (const name of [...topology.queues.map((q) => q.name), ...topology.jobQueues.map((q) => q.name)]) {
          const { QueueUrl } = await aws.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
          const { Attributes = {} } = await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
          outstanding += Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
        }
        return outstanding === 0 ? true : undefined;
      },
      120_000,
      1000,
    );
    for (const name of [...topology.queues.map((q) => q.dlqName), ...topology.jobQueues.map((q) => q.dlqName)]) {
      const { QueueUrl } = await aws.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      const { Attributes = {} } = await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
      expect(Number(Attributes.ApproximateNumberOfMessages), name).to.equal(0);
    }

    // The late upload left a stray original; the sweep removes it, and then the audit is clean.
    const swept = run('sweep');
    expect(swept.status, swept.stderr).to.equal(0);
    expect(swept.stdout).to.contain(`"mediaId":"${late.mediaId}"`);
    const { Contents = [] } = await aws.s3.send(new ListObjectsV2Command({ Bucket: topology.buckets.originals, Prefix: 'originals/' }));
    const originals = Contents.map((o) => o.Key!);
    for (const upload of [late, deletedMidFlight, ...doomedUploads]) expect(originals.some((k) => k.includes(upload.mediaId)), basename(upload.file)).to.equal(false);
    for (const upload of survivors) expect(originals.some((k) => k.includes(upload.mediaId)), basename(upload.file)).to.equal(true);

    const audited = run('audit');
    expect(audited.status, `${audited.stdout}\n${audited.stderr}`).to.equal(0);
    expect(audited.stdout.trim().split('\n').pop()).to.match(/^[1-9]\d* checked, 0 inconsistent$/);
  });
});
