/**
 * Deleting an album in the background. The API closes the album (`deletingSince`: hidden, no new
 * uploads) and queues a request; the album deleter removes its media a page per message and queues
 * the next page, so no single call runs into a time limit and a crash resumes where it stopped.
 *
 * The album index (gsi1) is eventually consistent: an upload recorded just before the album closed
 * may appear in it late. So an empty page is not trusted at once: the deleter looks again after
 * `settleSeconds`, and deletes the album item only when that second look is empty too.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

import type { AlbumDeletionQueue, AlbumDeletionRequest } from '../shared/album-deletion-requests.js';
import { deleteMediaEverywhere, type MediaDeletionStore } from '../shared/media-deletion.js';
import { albumKey } from '../shared/media-store.js';
import { deleteAlbumShareLinks } from '../shared/share-links.js';
import type { MediaItem } from '../shared/media-store.js';

/** When the album deleter last removed a page of the album: the sweeper's measure of a stall. */
export const DELETION_PROGRESS_AT = 'deletionProgressAt';

export interface AlbumDeletionOptions {
  readonly now?: Date;
  /** Media removed per message. */
  readonly pageSize?: number;
  /** Removals at once within a page. */
  readonly concurrency?: number;
  /** How long an empty album index is given to catch up before the album item goes (max 900, SQS's delay cap). */
  readonly settleSeconds?: number;
}

export type AlbumDeletionStep =
  | { readonly outcome: 'page-deleted'; readonly deleted: number }
  | { readonly outcome: 'confirming' }
  | { readonly outcome: 'album-deleted' }
  | { readonly outcome: 'nothing-to-do'; readonly why: 'album-gone' | 'album-not-closed' };

/** One step of an album's deletion; queues the next step when there is one. Safe to repeat. */
export async function deleteAlbumStep(store: MediaDeletionStore, queue: AlbumDeletionQueue, request: AlbumDeletionRequest, options: AlbumDeletionOptions = {}): Promise<AlbumDeletionStep> {
  const { pageSize = 50, concurrency = 8, settleSeconds = 60, now = new Date() } = options;
  const { ownerId, albumId } = request;
  const { Item: album } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: albumKey(ownerId, albumId), ConsistentRead: true }));
  if (!album) return { outcome: 'nothing-to-do', why: 'album-gone' };
  // Only the API's delete closes an album: a request for an open one is not ours to act on.
  if (typeof album.deletingSince !== 'string') return { outcome: 'nothing-to-do', why: 'album-not-closed' };

  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :album',
      ExpressionAttributeValues: { ':album': `ALBUM#${albumId}` },
      Limit: pageSize,
    }),
  );
  // The index is keyed by album id alone: only the album owner's items are this album's.
  const media = (Items as MediaItem[]).filter((m) => m.ownerId === ownerId);
  if (media.length > 0) {
    for (let i = 0; i < media.length; i += concurrency) {
      await Promise.all(media.slice(i, i + concurrency).map((m) => deleteMediaEverywhere(store, m)));
    }
    // A large album takes many pages: the sweeper judges a deletion stalled by its last progress,
    // not by when it began, so it never starts a second chain beside a working one.
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: albumKey(ownerId, albumId),
        UpdateExpression: 'SET #progress = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#progress': DELETION_PROGRESS_AT },
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    ).catch((error: unknown) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
    await queue.request({ ownerId, albumId, emptyLooks: 0 });
    return { outcome: 'page-deleted', deleted: media.length };
  }
  const emptyLooks = (request.emptyLooks ?? 0) + 1;
  if (emptyLooks < 2) {
    await queue.request({ ownerId, albumId, emptyLooks }, Math.min(settleSeconds, 900));
    return { outcome: 'confirming' };
  }
  // Its links stopped working when it closed; now they go too, then the album.
  await deleteAlbumShareLinks(store, ownerId, albumId);
  await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: albumKey(ownerId, albumId) }));
  return { outcome: 'album-deleted' };
}
