import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';

import { transactWrite } from '../../src/shared/transactions.js';

const cancelled = (...codes: string[]) => new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('transactWrite', () => {
  // Created in a hook, not at load: a prototype mock made while mocha loads files would leak into every other suite.
  const mockDocument = () => mockClient(DynamoDBDocumentClient);
  let dynamo: ReturnType<typeof mockDocument>;
  let doc: DynamoDBDocumentClient;
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);
  const input = { TransactItems: [{ Put: { TableName: 't', Item: { pk: 'a', sk: 'b' } } }] };

  before(() => {
    dynamo = mockDocument();
    doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } }));
  });
  afterEach(() => {
    dynamo.reset();
    waits.length = 0;
  });
  after(() => dynamo.restore());

  it('sends a transaction again when another one was writing an item of it (a counter), after a jittered wait', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'TransactionConflict')).rejectsOnce(cancelled('TransactionConflict', 'None')).resolves({});
    await transactWrite(doc, input, { sleep });
    expect(dynamo.commandCalls(TransactWriteCommand)).to.have.length(3);
    expect(waits).to.have.length(2);
    expect(waits.every((ms) => ms >= 0 && ms <= 25 * 2 ** 2)).to.equal(true);
  });

  it('leaves a false condition to the caller at once, and a conflict that lasts after its attempts', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    const refused = await transactWrite(doc, input, { sleep }).catch((error: unknown) => error);
    expect((refused as TransactionCanceledException).CancellationReasons?.[0]?.Code).to.equal('ConditionalCheckFailed');
    expect(dynamo.commandCalls(TransactWriteCommand)).to.have.length(1);

    dynamo.reset();
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    const conflict = await transactWrite(doc, input, { sleep, attempts: 4 }).catch((error: unknown) => error);
    expect(conflict).to.be.instanceOf(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteCommand)).to.have.length(4);
  });
});
