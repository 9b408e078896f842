/**
 * The emulator itself: moto undoes concurrent writes when a DynamoDB transaction is cancelled
 * (tools/moto/server.py says why), which the counters would hit all the time. This causes the race
 * through the real SDK against the moto the local stack starts, and counts what survives.
 */
import { CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand, TransactionCanceledException, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
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
});
