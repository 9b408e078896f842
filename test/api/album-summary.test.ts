import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';

import { cameraName } from '../../src/api/routes.js';
import { albumCoverThumb, chosenCoverThumb, type Store } from '../../src/api/store.js';

describe('album covers', () => {
  // Created in a hook, not at load: a prototype mock made while mocha loads files would leak into every other suite.
  const mockDynamo = () => mockClient(DynamoDBDocumentClient);
  let dynamo: ReturnType<typeof mockDynamo>;
  let store: Store;
  before(() => {
    dynamo = mockDynamo();
    const aws = { region: 'ap-southeast-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } };
    store = { doc: DynamoDBDocumentClient.from(new DynamoDBClient(aws)), s3: new S3Client(aws), tableName: 'table', originalsBucket: 'o', derivedBucket: 'd' };
  });
  afterEach(() => dynamo.reset());
  after(() => dynamo.restore());

  it('uses a chosen cover only while that item is in the album, the owner\'s, ready and not being deleted', () => {
    const album = { albumId: 'a1', ownerId: 'owner-1', name: 'A', counts: { photos: 1, videos: 0, failed: 0 }, coverMediaId: 'm-1', createdAt: 't', updatedAt: 't' };
    const thumb = { key: 'derived/m-1/thumb.webp', width: 320, height: 240 };
    const media = { mediaId: 'm-1', ownerId: 'owner-1', albumId: 'a1', mediaClass: 'image' as const, status: 'ready' as const, createdAt: 't', variants: { thumb } };
    expect(chosenCoverThumb(album, media)).to.deep.equal(thumb);
    expect(chosenCoverThumb(album, { ...media, albumId: 'a2' }), 'moved away').to.equal(undefined);
    expect(chosenCoverThumb(album, { ...media, ownerId: 'someone-else' }), 'not the owner\'s').to.equal(undefined);
    expect(chosenCoverThumb(album, { ...media, status: 'failed' }), 'failed').to.equal(undefined);
    expect(chosenCoverThumb(album, { ...media, deletingSince: 't' }), 'being deleted').to.equal(undefined);
    expect(chosenCoverThumb(album, { ...media, variants: {} }), 'no thumb').to.equal(undefined);
    expect(chosenCoverThumb(album, undefined), 'gone').to.equal(undefined);
  });

  it('looks for the cover newest first over a few small pages, then gives up', async () => {
    const thumb = { key: 'derived/m-9/thumb.webp', width: 320, height: 240 };
    dynamo.on(QueryCommand).resolvesOnce({ Items: [], LastEvaluatedKey: { k: 1 } }).resolvesOnce({ Items: [{ variants: { thumb } }] });
    expect(await albumCoverThumb(store, 'owner-1', 'a1')).to.deep.equal(thumb);
    expect(dynamo.commandCalls(QueryCommand)[0]!.args[0].input).to.include({ ScanIndexForward: false, Limit: 25 });

    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ Items: [], LastEvaluatedKey: { k: 1 } });
    expect(await albumCoverThumb(store, 'owner-1', 'a1')).to.equal(undefined);
    expect(dynamo.commandCalls(QueryCommand)).to.have.length(4);
  });
});

describe('camera names', () => {
  it('says make and model once, as people say them', () => {
    expect(cameraName('Canon', 'Canon EOS 40D')).to.equal('Canon EOS 40D');
    expect(cameraName('NIKON CORPORATION', 'NIKON D70')).to.equal('NIKON D70');
    expect(cameraName('NIKON', 'COOLPIX P6000')).to.equal('NIKON COOLPIX P6000');
    expect(cameraName('Apple', 'iPhone 12 Pro')).to.equal('Apple iPhone 12 Pro');
    expect(cameraName(undefined, 'X100V')).to.equal('X100V');
    expect(cameraName('FUJIFILM', undefined)).to.equal('FUJIFILM');
    expect(cameraName(undefined, undefined)).to.equal('');
  });
});
