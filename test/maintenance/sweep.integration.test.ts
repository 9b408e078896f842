import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';

import { audit, processingDeadlineSeconds } from '../../src/maintenance/audit.js';
import { sweep } from '../../src/maintenance/sweep.js';
import { STALLED } from '../../src/shared/media-store.js';
import { deleteAlbumStep } from '../../src/maintenance/album-deletion.js';
import { sqsAlbumDeletionQueue, type AlbumDeletionRequest } from '../../src/shared/album-deletion-requests.js';
import { sqsMessageSender } from '../../src/shared/message-sender.js';
import { documentClient } from '../../src/shared/document-client.js';
import type { MediaDeletionStore } from '../../src/shared/media-deletion.js';
import { albumKey } from '../../src/shared/media-store.js';
import { claimOriginal, getMedia, newMediaItem, type MediaStatus } from '../../src/shared/media-store.js';
import { drain, startTestStack, type TestStack } from '../support/local-stack.js';

const HOUR = 3600 * 1000;

describe('audit and sweeper: storage and table compared, every inconsistency repaired (moto)', function () {
  this.timeout(120_000);
  let env: TestStack;
  let store: MediaDeletionStore;
  let queueUrl: string;
  const now = new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  before(async () => {
    env = await startTestStack('photo-album-sweep');
    const { topology } = env.stack;
    queueUrl = env.stack.jobQueues['album-deleter']!.url;
    store = { doc: documentClient(env.clients.dynamodb), s3: env.clients.s3, tableName: topology.tableName, originalsBucket: topology.buckets.originals, derivedBucket: topology.buckets.derived };
  });
  after(async () => env?.moto.stop());

  const putOriginal = (mediaId: string, body = 'bytes') => store.s3.send(new PutObjectCommand({ Bucket: store.originalsBucket, Key: `originals/image/${mediaId}.jpg`, Body: body }));
  const putRendition = (mediaId: string) => store.s3.send(new PutObjectCommand({ Bucket: store.derivedBucket, Key: `derived/${mediaId}/web.jpg`, Body: 'web' }));
  const putMedia = (mediaId: string, status: MediaStatus, extra: Record<string, unknown> = {}) =>
    store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          ...newMediaItem({ mediaId, ownerId: 'owner', albumId: 'album-1', mediaClass: 'image', originalKey: `originals/image/${mediaId}.jpg`, contentType: 'image/jpeg', fileName: 'a.jpg', createdAt: ago(2 * HOUR), expiresAt: 1 }),
          status,
          ...extra,
        },
      }),
    );
  const keys = async (bucket: string) => ((await store.s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key!).sort();

  it('finds one of each kind, changes nothing itself, and after one sweep (and the album deleter) finds none', async () => {
    // Healthy: no finding for these.
    await putMedia('healthy-photo', 'ready');
    await putOriginal('healthy-photo');
    await putRendition('healthy-photo');
    await putMedia('fresh-upload', 'uploading', { createdAt: ago(60_000) });
    // A large album whose deletion began an hour ago and removed a page a minute ago: still going.
    await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...albumKey('owner', 'large-going'), type: 'album', albumId: 'large-going', ownerId: 'owner', name: 'x', createdAt: ago(2 * HOUR), updatedAt: ago(2 * HOUR), deletingSince: ago(HOUR), deletionProgressAt: ago(60_000) } }));

    await putOriginal('late-upload-after-delete');
    await putRendition('rendered-after-delete');
    await putMedia('abandoned', 'uploading');
    await putMedia('backlogged', 'uploading');
    await putOriginal('backlogged');
    await putMedia('stalled-photo', 'processing', { updatedAt: ago(processingDeadlineSeconds('image') * 1000 + HOUR) });
    await putOriginal('stalled-photo');
    await putMedia('half-deleted', 'ready', { deletingSince: ago(HOUR) });
    await putOriginal('half-deleted');
    await putRendition('half-deleted');
    // A second POST to a used key, after the first upload's results were made.
    await putMedia('reposted', 'ready');
    await putOriginal('reposted', 'the first upload');
    const first = await store.s3.send(new GetObjectCommand({ Bucket: store.originalsBucket, Key: 'originals/image/reposted.jpg' }));
    expect(await claimOriginal(store, 'reposted', { eTag: first.ETag! })).to.equal('current');
    await putOriginal('reposted', 'a second upload to the same key');
    // Re-rendered with recipe 2, and a run of recipe 1 finished after that set was recorded.
    await putMedia('re-rendered', 'ready', { 'processor:image-variants': { status: 'succeeded', at: ago(HOUR), recipeVersion: 2 } });
    await putOriginal('re-rendered');
    for (const key of ['derived/re-rendered/v1/web.jpg', 'derived/re-rendered/v2/web.jpg']) await store.s3.send(new PutObjectCommand({ Bucket: store.derivedBucket, Key: key, Body: 'web' }));
    await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...albumKey('owner', 'closing'), type: 'album', albumId: 'closing', ownerId: 'owner', name: 'x', createdAt: ago(2 * HOUR), updatedAt: ago(2 * HOUR), deletingSince: ago(HOUR) } }));

    const before = { originals: await keys(store.originalsBucket), derived: await keys(store.derivedBucket) };
    const report = await audit(store, { now, uploadWindowSeconds: 900 });
    const found = report.findings.map((f) => `${f.kind}:${'mediaId' in f ? f.mediaId : f.albumId}`).sort();
    expect(found).to.deep.equal(
      [
        'abandoned-upload:abandoned',
        'album-deletion-stalled:closing',
        'not-started:backlogged',
        'orphan-original:late-upload-after-delete',
        'orphan-renditions:rendered-after-delete',
        'replaced-original:reposted',
        'stuck-deleting:half-deleted',
        'stuck-processing:stalled-photo',
        'superseded-renditions:re-rendered',
      ].sort(),
    );
    // Read-only.
    expect({ originals: await keys(store.originalsBucket), derived: await keys(store.derivedBucket) }).to.deep.equal(before);
    expect((await getMedia(store, 'abandoned'))?.status).to.equal('uploading');

    const albumDeletions = sqsAlbumDeletionQueue(sqsMessageSender(env.clients.sqs), queueUrl);
    const swept = await sweep({ store, albumDeletions }, { now, uploadWindowSeconds: 900 });
    expect(Object.values(swept.outcomes).every((o) => o.repaired === 1 && o['moved-on'] === 0 && o['needs-a-person'] === 0)).to.equal(true);
    expect(Object.keys(swept.outcomes)).to.have.length(9);

    expect(await getMedia(store, 'abandoned')).to.equal(undefined);
    const backlogged = await getMedia(store, 'backlogged');
    expect(backlogged?.status).to.equal('processing');
    // The bytes arrived: DynamoDB's TTL must no longer remove the record.
    expect(backlogged?.expiresAt).to.equal(undefined);
    expect(await getMedia(store, 'stalled-photo')).to.include({ status: 'failed', failureCode: STALLED });
    expect(await getMedia(store, 'half-deleted')).to.equal(undefined);
    const restored = await store.s3.send(new GetObjectCommand({ Bucket: store.originalsBucket, Key: 'originals/image/reposted.jpg' }));
    expect(await restored.Body!.transformToString()).to.equal('the first upload');
    expect(await keys(store.originalsBucket)).to.deep.equal(['originals/image/backlogged.jpg', 'originals/image/healthy-photo.jpg', 'originals/image/re-rendered.jpg', 'originals/image/reposted.jpg', 'originals/image/stalled-photo.jpg']);
    expect(await keys(store.derivedBucket)).to.deep.equal(['derived/healthy-photo/web.jpg', 'derived/re-rendered/v2/web.jpg']);

    // The stalled album deletion was handed back to the album deleter.
    const requests = (await drain(env.clients.sqs, queueUrl)).map((m) => JSON.parse(m.Body!) as AlbumDeletionRequest);
    expect(requests).to.deep.equal([{ ownerId: 'owner', albumId: 'closing' }]);
    await deleteAlbumStep(store, albumDeletions, requests[0]!, { settleSeconds: 0 });
    await deleteAlbumStep(store, albumDeletions, { ...requests[0]!, emptyLooks: 1 }, { settleSeconds: 0 });
    await drain(env.clients.sqs, queueUrl);

    const after = await audit(store, { now, uploadWindowSeconds: 900 });
    expect(after.findings).to.deep.equal([]);
    expect(after.checked).to.be.greaterThan(0);
  });

  it('a sweep racing the system changes nothing that moved on since the audit', async () => {
    await putMedia('raced-photo', 'processing', { updatedAt: ago(processingDeadlineSeconds('image') * 1000 + HOUR) });
    await putOriginal('raced-photo');
    const report = await audit(store, { now, uploadWindowSeconds: 900 });
    expect(report.findings.map((f) => f.kind)).to.deep.equal(['stuck-processing']);
    // The processor finishes between the audit and the repair.
    await putMedia('raced-photo', 'ready');
    const { repair } = await import('../../src/maintenance/sweep.js');
    expect(await repair({ store, albumDeletions: sqsAlbumDeletionQueue(sqsMessageSender(env.clients.sqs), queueUrl) }, report.findings[0]!, now)).to.equal('moved-on');
    expect((await getMedia(store, 'raced-photo'))?.status).to.equal('ready');
  });
});
