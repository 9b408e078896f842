/**
 * TransactWriteItems with the one retry it needs: DynamoDB cancels a transaction with
 * `TransactionConflict` when another transaction is writing one of its items at that moment. The
 * counters make that common (every item of an album moves its album's counter item), and it says
 * nothing about the data, so the same transaction is sent again after a short, jittered wait.
 * Any other cancellation (a false condition) is the caller's to read.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

/** About two seconds of waiting in all before the conflict is left to the caller's own retries. */
const CONFLICT_ATTEMPTS = 8;

const isConflict = (error: unknown): boolean => error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');

export async function transactWrite(
  doc: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  { attempts = CONFLICT_ATTEMPTS, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) }: { readonly attempts?: number; readonly sleep?: (ms: number) => Promise<void> } = {},
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await doc.send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      if (!isConflict(error) || attempt >= attempts) throw error;
      await sleep(Math.random() * 25 * 2 ** attempt);
    }
  }
}
