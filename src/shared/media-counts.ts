/**
 * Counters kept beside what they count, so listings never scan media:
 *
 *   per album    on the album item (pk=USER#<ownerId> sk=ALBUM#<albumId>): photoCount, videoCount,
 *                failedCount (failed ones among the photos and videos)
 *   per month    pk=USER#<ownerId> sk=MONTH#<YYYY-MM of takenAt>: count (the timeline's scrubber)
 *
 * A media item's share of the counters follows from four of its attributes (album, class, status,
 * takenAt) and whether it is being deleted. An upload counts from the moment its bytes arrive
 * (`uploading` becomes `processing`), not when the API issues it: an upload that never arrives is
 * removed by DynamoDB's TTL or the sweeper, neither of which could take it out of a count. Every write that changes one of them goes through
 * `updateCountedMedia`: one transaction that makes the change on the condition that those
 * attributes still hold the values it was computed from, and adds the difference to the counters.
 * A redelivered event, a retried request or a racing writer therefore finds the condition false
 * and re-reads instead of counting twice; nothing outside the transaction ever adds to a counter.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { transactWrite } from './transactions.js';
import { albumKey, DELETING_SINCE, getMedia, isBeingDeleted, mediaKey, type MediaItem } from './media-store.js';

export interface CountsStore {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}

export const ALBUM_COUNT_ATTRIBUTES = { image: 'photoCount', video: 'videoCount', failed: 'failedCount' } as const;

export const monthOf = (takenAt: string): string => takenAt.slice(0, 7);
export const monthKey = (ownerId: string, month: string) => ({ pk: `USER#${ownerId}`, sk: `MONTH#${month}` });

type Key = { readonly pk: string; readonly sk: string };

interface Contribution {
  readonly key: Key;
  readonly attribute: string;
  /** Album counters only change on an album that still exists; month counters come and go. */
  readonly album: boolean;
}

/** The counters one item adds 1 to, in the state it is in. */
export function contributions(item: Readonly<Record<string, unknown>>): Contribution[] {
  if (isBeingDeleted(item) || item.status === 'uploading') return [];
  const ownerId = String(item.ownerId);
  const album = albumKey(ownerId, String(item.albumId));
  const counted: Contribution[] = [];
  if (item.mediaClass === 'image' || item.mediaClass === 'video') counted.push({ key: album, attribute: ALBUM_COUNT_ATTRIBUTES[item.mediaClass], album: true });
  if (item.status === 'failed') counted.push({ key: album, attribute: ALBUM_COUNT_ATTRIBUTES.failed, album: true });
  if (typeof item.takenAt === 'string') counted.push({ key: monthKey(ownerId, monthOf(item.takenAt)), attribute: 'count', album: false });
  return counted;
}

export interface CounterChange {
  readonly key: Key;
  readonly album: boolean;
  readonly deltas: Readonly<Record<string, number>>;
}

/** What moving an item from `before` to `after` adds to each counter item, zeros left out. */
export function counterChanges(before: Readonly<Record<string, unknown>> | undefined, after: Readonly<Record<string, unknown>> | undefined): CounterChange[] {
  const changes = new Map<string, { key: Key; album: boolean; deltas: Record<string, number> }>();
  const add = (items: Contribution[], sign: number) => {
    for (const { key, attribute, album } of items) {
      const id = `${key.pk}\u0000${key.sk}`;
      const change = changes.get(id) ?? { key, album, deltas: {} };
      change.deltas[attribute] = (change.deltas[attribute] ?? 0) + sign;
      changes.set(id, change);
    }
  };
  if (before) add(contributions(before), -1);
  if (after) add(contributions(after), +1);
  return [...changes.values()]
    .map((change) => ({ ...change, deltas: Object.fromEntries(Object.entries(change.deltas).filter(([, delta]) => delta !== 0)) }))
    .filter((change) => Object.keys(change.deltas).length > 0);
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export function counterUpdate(tableName: string, change: CounterChange): TransactItem {
  const entries = Object.entries(change.deltas);
  return {
    Update: {
      TableName: tableName,
      Key: change.key,
      UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
      // An album's counters never bring back an album that is gone: that would list an empty shell.
      ...(change.album ? { ConditionExpression: 'attribute_exists(pk)' } : {}),
      ExpressionAttributeNames: Object.fromEntries(entries.map(([attribute], i) => [`#c${i}`, attribute])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, delta], i) => [`:c${i}`, delta])),
    },
  };
}

export interface MediaChange {
  /** Attributes to set; `undefined` values are removed. */
  readonly set?: Readonly<Record<string, unknown>>;
  readonly remove?: readonly string[];
  /** A further condition of the caller's, with its own `#`/`:` placeholders (prefix them `#x`, `:x`). */
  readonly condition?: { readonly expression: string; readonly names?: Readonly<Record<string, string>>; readonly values?: Readonly<Record<string, unknown>> };
}

export type CountedUpdate = { readonly outcome: 'applied'; readonly item: MediaItem } | { readonly outcome: 'changed' };

const COUNTED = ['albumId', 'mediaClass', 'status', 'takenAt'] as const;

/**
 * Applies `change` to the item as it was read (`before`) and moves its counters with it, in one
 * transaction. 'changed' when the item no longer matches `before` (or is gone, or the caller's
 * condition is false): the caller reads it again and decides afresh.
 */
export async function updateCountedMedia(store: CountsStore, before: MediaItem, change: MediaChange): Promise<CountedUpdate> {
  const after: Record<string, unknown> = { ...before };
  for (const [name, value] of Object.entries(change.set ?? {})) {
    if (value === undefined) delete after[name];
    else after[name] = value;
  }
  for (const name of change.remove ?? []) delete after[name];

  const names: Record<string, string> = { '#pk': 'pk', '#deleting': DELETING_SINCE, ...change.condition?.names };
  const values: Record<string, unknown> = { ...change.condition?.values };
  const conditions = ['attribute_exists(#pk)', isBeingDeleted(before) ? 'attribute_exists(#deleting)' : 'attribute_not_exists(#deleting)'];
  COUNTED.forEach((attribute, i) => {
    names[`#k${i}`] = attribute;
    if (before[attribute] === undefined) {
      conditions.push(`attribute_not_exists(#k${i})`);
    } else {
      values[`:k${i}`] = before[attribute];
      conditions.push(`#k${i} = :k${i}`);
    }
  });
  if (change.condition) conditions.push(`(${change.condition.expression})`);

  const sets: string[] = [];
  const removes: string[] = [];
  Object.entries(change.set ?? {}).forEach(([name, value], i) => {
    names[`#s${i}`] = name;
    if (value === undefined) {
      removes.push(`#s${i}`);
    } else {
      values[`:s${i}`] = value;
      sets.push(`#s${i} = :s${i}`);
    }
  });
  (change.remove ?? []).forEach((name, i) => {
    names[`#r${i}`] = name;
    removes.push(`#r${i}`);
  });
  const update = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' ');

  const mediaUpdate: TransactItem = {
    Update: {
      TableName: store.tableName,
      Key: mediaKey(before.mediaId),
      UpdateExpression: update,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    },
  };
  let counters = counterChanges(before, after);
  for (;;) {
    try {
      await transactWrite(store.doc, { TransactItems: [mediaUpdate, ...counters.map((c) => counterUpdate(store.tableName, c))] });
      return { outcome: 'applied', item: after as MediaItem };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return { outcome: 'changed' };
      const goneAlbums = new Set(counters.filter((_, i) => reasons[i + 1]?.Code === 'ConditionalCheckFailed').map((c) => c.key.sk));
      // An album whose item is already gone (its deletion's last step) has no counters left to keep.
      if (goneAlbums.size === 0) throw error;
      counters = counters.filter((c) => !goneAlbums.has(c.key.sk));
    }
  }
}

/**
 * Reads, decides and writes until the write lands on the state it was decided from. `decide`
 * returns the change for the item as read, or undefined when there is nothing to do (or the item
 * is gone). Undefined from the whole when the item is gone.
 */
export async function changeCountedMedia(
  store: CountsStore,
  mediaId: string,
  decide: (item: MediaItem) => MediaChange | undefined,
  { attempts = 8, first }: { readonly attempts?: number; readonly first?: MediaItem } = {},
): Promise<MediaItem | undefined> {
  let item = first ?? (await getMedia(store, mediaId));
  for (let attempt = 0; item && attempt < attempts; attempt += 1) {
    const change = decide(item);
    if (!change) return item;
    const result = await updateCountedMedia(store, item, change);
    if (result.outcome === 'applied') return result.item;
    item = await getMedia(store, mediaId);
  }
  if (!item) return undefined;
  throw new Error(`media ${mediaId} kept changing under ${attempts} attempts to update it`);
}
