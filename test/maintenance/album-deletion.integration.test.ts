import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';

import { loadApiConfig } from '../../src/api/config.js';
import { apiDeps } from '../../src/api/deps.js';
import { createRouter, type ApiEvent } from '../../src/api/router.js';
import { createRoutes } from '../../src/api/routes.js';
import { deleteAlbumStep, type AlbumDeletionStep } from '../../src/maintenance/album-deletion.js';
import { parseAlbumDeletionRequest, sqsAlbumDeletionQueue } from '../../src/shared/album-deletion-requests.js';
import { sqsMessageSender } from '../../src/shared/message-sender.js';
import { documentClient } from '../../src/shared/document-client.js';
import type { MediaDeletionStore } from '../../src/shared/media-deletion.js';
import { albumKey } from '../../src/shared/media-store.js';
import { getMedia, newMediaItem } from '../../src/shared/media-store.js';
import { apiEvent } from '../api/api-events.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';

describe('album deletion in the background: the API closes the album, the deleter removes it a page at a time (moto)', function () {
  this.timeout(120_000);
  let env: TestStack;
  let store: MediaDeletionStore;
  let queueUrl: string;
  let route: (event: ApiEvent) => Promise<{ statusCode: number }>;
  let counter = 0;

  before(async () => {
    env = await startTestStack('photo-album-deleter');
    const { topology } = env.stack;
    queueUrl = env.stack.jobQueues['album-deleter']!.url;
    store = { doc: documentClient(env.clients.dynamodb), s3: env.clients.s3, tableName: topology.tableName, originalsBucket: topology.buckets.originals, derivedBucket: topology.buckets.derived };
    const config = loadApiConfig({
      TABLE_NAME: topology.tableName,
      ORIGINALS_BUCKET: topology.buckets.originals,
      DERIVED_BUCKET: topology.buckets.derived,
      ALBUM_DELETION_QUEUE_URL: queueUrl,
      CURSOR_KEY: 'd'.repeat(40),
      S3_FORCE_PATH_STYLE: 'true',
    });
    const routes = createRouter(createRoutes(apiDeps(config, { s3: env.clients.s3, dynamodb: env.clients.dynamodb, sqs: env.clients.sqs })));
    route = routes as typeof route;
  });
  after(async () => env?.moto.stop());

  const as = (ownerId: string, method: string, path: string): ApiEvent => apiEvent(method, path, { sub: ownerId });

  const keysUnder = async (s3: S3Client, bucket: string, mediaIds: readonly string[]): Promise<string[]> => {
    const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    return Contents.map((o) => o.Key!).filter((k) => mediaIds.some((id) => k.includes(id)));
  };

  /** An album with `count` ready photos, each with its original and a rendition. */
  async function seedAlbum(ownerId: string, count: number, { closed = false } = {}): Promise<{ albumId: string; mediaIds: string[] }> {
    counter += 1;
    const albumId = `album-${counter}`;
    const at = new Date().toISOString();
    await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...albumKey(ownerId, albumId), type: 'album', albumId, ownerId, name: 'Trip', createdAt: at, updatedAt: at, ...(closed ? { deletingSince: at } : {}) } }));
    const mediaIds: string[] = [];
    for (let i = 0; i < count; i += 1) mediaIds.push(await seedMedia(ownerId, albumId));
    return { albumId, mediaIds };
  }

  async function seedMedia(ownerId: string, albumId: string): Promise<string> {
    counter += 1;
    const mediaId = `media-${counter}`;
    const originalKey = `originals/image/${mediaId}.jpg`;
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...newMediaItem({ mediaId, ownerId, albumId, mediaClass: 'image', originalKey, contentType: 'image/jpeg', fileName: 'a.jpg', createdAt: new Date().toISOString(), expiresAt: 1 }), status: 'ready' },
      }),
    );
    await store.s3.send(new PutObjectCommand({ Bucket: store.originalsBucket, Key: originalKey, Body: 'original' }));
    await store.s3.send(new PutObjectCommand({ Bucket: store.derivedBucket, Key: `derived/${mediaId}/web.jpg`, Body: 'web' }));
    return mediaId;
  }

  /**
   * The deleter as its event source mapping runs it: one message at a time, deleted only when the
   * step succeeded. `failOn` makes the nth S3 delete throw, as a crash half-way through a page would.
   */
  async function runDeleter({ pageSize = 2, visibilitySeconds = 30 } = {}, deps: MediaDeletionStore = store): Promise<AlbumDeletionStep['outcome'][]> {
    const queue = sqsAlbumDeletionQueue(sqsMessageSender(env.clients.sqs), queueUrl);
    const outcomes: AlbumDeletionStep['outcome'][] = [];
    for (;;) {
      const { Messages = [] } = await env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1, VisibilityTimeout: visibilitySeconds }));
      if (Messages.length === 0) return outcomes;
      const [message] = Messages;
      const step = await deleteAlbumStep(deps, queue, parseAlbumDeletionRequest(message!.Body!), { pageSize, settleSeconds: 0 });
      outcomes.push(step.outcome);
      await env.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message!.ReceiptHandle! }));
    }
  }

  it('DELETE hides the album at once and queues its deletion; the deleter removes five items two per message, looks twice at an empty album, then removes it', async () => {
    const { albumId, mediaIds } = await seedAlbum('owner-a', 5);
    expect((await route(as('owner-a', 'DELETE', `/api/albums/${albumId}`))).statusCode).to.equal(204);
    expect((await route(as('owner-a', 'GET', `/api/albums/${albumId}`))).statusCode).to.equal(404);
    // The response did not wait for the media: they are still there, for the deleter.
    expect(await getMedia(store, mediaIds[0]!)).to.not.equal(undefined);

    const queue = sqsAlbumDeletionQueue(sqsMessageSender(env.clients.sqs), queueUrl);
    const first = await env.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }));
    expect((await deleteAlbumStep(store, queue, parseAlbumDeletionRequest(first.Messages![0]!.Body!), { pageSize: 2, settleSeconds: 0 })).outcome).to.equal('page-deleted');
    await env.clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first.Messages![0]!.ReceiptHandle! }));
    // Each page records progress, so the sweeper never takes a long deletion for a stalled one.
    const closed = (await store.doc.send(new GetCommand({ TableName: store.tableName, Key: albumKey('owner-a', albumId) }))).Item;
    expect(closed?.deletionProgressAt).to.be.a('string');
    expect(await runDeleter()).to.deep.equal(['page-deleted', 'page-deleted', 'confirming', 'album-deleted']);
    for (const mediaId of mediaIds) expect(await getMedia(store, mediaId)).to.equal(undefined);
    expect(await keysUnder(store.s3, store.originalsBucket, mediaIds)).to.deep.equal([]);
    expect(await keysUnder(store.s3, store.derivedBucket, mediaIds)).to.deep.equal([]);
    expect((await store.doc.send(new GetCommand({ TableName: store.tableName, Key: albumKey('owner-a', albumId) }))).Item).to.equal(undefined);

    // At least once: the same request delivered again finds nothing to do and changes nothing.
    await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ ownerId: 'owner-a', albumId }) }));
    expect(await runDeleter()).to.deep.equal(['nothing-to-do']);
  });

  it('an item that reaches the album index late (recorded just before the album closed) is found by the second look and removed', async () => {
    const { albumId } = await seedAlbum('owner-b', 0, { closed: true });
    const queue = sqsAlbumDeletionQueue(sqsMessageSender(env.clients.sqs), queueUrl);
    expect((await deleteAlbumStep(store, queue, { ownerId: 'owner-b', albumId }, { settleSeconds: 0 })).outcome).to.equal('confirming');
    const late = await seedMedia('owner-b', albumId);
    expect(await runDeleter()).to.deep.equal(['page-deleted', 'confirming', 'album-deleted']);
    expect(await getMedia(store, late)).to.equal(undefined);
    expect(await keysUnder(store.s3, store.originalsBucket, [late])).to.deep.equal([]);
  });

  it('a deleter that crashes half-way through a page loses nothing: the message comes back and the next delivery finishes the album', async () => {
    const { albumId, mediaIds } = await seedAlbum('owner-c', 3);
    await route(as('owner-c', 'DELETE', `/api/albums/${albumId}`));
    let s3Calls = 0;
    const crashing: MediaDeletionStore = {
      ...store,
      s3: {
        send: (command: Parameters<S3Client['send']>[0]) => {
          s3Calls += 1;
          if (s3Calls === 3) throw new Error('the deleter process died here');
          return store.s3.send(command);
        },
      } as unknown as S3Client,
    };
    const error = await runDeleter({ pageSize: 3, visibilitySeconds: 1 }, crashing).then(() => undefined, (e: Error) => e);
    expect(error?.message).to.equal('the deleter process died here');
    // Some of the page went, some did not; the message was never deleted.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await runDeleter({ pageSize: 3 })).to.deep.equal(['page-deleted', 'confirming', 'album-deleted']);
    for (const mediaId of mediaIds) expect(await getMedia(store, mediaId)).to.equal(undefined);
    expect(await keysUnder(store.s3, store.originalsBucket, mediaIds)).to.deep.equal([]);
    expect(await keysUnder(store.s3, store.derivedBucket, mediaIds)).to.deep.equal([]);
  });

  it('a request for an album that is not closed (not from the API) deletes nothing', async () => {
    const { albumId, mediaIds } = await seedAlbum('owner-d', 1);
    const step = await deleteAlbumStep(store, sqsAlbumDeletionQueue(sqsMessageSender(env.clients.sqs), queueUrl), { ownerId: 'owner-d', albumId });
    expect(step).to.deep.equal({ outcome: 'nothing-to-do', why: 'album-not-closed' });
    expect(await getMedia(store, mediaIds[0]!)).to.not.equal(undefined);
  });
});
