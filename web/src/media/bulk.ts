/**
 * Deleting or moving many items through POST /api/media/bulk, and what to tell the person after.
 * The API takes a page of ids a call, so a larger selection goes in pages, one call after another;
 * every item's own outcome is kept, because one failing item never stops its neighbours.
 */
import { problemMessage, unwrap, type ApiClient, type BulkAction, type BulkResult } from '../api/client.js';

/** The most ids the API takes in one call (BulkMediaRequest.mediaIds maxItems). */
export const BULK_PAGE_SIZE = 100;

export interface BulkRun {
  readonly action: BulkAction;
  /** One per item a call tried, in the order asked. */
  readonly results: readonly BulkResult[];
  /** Items no call tried: their page was refused as a whole, and the pages after it were not sent. */
  readonly untried: readonly string[];
  /** The API's reason for refusing (another person's album, no connection), shown as it is. */
  readonly refusal?: string;
}

const NO_ANSWER = { code: 'no_answer', message: 'The album service did not say what became of this item. Please try again.' };

/**
 * Never throws: a refused page ends the run there, since the pages after it would be refused for
 * the same reason (the album, the connection) and the person should see at once what happened.
 */
export async function runBulk(api: ApiClient, action: BulkAction, mediaIds: readonly string[], albumId: string | undefined, onProgress?: (done: number) => void): Promise<BulkRun> {
  const results: BulkResult[] = [];
  for (let start = 0; start < mediaIds.length; start += BULK_PAGE_SIZE) {
    const page = mediaIds.slice(start, start + BULK_PAGE_SIZE);
    try {
      const answer = unwrap(await api.POST('/api/media/bulk', { body: { action, mediaIds: page, ...(albumId ? { albumId } : {}) } }));
      const byId = new Map(answer.results.map((result) => [result.mediaId, result]));
      // An item the answer leaves out is reported as not done rather than assumed done.
      results.push(...page.map((mediaId): BulkResult => byId.get(mediaId) ?? { mediaId, outcome: 'failed', error: NO_ANSWER }));
    } catch (failure) {
      return { action, results, untried: mediaIds.slice(start), refusal: problemMessage(failure) };
    }
    onProgress?.(results.length);
  }
  return { action, results, untried: [] };
}

/** Whether the item is no longer where the person was looking: done, or not there to do. */
export const isGone = (result: BulkResult): boolean => result.outcome === 'deleted' || result.outcome === 'moved' || result.outcome === 'not_found';

const items = (count: number): string => `${count} ${count === 1 ? 'item' : 'items'}`;
const was = (count: number): string => (count === 1 ? 'was' : 'were');

export interface BulkSummary {
  /** What was done, when anything was. */
  readonly done?: string;
  /** How many of how many were not done, when any were. */
  readonly problem?: string;
  /** The API's reasons for what was not done, each once. */
  readonly reasons: readonly string[];
  /** What to keep selected for another try. */
  readonly retry: readonly string[];
}

export function summarise(run: BulkRun, targetName?: string): BulkSummary {
  const count = (outcome: BulkResult['outcome']) => run.results.filter((result) => result.outcome === outcome).length;
  const failed = run.results.filter((result) => result.outcome === 'failed');
  const done: string[] = [];
  if (run.action === 'delete') {
    if (count('deleted') > 0) done.push(`Deleted ${items(count('deleted'))}.`);
  } else {
    if (count('moved') > 0) done.push(`Moved ${items(count('moved'))} to ${targetName ?? 'the album'}.`);
    if (count('unchanged') > 0) done.push(`${items(count('unchanged'))} ${was(count('unchanged'))} in ${targetName ?? 'that album'} already.`);
  }
  if (count('not_found') > 0) done.push(`${items(count('not_found'))} ${was(count('not_found'))} already gone.`);

  const retry = [...failed.map((result) => result.mediaId), ...run.untried];
  const total = run.results.length + run.untried.length;
  const verb = run.action === 'delete' ? 'deleted' : 'moved';
  const problem = retry.length > 0 ? `${retry.length} of ${total} could not be ${verb} and ${retry.length === 1 ? 'is' : 'are'} still selected. Try again.` : undefined;
  const reasons = [...new Set([...failed.map((result) => result.error?.message ?? 'Something went wrong. Please try again.'), ...(run.refusal ? [run.refusal] : [])])];
  return { ...(done.length > 0 ? { done: done.join(' ') } : {}), ...(problem ? { problem } : {}), reasons, retry };
}
