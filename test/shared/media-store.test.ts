import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';

import { claimOriginal, createMedia, getMedia, isBeingDeleted, markProcessing, mediaKey, processorAttribute, recordProcessorResult, type MediaStore } from '../../src/shared/media-store.js';
import { startTestStack, type TestStack } from '../support/local-stack.js';

describe('media store (DynamoDB in moto)', function () {
  this.timeout(60_000);
  let env: TestStack;
  let store: MediaStore;
  let counter = 0;

  before(async () => {
    env = await startTestStack('photo-album-store');
    store = { doc: DynamoDBDocumentClient.from(env.clients.dynamodb), tableName: env.stack.topology.tableName };
  });
  after(async () => env?.moto.stop());

  const newImage = async (): Promise<string> => {
    counter += 1;
    const mediaId = `media-${String(counter).padStart(4, '0')}`;
    await createMedia(store, { mediaId, ownerId: 'o', albumId: 'a', mediaClass: 'image', originalKey: `originals/image/${mediaId}.jpg`, contentType: 'image/jpeg', fileName: 'x.jpg', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: 1 });
    return mediaId;
  };

  it('moves an image to ready once its required processor succeeded, whatever the optional ones did, and drops the upload TTL', async () => {
    const mediaId = await newImage();
    const labelled = await recordProcessorResult(store, mediaId, 'image-labels', { status: 'skipped', reason: 'too small' });
    expect(labelled?.status).to.equal('processing');
    const ready = await recordProcessorResult(store, mediaId, 'image-variants', { status: 'succeeded', attributes: { variants: { web: { key: 'k' } } } });
    expect(ready?.status).to.equal('ready');
    expect(ready?.variants).to.deep.equal({ web: { key: 'k' } });
    expect(ready?.expiresAt).to.equal(undefined);
  });

  it('marks the item failed with the reason when a required processor fails, and ready again after a successful reprocess', async () => {
    const mediaId = await newImage();
    const failed = await recordProcessorResult(store, mediaId, 'image-variants', { status: 'failed', reason: 'The PNG file is damaged.', code: 'corrupt_image' });
    expect(failed).to.include({ status: 'failed', failureReason: 'The PNG file is damaged.' });
    const recovered = await recordProcessorResult(store, mediaId, 'image-variants', { status: 'succeeded' });
    expect(recovered?.status).to.equal('ready');
    expect(recovered?.failureReason).to.equal(undefined);
  });

  it('an optional processor failing does not fail the item', async () => {
    const mediaId = await newImage();
    await recordProcessorResult(store, mediaId, 'image-variants', { status: 'succeeded' });
    const after = await recordProcessorResult(store, mediaId, 'image-labels', { status: 'failed', reason: 'Rekognition cannot label this image' });
    expect(after?.status).to.equal('ready');
  });

  it('recording the same outcome twice leaves one result (idempotent)', async () => {
    const mediaId = await newImage();
    const first = await recordProcessorResult(store, mediaId, 'image-variants', { status: 'succeeded', attributes: { variants: { thumb: { key: 't' } } } }, new Date('2026-01-01T00:00:00Z'));
    const second = await recordProcessorResult(store, mediaId, 'image-variants', { status: 'succeeded', attributes: { variants: { thumb: { key: 't' } } } }, new Date('2026-01-01T00:00:00Z'));
    expect(second).to.deep.equal(first);
  });

  it('changes nothing for a media item that does not exist', async () => {
    expect(await recordProcessorResult(store, 'media-missing-1', 'image-variants', { status: 'succeeded' })).to.equal(undefined);
    expect(await getMedia(store, 'media-missing-1')).to.equal(undefined);
  });

  /** What the first step of every delete does (deleteMediaEverywhere). */
  const markDeleting = (mediaId: string) =>
    store.doc.send(new UpdateCommand({ TableName: store.tableName, Key: mediaKey(mediaId), UpdateExpression: 'SET deletingSince = :now', ExpressionAttributeValues: { ':now': new Date().toISOString() } }));

  it('records nothing on an item the API is deleting, as if it were gone', async () => {
    const mediaId = await newImage();
    await markDeleting(mediaId);
    expect(await recordProcessorResult(store, mediaId, 'image-variants', { status: 'succeeded' })).to.equal(undefined);
    const item = await getMedia(store, mediaId);
    expect(isBeingDeleted(item!)).to.equal(true);
    expect(item?.status).to.equal('uploading');
    expect(item?.[processorAttribute('image-variants')]).to.equal(undefined);
  });

  it('never moves an item the API started deleting between the result and the status write back to ready', async () => {
    const mediaId = await newImage();
    let sends = 0;
    // The delete lands between the two writes recordProcessorResult makes.
    const racing: MediaStore = {
      ...store,
      doc: Object.assign(Object.create(store.doc) as DynamoDBDocumentClient, {
        send: async (command: UpdateCommand) => {
          sends += 1;
          if (sends === 2) await markDeleting(mediaId);
          return store.doc.send(command);
        },
      }),
    };
    const result = await recordProcessorResult(racing, mediaId, 'image-variants', { status: 'succeeded' });
    expect(sends).to.be.at.least(2);
    // The result landed before the delete; the status write after it did not.
    expect(result?.status).to.equal('uploading');
    expect(isBeingDeleted(result!)).to.equal(true);
    expect((await getMedia(store, mediaId))?.status).to.equal('uploading');
  });

  it('marks an uploaded item processing when a required processor starts, dropping the upload TTL, and only from uploading', async () => {
    const mediaId = await newImage();
    expect((await getMedia(store, mediaId))?.expiresAt).to.equal(1);
    expect(await markProcessing(store, mediaId)).to.equal(true);
    const started = await getMedia(store, mediaId);
    expect(started?.status).to.equal('processing');
    expect(started?.expiresAt).to.equal(undefined);
    // A redelivered job starts again: no change. A finished or failed item is never moved back.
    expect(await markProcessing(store, mediaId)).to.equal(false);
    await recordProcessorResult(store, mediaId, 'image-variants', { status: 'succeeded' });
    expect(await markProcessing(store, mediaId)).to.equal(false);
    expect((await getMedia(store, mediaId))?.status).to.equal('ready');
    const failing = await newImage();
    await recordProcessorResult(store, failing, 'image-variants', { status: 'failed', reason: 'damaged' });
    expect(await markProcessing(store, failing)).to.equal(false);
    expect((await getMedia(store, failing))?.status).to.equal('failed');
    // An item being deleted, or gone, stays as it is.
    const deleting = await newImage();
    await markDeleting(deleting);
    expect(await markProcessing(store, deleting)).to.equal(false);
    expect(await markProcessing(store, 'media-never-made')).to.equal(false);
    expect(await getMedia(store, 'media-never-made')).to.equal(undefined);
  });

  it('refuses to create the same media record twice', async () => {
    const mediaId = await newImage();
    const again = createMedia(store, { mediaId, ownerId: 'o', albumId: 'a', mediaClass: 'image', originalKey: 'k', contentType: 'image/jpeg', fileName: 'x', createdAt: 'now', expiresAt: 1 });
    const error = await again.then(() => undefined, (e: Error) => e);
    expect(error?.name).to.equal('ConditionalCheckFailedException');
  });

  it('an older run finishing last leaves the newer run\'s result standing (a redelivery, a reprocess)', async () => {
    const mediaId = await newImage();
    const earlier = new Date('2026-03-01T10:00:00.000Z');
    const later = new Date('2026-03-01T10:00:05.000Z');
    await recordProcessorResult(store, mediaId, 'image-variants', { status: 'succeeded', startedAt: later, attributes: { variants: { web: { key: 'from-the-later-run' } } } });
    const stale = await recordProcessorResult(store, mediaId, 'image-variants', { status: 'failed', reason: 'old run', startedAt: earlier, attributes: { variants: { web: { key: 'from-the-earlier-run' } } } });
    // Not undefined: the item exists, so the stale run must not take its renditions back.
    expect(stale?.mediaId).to.equal(mediaId);
    const item = await getMedia(store, mediaId);
    expect(item?.status).to.equal('ready');
    expect(item?.variants).to.deep.equal({ web: { key: 'from-the-later-run' } });
    // The same run again (a duplicate delivery of it) still writes: equal start times are not older.
    const again = await recordProcessorResult(store, mediaId, 'image-variants', { status: 'succeeded', startedAt: later, attributes: { variants: { web: { key: 'from-the-later-run-again' } } } });
    expect(again?.variants).to.deep.equal({ web: { key: 'from-the-later-run-again' } });
  });

  it('the first upload to a key is the one processed: a second object at the key is superseded, an event without an ETag is taken as current', async () => {
    const mediaId = await newImage();
    expect(await claimOriginal(store, mediaId, { eTag: 'aaa' })).to.equal('current');
    // The same object's event again, even with the quotes a listing gives it.
    expect(await claimOriginal(store, mediaId, { eTag: '"aaa"' })).to.equal('current');
    expect(await claimOriginal(store, mediaId, { eTag: 'bbb' })).to.equal('superseded');
    expect(await claimOriginal(store, mediaId, {})).to.equal('current');
    expect((await getMedia(store, mediaId))?.originalETag).to.equal('aaa');
    expect(await claimOriginal(store, 'media-never-made', { eTag: 'aaa' })).to.equal('media-missing');
    // An item a delete has reached is as good as gone, with or without an ETag to check.
    const going = await newImage();
    await markDeleting(going);
    expect(await claimOriginal(store, going, { eTag: 'aaa' })).to.equal('media-missing');
    expect(await claimOriginal(store, going, {})).to.equal('media-missing');
  });
});
