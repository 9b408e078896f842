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
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { albumKey } from '../shared/media-deletion.js';
import { DELETING_SINCE, getMedia, isBeingDeleted, mediaKey, type MediaItem, newMediaItem, type NewMedia } from '../shared/media-store.js';
import type { StoredRenditionRecord } from '../shared/renditions.js';
import type { DynamoKey } from './cursor.js';

export { albumKey, deleteMediaEverywhere } from '../shared/media-deletion.js';

export interface Store {
  readonly doc: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly tableName: string;
  readonly originalsBucket: string;
  readonly derivedBucket: string;
}

export interface Album {
  readonly albumId: string;
  readonly ownerId: string;
  readonly name: string;
  readonly description?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly next?: DynamoKey;
}




const toAlbum = (item: Record<string, unknown>): Album => ({
  albumId: String(item.albumId),
  ownerId: String(item.ownerId),
  name: String(item.name),
  ...(typeof item.description === 'string' ? { description: item.description } : {}),
  createdAt: String(item.createdAt),
  updatedAt: String(item.updatedAt),
});

export async function putAlbum(store: Store, album: Album): Promise<void> {
  await store.doc.send(
    new PutCommand({ TableName: store.tableName, Item: { ...albumKey(album.ownerId, album.albumId), type: 'album', ...album }, ConditionExpression: 'attribute_not_exists(pk)' }),
  );
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

/**
 * Records a new upload, in one transaction with a check that its album still exists and is not
 * being deleted: an album delete that has begun can never gain a media item it would miss.
 * False when the album is gone or going.
 */
export async function createMediaInAlbum(store: Store, media: NewMedia): Promise<boolean> {
  try {
    await store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: store.tableName,
              Key: albumKey(media.ownerId, media.albumId),
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletingSince)',
            },
          },
          { Put: { TableName: store.tableName, Item: newMediaItem(media), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
    throw error;
  }
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

/** Updates name and/or description; undefined when the owner has no such album. */
export async function updateAlbum(store: Store, ownerId: string, albumId: string, changes: { name?: string; description?: string }, now: Date): Promise<Album | undefined> {
  const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':now': now.toISOString() };
  const sets = ['#updatedAt = :now'];
  for (const field of ['name', 'description'] as const) {
    if (changes[field] === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = changes[field];
    sets.push(`#${field} = :${field}`);
  }
  try {
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: albumKey(ownerId, albumId),
        UpdateExpression: `SET ${sets.join(', ')}`,
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

/** An album's media, newest first; items being deleted are left out. */
export async function listAlbumMedia(store: Store, albumId: string, limit: number, start: DynamoKey | undefined): Promise<Page<MediaItem>> {
  const { Items = [], LastEvaluatedKey } = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :album',
      ExpressionAttributeValues: { ':album': `ALBUM#${albumId}` },
      ScanIndexForward: false,
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  return { items: (Items as MediaItem[]).filter((m) => !isBeingDeleted(m)), ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
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
  const found = new Map<string, MediaItem>();
  if (ids.length > 0) {
    let keys: Record<string, unknown>[] | undefined = ids.map(mediaKey);
    for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt += 1) {
      const result: BatchGetCommandOutput = await store.doc.send(new BatchGetCommand({ RequestItems: { [store.tableName]: { Keys: keys } } }));
      for (const item of (result.Responses?.[store.tableName] ?? []) as MediaItem[]) found.set(item.mediaId, item);
      keys = result.UnprocessedKeys?.[store.tableName]?.Keys;
    }
  }
  const items = ids.map((id) => found.get(id)).filter((m): m is MediaItem => m !== undefined && m.ownerId === ownerId && !isBeingDeleted(m));
  return { items, ...(LastEvaluatedKey ? { next: LastEvaluatedKey } : {}) };
}

/** The media item if it exists, is not being deleted, and belongs to the caller; otherwise undefined. */
export async function getOwnedMedia(store: Store, ownerId: string, mediaId: string, { includeDeleting = false } = {}): Promise<MediaItem | undefined> {
  const media = await getMedia({ doc: store.doc, tableName: store.tableName }, mediaId);
  return media && media.ownerId === ownerId && (includeDeleting || !isBeingDeleted(media)) ? media : undefined;
}

/** How many media of an album a listing shows: every item of the owner's but those being deleted. */
export async function countAlbumMedia(store: Store, ownerId: string, albumId: string): Promise<number> {
  let count = 0;
  let start: DynamoKey | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :album',
        FilterExpression: 'attribute_not_exists(#deleting) AND ownerId = :owner',
        ExpressionAttributeNames: { '#deleting': DELETING_SINCE },
        ExpressionAttributeValues: { ':album': `ALBUM#${albumId}`, ':owner': ownerId },
        Select: 'COUNT',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
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
