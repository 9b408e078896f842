/**
 * The API's reads and writes in the single table.
 *
 * Key design (beside the media and label items the processors share, see shared/media-store.ts):
 *   album       pk=USER#<ownerId>   sk=ALBUM#<albumId>   albumId is a UUIDv7, so the sort key is
 *               creation order; an owner's albums are one partition, so
 *               "my albums" is one Query and another user's album id simply has no item under
 *               my pk: ownership is the key, not a filter. `deletingSince` marks an album whose
 *               deletion has begun: it is hidden, and no upload can be issued into it.
 *   media       pk=MEDIA#<mediaId>  sk=MEDIA             gsi1pk=ALBUM#<albumId> gsi1sk=<createdAt>#<mediaId>
 *               (an album's media, newest first); ownership is checked against `ownerId`.
 *   labels      the label index and per-owner label counts: see shared/label-index.ts.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { albumKey, DELETING_SINCE, getMedia, isBeingDeleted, mediaKey, type MediaItem, newMediaItem, type NewMedia } from '../shared/media-store.js';
export { albumKey };
import { checksumKey, SHA256_ATTRIBUTE } from '../shared/checksums.js';
import { ALBUM_COUNT_ATTRIBUTES, changeCountedMedia } from '../shared/media-counts.js';
import { MODERATION_ALLOWANCE, type ModerationAllowance, moderationOf } from '../shared/moderation.js';
import { transactWrite } from '../shared/transactions.js';
import type { StoredRenditionRecord } from '../shared/renditions.js';
import type { DynamoKey } from './cursor.js';

export { deleteMediaEverywhere, markMediaDeleting, removeMarkedMedia } from '../shared/media-deletion.js';

export interface Store {
  readonly doc: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly tableName: string;
  readonly originalsBucket: string;
  readonly derivedBucket: string;
}

export interface AlbumCounts {
  readonly photos: number;
  readonly videos: number;
  readonly failed: number;
}

export interface Album {
  readonly albumId: string;
  readonly ownerId: string;
  readonly name: string;
  readonly description?: string;
  /** Kept by every write that adds, moves, fails, retries or deletes one of its media (shared/media-counts.ts). */
  readonly counts: AlbumCounts;
  readonly coverMediaId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly next?: DynamoKey;
}




const counter = (value: unknown): number => (typeof value === 'number' && value > 0 ? value : 0);

const toAlbum = (item: Record<string, unknown>): Album => ({
  albumId: String(item.albumId),
  ownerId: String(item.ownerId),
  name: String(item.name),
  ...(typeof item.description === 'string' ? { description: item.description } : {}),
  counts: {
    photos: counter(item[ALBUM_COUNT_ATTRIBUTES.image]),
    videos: counter(item[ALBUM_COUNT_ATTRIBUTES.video]),
    failed: counter(item[ALBUM_COUNT_ATTRIBUTES.failed]),
  },
  ...(typeof item.coverMediaId === 'string' ? { coverMediaId: item.coverMediaId } : {}),
  createdAt: String(item.createdAt),
  updatedAt: String(item.updatedAt),
});

export async function putAlbum(store: Store, album: Album): Promise<void> {
  const { counts, ...fields } = album;
  const item = {
    ...albumKey(album.ownerId, album.albumId),
    type: 'album',
    ...fields,
    [ALBUM_COUNT_ATTRIBUTES.image]: counts.photos,
    [ALBUM_COUNT_ATTRIBUTES.video]: counts.videos,
    [ALBUM_COUNT_ATTRIBUTES.failed]: counts.failed,
  };
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
}


/** The owner's album; one being deleted only with `includeDeleting` (so a retry can finish it). */
export async function getAlbum(store: Store, ownerId: string, albumId: string, { includeDeleting = false } = {}): Promise<Album | undefined> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: albumKey(ownerId, albumId), ConsistentRead: true }));
  return Item && (includeDeleting || !isBeingDeleted(Item)) ? toAlbum(Item) : undefined;
}

/** The first step of deleting an album: from here on it is hidden and takes no new uploads. */
export async function markAlbumDeleting(store: Store, ownerId: string, albumId: string, now: Date): Promise<void> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: albumKey(ownerId, albumId),
        UpdateExpression: 'SET deletingSince = if_not_exists(deletingSince, :now)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export type MediaCreation = 'created' | 'album-missing' | 'checksum-taken';

/**
 * Records a new upload, in one transaction with a check that its album still exists and is not
 * being deleted: an album delete that has begun can never gain a media item it would miss. With a
 * checksum, its lookup is written in the same
 * transaction, only where none exists or where it names `staleMediaId` (an item found failed or
 * gone): of two uploads of the same bytes at once, one is created and the other told so.
 */
export async function createMediaInAlbum(store: Store, media: NewMedia, staleMediaId?: string): Promise<MediaCreation> {
  const checksum = media.sha256
    ? [
        {
          Put: {
            TableName: store.tableName,
            Item: { ...checksumKey(media.ownerId, media.sha256), type: 'checksum', mediaId: media.mediaId },
            ConditionExpression: staleMediaId ? 'attribute_not_exists(pk) OR mediaId = :stale' : 'attribute_not_exists(pk)',
            ...(staleMediaId ? { ExpressionAttributeValues: { ':stale': staleMediaId } } : {}),
          },
        },
      ]
    : [];
  try {
    // The album's counters change as its items are processed: a conflict with one is waited out.
    await transactWrite(store.doc, {
      TransactItems: [
        {
          ConditionCheck: {
            TableName: store.tableName,
            Key: albumKey(media.ownerId, media.albumId),
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletingSince)',
          },
        },
        // Not counted yet: it counts once its bytes arrive (shared/media-counts.ts).
        { Put: { TableName: store.tableName, Item: newMediaItem(media), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...checksum,
      ],
    });
    return 'created';
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'album-missing';
    if (reasons[2]?.Code === 'ConditionalCheckFailed') return 'checksum-taken';
    throw error;
  }
}

/**
 * The owner's item of these bytes, if one is live (not failed, not being deleted, and carrying the
 * same checksum); otherwise the id a stale lookup names, for createMediaInAlbum to replace.
 */
export async function findByChecksum(store: Store, ownerId: string, sha256: string): Promise<{ readonly existing?: MediaItem; readonly staleMediaId?: string }> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: checksumKey(ownerId, sha256), ConsistentRead: true }));
  if (typeof Item?.mediaId !== 'string') return {};
  const media = await getMedia(store, Item.mediaId);
  const live = media && media.ownerId === ownerId && media[SHA256_ATTRIBUTE] === sha256 && media.status !== 'failed' && !isBeingDeleted(media);
  return live ? { existing: media } : { staleMediaId: Item.mediaId };
}

/** The owner's albums, newest first (albums made before ids were time-ordered sort among them at random). */
export async function listAlbums(store: Store, ownerId: string, limit: number, start: DynamoKey | undefined): Promise<Page<Album>> {
  const { Items = [], LastEvaluatedKey } = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :album)',
      ExpressionAttributeValues: { ':pk': `USER#${ownerId}`, ':album': 'ALBUM#' },
      // Album ids are UUIDv7 (ids.ts), so the sort key orders albums by creation: newest first.
      ScanIndexForward: false,
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  return { items: Items.filter((item) => !isBeingDeleted(item)).map(toAlbum), ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
}

export interface AlbumChanges {
  readonly name?: string;
  readonly description?: string;
  /** null goes back to the automatic cover. */
  readonly coverMediaId?: string | null;
}

/** Updates name, description and/or cover; undefined when the owner has no such album. */
export async function updateAlbum(store: Store, ownerId: string, albumId: string, changes: AlbumChanges, now: Date): Promise<Album | undefined> {
  const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':now': now.toISOString() };
  const sets = ['#updatedAt = :now'];
  const removes: string[] = [];
  for (const field of ['name', 'description', 'coverMediaId'] as const) {
    const value = changes[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === null) {
      removes.push(`#${field}`);
    } else {
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
  }
  try {
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: albumKey(ownerId, albumId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletingSince)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toAlbum(Attributes) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

export type MediaOrder = 'uploaded' | 'taken';

/** An album's media, newest uploaded (gsi1) or newest taken (gsi4) first; items being deleted are left out. */
export async function listAlbumMedia(store: Store, albumId: string, limit: number, start: DynamoKey | undefined, order: MediaOrder = 'uploaded'): Promise<Page<MediaItem>> {
  const index = order === 'taken' ? 'gsi4' : 'gsi1';
  const { Items = [], LastEvaluatedKey } = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: index,
      KeyConditionExpression: `${index}pk = :album`,
      ExpressionAttributeValues: { ':album': `ALBUM#${albumId}` },
      ScanIndexForward: false,
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  return { items: (Items as MediaItem[]).filter((m) => !isBeingDeleted(m)), ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
}

export interface TimeRange {
  /** Taken at or after this instant (toISOString form). */
  readonly from?: string;
  /** Taken before this instant. */
  readonly to?: string;
}

/**
 * The owner's media across albums, newest taken first (gsi3). Index sort keys are
 * `<takenAt>#<mediaId>`: a bare instant sorts just before every key taken at that instant, so
 * `from` is inclusive and `to` exclusive.
 */
export async function listTimeline(store: Store, ownerId: string, range: TimeRange, limit: number, start: DynamoKey | undefined): Promise<Page<MediaItem>> {
  const values: Record<string, unknown> = { ':owner': `OWNER#${ownerId}` };
  let condition = 'gsi3pk = :owner';
  if (range.from !== undefined && range.to !== undefined) {
    Object.assign(values, { ':from': range.from, ':to': range.to });
    condition += ' AND gsi3sk BETWEEN :from AND :to';
  } else if (range.from !== undefined) {
    values[':from'] = range.from;
    condition += ' AND gsi3sk >= :from';
  } else if (range.to !== undefined) {
    values[':to'] = range.to;
    condition += ' AND gsi3sk < :to';
  }
  const { Items = [], LastEvaluatedKey } = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: condition,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  return { items: (Items as MediaItem[]).filter((m) => !isBeingDeleted(m)), ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
}

/** How many of the owner's media were taken in each month, newest first; empty months left out. */
export async function monthSummary(store: Store, ownerId: string): Promise<{ month: string; count: number }[]> {
  const months: { month: string; count: number }[] = [];
  let start: DynamoKey | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :month)',
        ExpressionAttributeValues: { ':pk': `USER#${ownerId}`, ':month': 'MONTH#' },
        ScanIndexForward: false,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.count === 'number' && item.count > 0) months.push({ month: String(item.sk).slice('MONTH#'.length), count: item.count });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return months;
}

/** Media items by id (one BatchGet per hundred), those that exist; order not kept. */
export async function getMediaItems(store: Store, mediaIds: readonly string[]): Promise<Map<string, MediaItem>> {
  const found = new Map<string, MediaItem>();
  const unique = [...new Set(mediaIds)];
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map(mediaKey);
    for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt += 1) {
      const result: BatchGetCommandOutput = await store.doc.send(new BatchGetCommand({ RequestItems: { [store.tableName]: { Keys: keys } } }));
      for (const item of (result.Responses?.[store.tableName] ?? []) as MediaItem[]) found.set(item.mediaId, item);
      keys = result.UnprocessedKeys?.[store.tableName]?.Keys;
    }
  }
  return found;
}

/** The thumb of a chosen cover while that item is still in the album, the owner's and ready. */
export function chosenCoverThumb(album: Album, media: MediaItem | undefined): StoredRenditionRecord | undefined {
  if (!media || media.ownerId !== album.ownerId || media.albumId !== album.albumId || media.status !== 'ready' || isBeingDeleted(media)) return undefined;
  const thumb = (media.variants as { thumb?: StoredRenditionRecord } | undefined)?.thumb;
  return typeof thumb?.key === 'string' ? thumb : undefined;
}

/** Sets the caption; '' removes it. Undefined when the item is not the owner's (or is being deleted). */
export const setCaption = (store: Store, ownerId: string, mediaId: string, caption: string, now: Date): Promise<MediaItem | undefined> =>
  caption === '' ? updateOwnedMedia(store, ownerId, mediaId, {}, ['caption'], now) : updateOwnedMedia(store, ownerId, mediaId, { caption }, [], now);

/**
 * The owner's decision on a held-back item: allowed into share links for the categories it is held
 * back for now, or held back again.
 */
export const setAllowedInShares = (store: Store, media: MediaItem, allowed: boolean, now: Date): Promise<MediaItem | undefined> =>
  allowed
    ? updateOwnedMedia(store, media.ownerId, media.mediaId, { [MODERATION_ALLOWANCE]: { at: now.toISOString(), categories: moderationOf(media).categories } satisfies ModerationAllowance }, [], now)
    : updateOwnedMedia(store, media.ownerId, media.mediaId, {}, [MODERATION_ALLOWANCE], now);

/** Sets and removes attributes of an item of the owner's that is not being deleted; undefined when there is none. */
async function updateOwnedMedia(store: Store, ownerId: string, mediaId: string, set: Readonly<Record<string, unknown>>, remove: readonly string[], now: Date): Promise<MediaItem | undefined> {
  const names: Record<string, string> = { '#updatedAt': 'updatedAt', '#deleting': DELETING_SINCE };
  const values: Record<string, unknown> = { ':now': now.toISOString(), ':owner': ownerId };
  const sets = ['#updatedAt = :now'];
  Object.entries(set).forEach(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  remove.forEach((name, i) => (names[`#r${i}`] = name));
  try {
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: mediaKey(mediaId),
        UpdateExpression: `SET ${sets.join(', ')}${remove.length ? ` REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND ownerId = :owner AND attribute_not_exists(#deleting)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes as MediaItem;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/**
 * Moves an item to another album of its owner's: its album index keys follow, and both albums'
 * counts change in the same transaction. The target must be open (checked just before).
 */
export async function moveMedia(store: Store, media: MediaItem, toAlbumId: string, now: Date): Promise<MediaItem | undefined> {
  return changeCountedMedia(
    store,
    media.mediaId,
    (item) =>
      isBeingDeleted(item) || item.ownerId !== media.ownerId || item.albumId === toAlbumId
        ? undefined
        : { set: { albumId: toAlbumId, gsi1pk: `ALBUM#${toAlbumId}`, gsi4pk: `ALBUM#${toAlbumId}`, updatedAt: now.toISOString() } },
    { first: media },
  );
}

/** The owner's media carrying a label, newest first, read back from the media items themselves. */
export async function listLabelMedia(store: Store, ownerId: string, label: string, limit: number, start: DynamoKey | undefined): Promise<Page<MediaItem>> {
  const { Items = [], LastEvaluatedKey } = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `OWNER#${ownerId}#LABEL#${label}` },
      ScanIndexForward: false,
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const ids = [...new Set(Items.map((i) => String(i.mediaId)))];
  const found = await getMediaItems(store, ids);
  const items = ids.map((id) => found.get(id)).filter((m): m is MediaItem => m !== undefined && m.ownerId === ownerId && !isBeingDeleted(m));
  return { items, ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
}

/** The media item if it exists, is not being deleted, and belongs to the caller; otherwise undefined. */
export async function getOwnedMedia(store: Store, ownerId: string, mediaId: string, { includeDeleting = false } = {}): Promise<MediaItem | undefined> {
  const media = await getMedia({ doc: store.doc, tableName: store.tableName }, mediaId);
  return media && media.ownerId === ownerId && (includeDeleting || !isBeingDeleted(media)) ? media : undefined;
}

/**
 * DynamoDB applies a filter after the page limit, so the cover search reads small pages of the
 * newest media and gives up after a few: an album whose newest hundred uploads are all still
 * processing or failed shows no cover until one of them is ready.
 */
const COVER_PAGE_SIZE = 25;
const COVER_PAGES = 4;

/** The thumb of the album's newest `ready` item that has one, or undefined. */
export async function albumCoverThumb(store: Store, ownerId: string, albumId: string): Promise<StoredRenditionRecord | undefined> {
  let start: DynamoKey | undefined;
  for (let pageNumber = 0; pageNumber < COVER_PAGES; pageNumber += 1) {
    const { Items = [], LastEvaluatedKey } = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :album',
        FilterExpression: '#status = :ready AND ownerId = :owner AND attribute_exists(#variants.#thumb.#key) AND attribute_not_exists(#deleting)',
        ProjectionExpression: '#variants.#thumb',
        ExpressionAttributeNames: { '#status': 'status', '#variants': 'variants', '#thumb': 'thumb', '#key': 'key', '#deleting': DELETING_SINCE },
        ExpressionAttributeValues: { ':album': `ALBUM#${albumId}`, ':ready': 'ready', ':owner': ownerId },
        ScanIndexForward: false,
        Limit: COVER_PAGE_SIZE,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const thumb = (Items[0] as { variants?: { thumb?: StoredRenditionRecord } } | undefined)?.variants?.thumb;
    if (thumb && typeof thumb.key === 'string') return thumb;
    if (!LastEvaluatedKey) return undefined;
    start = LastEvaluatedKey;
  }
  return undefined;
}
