import { createHash, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { PutObjectCommand } from '@aws-sdk/client-s3';

import { GetQueueAttributesCommand, PurgeQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import sharp from 'sharp';

import { reprocess } from '../../src/cli/reprocess.js';
import { pollOnce } from '../../src/local/poller.js';
import { VARIANT_RECIPE, type VariantRecipe } from '../../src/processors/image-variants/pipeline.js';
import { produceVariants } from '../../src/processors/image-variants/variants-job.js';
import { sqsBatchHandler } from '../../src/processors/sqs-processor.js';
import { parseOriginalKey } from '../../src/shared/media-keys.js';
import { createMedia, mediaKey, processorAttribute, recordRejection } from '../../src/shared/media-store.js';
import { moderationOf } from '../../src/shared/moderation.js';
import { processorNamed, registry } from '../../src/shared/registry.js';
import { RECIPE_VERSIONS } from '../../src/shared/renditions.js';
import { s3Notification } from '../support/events.js';
import { fixture } from '../support/fixtures.js';
import { derivedKeysOf, derivedObject, mediaItem, runUntilIdle, startImageStack, uploadImage, type ImageStack } from '../support/image-stack.js';
import { TEST_REGION } from '../support/local-stack.js';

/** A 24x24 greyscale thumbnail of an image, for comparing what two files show. */
/** The recipe's version and its files, sorted as a listing sorts them. */
const RECIPE = RECIPE_VERSIONS['image-variants']!;
const FILES = VARIANT_RECIPE.map((v) => `${v.name}.${v.format === 'jpeg' ? 'jpg' : v.format}`).sort();

const fingerprint = async (image: Buffer): Promise<Buffer> => sharp(image).resize(24, 24, { fit: 'fill' }).greyscale().raw().toBuffer();
const meanDifference = (a: Buffer, b: Buffer): number => a.reduce((sum, value, i) => sum + Math.abs(value - b[i]!), 0) / a.length;

describe('image pipeline through the local stack (moto, real handlers, real sharp)', function () {
  this.timeout(600_000);
  let env: ImageStack;

  before(async () => {
    env = await startImageStack('photo-album-images');
    await runUntilIdle(env); // consume the s3:TestEvents sent at provisioning
  });
  after(async () => {
    env?.restoreEnv();
    await env?.moto.stop();
  });

  const queueDepth = async (url: string): Promise<number> => {
    const { Attributes = {} } = await env.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  };

  it('every EXIF orientation 1-8 comes out upright, with every variant of the recipe stored and the item ready', async () => {
    for (const shape of ['landscape', 'portrait']) {
      const ids = [];
      for (let orientation = 1; orientation <= 8; orientation += 1) ids.push(await uploadImage(env, fixture(`images/exif/orientation_${shape}_${orientation}.jpg`)));
      await runUntilIdle(env);
      const upright = await fingerprint((await derivedObject(env, `derived/${ids[0]}/v${RECIPE}/web.jpg`)).body);
      for (const [index, mediaId] of ids.entries()) {
        const item = await mediaItem(env, mediaId);
        expect(item?.status, `${shape} ${index + 1}`).to.equal('ready');
        expect(await derivedKeysOf(env, mediaId)).to.deep.equal(FILES.map((file) => `derived/${mediaId}/v${RECIPE}/${file}`));
        const web = await derivedObject(env, `derived/${mediaId}/v${RECIPE}/web.jpg`);
        expect(web.contentType).to.equal('image/jpeg');
        expect(web.cacheControl).to.contain('immutable');
        expect(meanDifference(await fingerprint(web.body), upright), `${shape} orientation ${index + 1}`).to.be.below(12);
      }
    }
  });

  it('no GPS position survives into any variant, and the item keeps camera make and model but no GPS', async () => {
    for (const file of ['gps_DSCN0010.jpg', 'gps_DSCN0021.jpg']) {
      const mediaId = await uploadImage(env, fixture(`images/exif/${file}`));
      await runUntilIdle(env);
      const item = await mediaItem(env, mediaId);
      expect(item?.status).to.equal('ready');
      const original = item?.original as Record<string, unknown>;
      expect(original.cameraMake).to.be.a('string');
      expect(JSON.stringify(original)).to.not.match(/gps|latitude|longitude/i);
      expect(Object.keys(original).sort()).to.deep.equal(['cameraMake', 'cameraModel', 'capturedAt', 'format', 'height', 'width']);
      for (const key of await derivedKeysOf(env, mediaId)) {
        const metadata = await sharp((await derivedObject(env, key)).body).metadata();
        expect(metadata.exif, key).to.equal(undefined);
        expect(metadata.xmp, key).to.equal(undefined);
      }
    }
  });

  it('the iPhone HEIC becomes ready with its variants and labels (labels run on the web JPEG)', async () => {
    const mediaId = await uploadImage(env, fixture('images/exif/heic_IMG_5195.HEIC'));
    await runUntilIdle(env);
    const item = await mediaItem(env, mediaId);
    expect(item?.status).to.equal('ready');
    expect((item?.original as { format: string }).format).to.equal('heic');
    expect(item?.[processorAttribute('image-labels')]).to.include({ status: 'succeeded' });
    expect((item?.labels as unknown[]).length).to.be.above(0);
  });

  it('every corrupt PNG and damaged JPEG ends failed with a reason, and its queue and DLQ end empty', async () => {
    const corrupt = readdirSync(fixture('images/pngsuite')).filter((f) => /^x.*\.png$/.test(f)).map((f) => fixture(`images/pngsuite/${f}`));
    corrupt.push(fixture('images/exif/corrupted.jpg'));
    const ids = new Map<string, string>();
    for (const file of corrupt) ids.set(file, await uploadImage(env, file));
    await runUntilIdle(env);
    for (const [file, mediaId] of ids) {
      const item = await mediaItem(env, mediaId);
      expect(item?.status, file).to.equal('failed');
      expect(item?.failureReason, file).to.be.a('string').and.have.length.above(10);
    }
    const queue = env.stack.queues['image-variants']!;
    expect(await queueDepth(queue.url)).to.equal(0);
    expect(await queueDepth(queue.dlqUrl)).to.equal(0);
  });

  it("an image under Rekognition's 80-pixel minimum is ready, its labelling skipped with a recorded reason", async () => {
    const mediaId = await uploadImage(env, fixture('images/exif/Canon_40D.jpg'));
    await runUntilIdle(env);
    const item = await mediaItem(env, mediaId);
    expect(item?.status).to.equal('ready');
    const state = item?.[processorAttribute('image-labels')] as { status: string; reason: string };
    expect(state.status).to.equal('skipped');
    expect(state.reason).to.match(/at least 80 pixels/);
  });

  it('image-moderation flags a picture the (stand-in) service finds graphic, clears another, marks a tiny one unchecked, and a repeated event leaves one finding', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'moderation-'));
    const picture = async (name: string, background: string) => {
      const file = join(dir, name);
      await sharp({ create: { width: 640, height: 480, channels: 3, background } }).jpeg().toFile(file);
      return file;
    };
    const [red, blue, tiny] = [await uploadImage(env, await picture('red.jpg', '#c81414')), await uploadImage(env, await picture('blue.jpg', '#1e3cb4')), await uploadImage(env, fixture('images/exif/Canon_40D.jpg'))];
    await runUntilIdle(env);
    const moderation = async (mediaId: string) => moderationOf((await mediaItem(env, mediaId))!);
    expect(await moderation(red)).to.deep.equal({ state: 'flagged', categories: ['Violence'], allowed: false });
    expect(((await mediaItem(env, red))?.moderation as { labels: { name: string }[] }).labels.map((l) => l.name)).to.include('Blood & Gore');
    expect(await moderation(blue)).to.deep.equal({ state: 'clear', categories: [], allowed: false });
    expect((await moderation(tiny)).state).to.equal('unchecked');
    // Moderation does not hold up the owner: a flagged photo is ready like any other.
    expect((await mediaItem(env, red))?.status).to.equal('ready');

    const before = await mediaItem(env, red);
    const web = { bucket: env.stack.topology.buckets.derived, key: `derived/${red}/v${RECIPE}/web.jpg` };
    const queue = env.stack.queues['image-moderation']!;
    for (let i = 0; i < 2; i += 1) await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: s3Notification(web.bucket, [web.key]) }));
    await runUntilIdle(env, { only: ['image-moderation'] });
    const after = await mediaItem(env, red);
    expect(after?.moderation).to.deep.equal(before?.moderation);
    expect(await moderation(red)).to.deep.equal({ state: 'flagged', categories: ['Violence'], allowed: false });
    expect(await queueDepth(queue.dlqUrl)).to.equal(0);
  });

  it("poster-moderation judges a video by its poster frame, as the video worker stores it", async () => {
    const mediaId = randomUUID();
    await createMedia({ doc: env.doc, tableName: env.stack.topology.tableName }, { mediaId, ownerId: 'owner-1', albumId: 'album-1', mediaClass: 'video', originalKey: `originals/video/${mediaId}.mp4`, contentType: 'video/mp4', fileName: 'clip.mp4', createdAt: new Date().toISOString(), expiresAt: Math.floor(Date.now() / 1000) + 3600 });
    const poster = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#c81414' } }).jpeg().toBuffer();
    await env.clients.s3.send(new PutObjectCommand({ Bucket: env.stack.topology.buckets.derived, Key: `derived/${mediaId}/v1/poster.jpg`, Body: poster, ContentType: 'image/jpeg', Metadata: { width: '640', height: '360' } }));
    await runUntilIdle(env);
    expect(moderationOf((await mediaItem(env, mediaId))!)).to.deep.equal({ state: 'flagged', categories: ['Violence'], allowed: false });
    expect((await mediaItem(env, mediaId))?.[processorAttribute('image-moderation')], 'the photo processor leaves videos alone').to.equal(undefined);
  });

  it('processes bytes that match the checksum the upload declared, and refuses other bytes before any work (S3 would have refused them; moto does not)', async () => {
    const file = fixture('images/exif/gps_DSCN0010.jpg');
    const honest = await uploadImage(env, file, 'owner-checksums', createHash('sha256').update(await readFile(file)).digest('base64'));
    const lying = await uploadImage(env, file, 'owner-checksums', createHash('sha256').update('some other photo').digest('base64'));
    await runUntilIdle(env);
    expect((await mediaItem(env, honest))?.status).to.equal('ready');
    const refused = await mediaItem(env, lying);
    expect(refused).to.include({ status: 'failed', failureCode: 'checksum_mismatch' });
    expect(refused?.failureReason).to.match(/SHA-256 differs/);
    expect(await derivedKeysOf(env, lying), 'nothing rendered').to.deep.equal([]);
  });

  it('labels from Rekognition land on the item and in the owner-by-label index (a TIFF original)', async () => {
    const mediaId = await uploadImage(env, fixture('images/exif/tiff_BSG1.tiff'), 'owner-labels');
    await runUntilIdle(env);
    const item = await mediaItem(env, mediaId);
    const labels = item?.labels as { name: string; confidence: number }[];
    expect(labels.length).to.be.above(0);
    const first = labels[0]!.name.toLowerCase();
    const { Items = [] } = await env.doc.send(
      new QueryCommand({ TableName: env.stack.topology.tableName, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': `OWNER#owner-labels#LABEL#${first}` } }),
    );
    expect(Items.map((i) => i.mediaId)).to.deep.equal([mediaId]);
  });

  it('a duplicated event leaves one result: same objects, same item', async () => {
    const mediaId = await uploadImage(env, fixture('images/exif/Nikon_D70.jpg'));
    await runUntilIdle(env);
    const before = await mediaItem(env, mediaId);
    const keysBefore = await derivedKeysOf(env, mediaId);
    const queue = env.stack.queues['image-variants']!;
    const body = s3Notification(env.stack.topology.buckets.originals, [before!.originalKey as string]);
    await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
    await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
    await runUntilIdle(env);
    const after = await mediaItem(env, mediaId);
    expect(await derivedKeysOf(env, mediaId)).to.deep.equal(keysBefore);
    expect(after?.variants).to.deep.equal(before?.variants);
    expect(after?.status).to.equal('ready');
  });

  it('a second upload to a used key does not replace the first one\'s results: its event is superseded and the renditions still show the first photo', async () => {
    const mediaId = await uploadImage(env, fixture('images/exif/orientation_landscape_1.jpg'));
    await runUntilIdle(env);
    const first = await mediaItem(env, mediaId);
    const webBefore = (await derivedObject(env, `derived/${mediaId}/v${RECIPE}/web.jpg`)).body;
    // The same presigned POST used again, with another photo: S3 keeps both versions, and notifies.
    await env.clients.s3.send(new PutObjectCommand({ Bucket: env.stack.topology.buckets.originals, Key: first!.originalKey as string, Body: await readFile(fixture('images/exif/Canon_40D.jpg')), ContentType: 'image/jpeg' }));
    await runUntilIdle(env);
    const after = await mediaItem(env, mediaId);
    expect(after?.originalETag).to.equal(first?.originalETag);
    expect(after?.variants).to.deep.equal(first?.variants);
    expect(after?.[processorAttribute('image-variants')]).to.deep.equal(first?.[processorAttribute('image-variants')]);
    expect((await derivedObject(env, `derived/${mediaId}/v${RECIPE}/web.jpg`)).body.equals(webBefore)).to.equal(true);
  });

  it('an event for a media item that was deleted changes nothing', async () => {
    const mediaId = await uploadImage(env, fixture('images/exif/orientation_landscape_1.jpg'));
    await env.doc.send(new DeleteCommand({ TableName: env.stack.topology.tableName, Key: mediaKey(mediaId) }));
    await runUntilIdle(env);
    expect(await mediaItem(env, mediaId)).to.equal(undefined);
    expect(await derivedKeysOf(env, mediaId)).to.deep.equal([]);
  });

  it('the reprocess command brings a processor up to date on old media, and running it twice changes no result', async () => {
    // Media processed before image-labels "existed": its queue lost every event.
    const ids = [await uploadImage(env, fixture('images/exif/gps_DSCN0021.jpg'), 'owner-late'), await uploadImage(env, fixture('images/exif/orientation_portrait_1.jpg'), 'owner-late')];
    const variants = env.stack.queues['image-variants']!;
    await runUntilIdle(env, { only: ['image-variants'] });
    await env.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: env.stack.queues['image-labels']!.url }));
    expect(await queueDepth(variants.url)).to.equal(0);
    for (const id of ids) expect((await mediaItem(env, id))?.[processorAttribute('image-labels')]).to.equal(undefined);

    const deps = { s3: env.clients.s3, sqs: env.clients.sqs, topology: env.stack.topology, registry };
    const progress: number[] = [];
    const sent = await reprocess(deps, processorNamed('image-labels'), { all: true }, ({ sent: done }) => progress.push(done));
    expect(sent).to.be.at.least(ids.length);
    expect(progress.at(-1)).to.equal(sent);
    await runUntilIdle(env);
    const firstRun = await Promise.all(ids.map((id) => mediaItem(env, id)));
    for (const item of firstRun) expect(item?.[processorAttribute('image-labels')]).to.include({ status: 'succeeded' });

    expect(await reprocess(deps, processorNamed('image-labels'), { mediaId: ids[0]! })).to.equal(1);
    await reprocess(deps, processorNamed('image-labels'), { all: true });
    await runUntilIdle(env);
    const secondRun = await Promise.all(ids.map((id) => mediaItem(env, id)));
    expect(secondRun.map((i) => i?.labels)).to.deep.equal(firstRun.map((i) => i?.labels));
    expect(secondRun.map((i) => i?.status)).to.deep.equal(['ready', 'ready']);
  });
});

describe('a new rendition recipe through the local stack', function () {
  this.timeout(600_000);
  // A stack of its own: "nothing stale is left" must not depend on what other tests left behind.
  let env: ImageStack;
  before(async () => {
    env = await startImageStack('photo-album-recipes');
    await runUntilIdle(env);
  });
  after(async () => {
    env?.restoreEnv();
    await env?.moto.stop();
  });

  it('a new recipe version: reprocess --stale re-renders only media of older recipes, resumably, and old renditions go only once the new set is recorded', async () => {
    const table = { doc: env.doc, tableName: env.stack.topology.tableName };
    const derivedBucket = env.stack.topology.buckets.derived;
    const stores = { s3: env.clients.s3, ...table, derivedBucket };
    // The next version of the recipe: a smaller, lighter web rendition. The same processor code, fed by the same queue.
    const nextRecipe = VARIANT_RECIPE.map((spec) => (spec.name === 'web' ? { ...spec, width: 1600, height: 1600, quality: 75 } : spec));
    const processorWith = (recipe: VariantRecipe, recipeVersion: number) =>
      sqsBatchHandler({
        name: 'image-variants',
        claim: (object) => {
          const original = parseOriginalKey(object.key);
          return original?.mediaClass === 'image' ? { mediaId: original.mediaId } : undefined;
        },
        process: (object, { mediaId }) => produceVariants(stores, object, mediaId, { maxInputBytes: 50 * 1024 * 1024, recipe, recipeVersion }),
        reject: recordRejection(table, 'image-variants'),
      }).handler;
    const next = { ...env, handlers: { ...env.handlers, 'image-variants': processorWith(nextRecipe, RECIPE + 1) } };
    const current = { ...env, handlers: { ...env.handlers, 'image-variants': processorWith(VARIANT_RECIPE, RECIPE) } };
    const staleRun = () => reprocess({ s3: env.clients.s3, sqs: env.clients.sqs, dynamodb: env.clients.dynamodb, topology: env.stack.topology, registry, recipeVersions: { 'image-variants': RECIPE + 1 } }, processorNamed('image-variants'), { stale: true });
    const filesOf = (version: number) => FILES.map((file) => `v${version}/${file}`);
    const keysOf = async (mediaId: string) => (await derivedKeysOf(env, mediaId)).map((key) => key.replace(`derived/${mediaId}/`, ''));

    const old = [await uploadImage(env, fixture('images/exif/Canon_40D.jpg'), 'owner-recipe'), await uploadImage(env, fixture('images/exif/Nikon_D70.jpg'), 'owner-recipe')];
    await runUntilIdle(current);
    expect(await keysOf(old[0]!)).to.deep.equal(filesOf(RECIPE));
    // Uploaded after the new recipe was deployed: made with it, so never stale.
    const fresh = await uploadImage(env, fixture('images/exif/orientation_landscape_1.jpg'), 'owner-recipe');
    await runUntilIdle(next);
    expect(await keysOf(fresh)).to.deep.equal(filesOf(RECIPE + 1));

    const staleBefore = await staleRun();
    expect(staleBefore).to.equal(2);
    // The run is cut short: one message is handled, the rest are lost. Running it again finds only what is still stale.
    const variants = env.stack.queues['image-variants']!;
    await pollOnce({ sqs: env.clients.sqs, queueUrl: variants.url, queueArn: variants.arn, region: TEST_REGION, functionName: 'image-variants', batchSize: 1, timeoutMs: 60_000, waitTimeSeconds: 0, handler: next.handlers['image-variants'] });
    await env.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: variants.url }));
    expect(await staleRun()).to.equal(staleBefore - 1);
    await runUntilIdle(next);
    expect(await staleRun(), 'nothing left to do').to.equal(0);

    for (const mediaId of [...old, fresh]) {
      const item = (await mediaItem(env, mediaId))!;
      expect(item[processorAttribute('image-variants')]).to.include({ status: 'succeeded', recipeVersion: RECIPE + 1 });
      const recorded = Object.values(item.variants as Record<string, { key: string }>).map((v) => v.key).sort();
      // The recorded set is complete and is everything stored: the older version's files are gone.
      expect(recorded).to.deep.equal(await derivedKeysOf(env, mediaId));
      expect(await keysOf(mediaId)).to.deep.equal(filesOf(RECIPE + 1));
      expect((item.variants as { web: { width: number; height: number } }).web.width).to.be.at.most(1600);
    }

    // A worker of the older release still running during the deploy handles an old event late: the newer version stands, and its own files go again.
    const original = (await mediaItem(env, old[0]!))!.originalKey as string;
    await env.clients.sqs.send(new SendMessageCommand({ QueueUrl: variants.url, MessageBody: s3Notification(env.stack.topology.buckets.originals, [original]) }));
    await runUntilIdle(current, { only: ['image-variants'] });
    expect((await mediaItem(env, old[0]!))![processorAttribute('image-variants')]).to.include({ recipeVersion: RECIPE + 1 });
    expect(await keysOf(old[0]!)).to.deep.equal(filesOf(RECIPE + 1));
  });
});
