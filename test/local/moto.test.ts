/**
 * The emulator itself: moto's own TransactWriteItems undoes concurrent writes when a transaction is
 * cancelled, and the local stack's replacement (tools/moto/server.py says why) must undo exactly the
 * transaction's own writes. This causes the race and the rollbacks through the real SDK against the
 * moto the local stack starts, and looks at what is left.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand, TransactionCanceledException, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { expect } from 'chai';

import { startMoto, type MotoServer } from '../../src/local/moto.js';
import { TEST_REGION } from '../support/local-stack.js';

describe('the local moto server', function () {
  this.timeout(120_000);
  let moto: MotoServer;
  let dynamodb: DynamoDBClient;

  before(async () => {
    moto = await startMoto();
    dynamodb = new DynamoDBClient({ endpoint: moto.endpoint, region: TEST_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'race',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    // A table of some size, so each transaction's copy of it takes a while, as in a real run.
    for (let i = 0; i < 600; i += 1) await dynamodb.send(new PutItemCommand({ TableName: 'race', Item: { pk: { S: `filler-${i}` }, data: { S: 'x'.repeat(200) } } }));
  });
  after(async () => moto?.stop());

  it('loses no write to a transaction cancelled at the same moment', async () => {
    const writes = Array.from({ length: 200 }, (_, i) => dynamodb.send(new PutItemCommand({ TableName: 'race', Item: { pk: { S: `written-${i}` } } })));
    const cancelled = Array.from({ length: 200 }, (_, i) =>
      dynamodb
        .send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'race', Item: { pk: { S: `filler-${i}` } }, ConditionExpression: 'attribute_not_exists(pk)' } }] }))
        .then(
          () => 'written',
          (error: unknown) => (error instanceof TransactionCanceledException ? 'cancelled' : Promise.reject(error)),
        ),
    );
    expect(new Set(await Promise.all(cancelled))).to.deep.equal(new Set(['cancelled']));
    await Promise.all(writes);
    let count = 0;
    let start: Record<string, { S: string }> | undefined;
    do {
      const page = await dynamodb.send(new ScanCommand({ TableName: 'race', FilterExpression: 'begins_with(pk, :w)', ExpressionAttributeValues: { ':w': { S: 'written-' } }, ...(start ? { ExclusiveStartKey: start } : {}) }));
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey as Record<string, { S: string }> | undefined;
    } while (start);
    expect(count, 'writes that survived the cancelled transactions').to.equal(200);
  });

  it('undoes every write of a cancelled transaction, whichever item was cancelled', async () => {
    await dynamodb.send(new PutItemCommand({ TableName: 'race', Item: { pk: { S: 'counter' }, count: { N: '5' } } }));
    await dynamodb.send(new PutItemCommand({ TableName: 'race', Item: { pk: { S: 'doomed' }, data: { S: 'kept' } } }));
    const error = await dynamodb
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Update: { TableName: 'race', Key: { pk: { S: 'counter' } }, UpdateExpression: 'ADD #count :one', ExpressionAttributeNames: { '#count': 'count' }, ExpressionAttributeValues: { ':one': { N: '1' } } } },
            { Put: { TableName: 'race', Item: { pk: { S: 'brand-new' } } } },
            { Delete: { TableName: 'race', Key: { pk: { S: 'doomed' } } } },
            { Update: { TableName: 'race', Key: { pk: { S: 'created-by-update' } }, UpdateExpression: 'SET flag = :yes', ExpressionAttributeValues: { ':yes': { BOOL: true } } } },
            { ConditionCheck: { TableName: 'race', Key: { pk: { S: 'filler-0' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      )
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    expect(error).to.be.instanceOf(TransactionCanceledException);
    const reasons = (error as TransactionCanceledException).CancellationReasons?.map((reason) => reason.Code);
    expect(reasons).to.deep.equal(['None', 'None', 'None', 'None', 'ConditionalCheckFailed']);

    const item = async (pk: string) => (await dynamodb.send(new GetItemCommand({ TableName: 'race', Key: { pk: { S: pk } }, ConsistentRead: true }))).Item;
    expect((await item('counter'))?.count, 'an update made in place is put back').to.deep.equal({ N: '5' });
    expect(await item('brand-new'), 'a put of a new item is taken away').to.equal(undefined);
    expect((await item('doomed'))?.data, 'a delete is put back').to.deep.equal({ S: 'kept' });
    expect(await item('created-by-update'), 'an update that created its item is taken away').to.equal(undefined);
  });

  it('writes every item of a transaction whose conditions all hold', async () => {
    await dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Update: { TableName: 'race', Key: { pk: { S: 'counter' } }, UpdateExpression: 'ADD #count :one', ExpressionAttributeNames: { '#count': 'count' }, ExpressionAttributeValues: { ':one': { N: '1' } } } },
          { Put: { TableName: 'race', Item: { pk: { S: 'committed' } }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    const counter = await dynamodb.send(new GetItemCommand({ TableName: 'race', Key: { pk: { S: 'counter' } }, ConsistentRead: true }));
    const committed = await dynamodb.send(new GetItemCommand({ TableName: 'race', Key: { pk: { S: 'committed' } }, ConsistentRead: true }));
    expect(counter.Item?.count).to.deep.equal({ N: '6' });
    expect(committed.Item?.pk).to.deep.equal({ S: 'committed' });
  });
});
