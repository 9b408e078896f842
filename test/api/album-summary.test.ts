import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';

import { albumCoverThumb, countAlbumMedia, type Store } from '../../src/api/store.js';

describe('album count and cover queries', () => {
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

  it('counts through every page of the album index, leaving out items being deleted', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Count: 1000, LastEvaluatedKey: { gsi1pk: 'ALBUM#a1', gsi1sk: 'x' } })
      .resolvesOnce({ Count: 0, LastEvaluatedKey: { gsi1pk: 'ALBUM#a1', gsi1sk: 'y' } })
      .resolvesOnce({ Count: 234 });
    expect(await countAlbumMedia(store, 'owner-1', 'a1')).to.equal(1234);
    const calls = dynamo.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(calls).to.have.length(3);
    expect(calls[0]).to.include({ IndexName: 'gsi1', Select: 'COUNT' });
    expect(calls[0]!.ExpressionAttributeValues).to.include({ ':album': 'ALBUM#a1', ':owner': 'owner-1' });
    expect(calls[0]).to.include({ FilterExpression: 'attribute_not_exists(#deleting) AND ownerId = :owner' });
    expect(calls[0]!.ExpressionAttributeNames).to.include({ '#deleting': 'deletingSince' });
    expect(calls[2]!.ExclusiveStartKey).to.deep.equal({ gsi1pk: 'ALBUM#a1', gsi1sk: 'y' });
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
