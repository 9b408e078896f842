/**
 * Deleting media and what it owns, shared by the API (one item), the album deleter (an album's
 * items, a page at a time) and the sweeper (strays). Every step is idempotent, so a delete that
 * stopped half-way is finished by running it again.
 */
import { DeleteObjectCommand, DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { releaseChecksum } from './checksums.js';
import { indexedLabels, removeLabel } from './label-index.js';
import { changeCountedMedia } from './media-counts.js';
import { DELETING_SINCE, isBeingDeleted, mediaKey, type MediaItem } from './media-store.js';

/** The table and both buckets: what removing media touches. */
export interface MediaDeletionStore {
  readonly doc: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly tableName: string;
  readonly originalsBucket: string;
  readonly derivedBucket: string;
}

/**
 * Removes a media item and everything it owns: the original, every derived object, its label
 * index items and finally the item itself. The item is first marked `deleting` (hidden from every
 * read), so a failure half-way leaves a record a retry can finish; running it twice is harmless.
 */
export async function deleteMediaEverywhere(store: MediaDeletionStore, media: MediaItem, now = new Date()): Promise<void> {
  await markMediaDeleting(store, media, now);
  await removeMarkedMedia(store, media);
}

/** Everything after the mark: the original, the derived objects, the label index items, the checksum lookup, the item. */
export async function removeMarkedMedia(store: MediaDeletionStore, media: MediaItem): Promise<void> {
  if (typeof media.originalKey === 'string') {
    await store.s3.send(new DeleteObjectCommand({ Bucket: store.originalsBucket, Key: media.originalKey }));
  }
  await deletePrefix(store.s3, store.derivedBucket, `derived/${media.mediaId}/`);
  // Through the label index so the owner's label counts go down with it.
  for (const label of await indexedLabels(store, media.mediaId)) await removeLabel(store, media, label);
  await releaseChecksum(store, media);
  await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: mediaKey(media.mediaId) }));
}

/**
 * The first step of every media delete: from here on the item is hidden from every read, out of
 * its album's and its month's counts (once, however often this runs), and takes no processor
 * result; the sweeper finishes a delete that stopped after it.
 */
export async function markMediaDeleting(store: MediaDeletionStore, media: MediaItem, now = new Date()): Promise<void> {
  await changeCountedMedia(store, media.mediaId, (item) => (isBeingDeleted(item) ? undefined : { set: { [DELETING_SINCE]: now.toISOString() } }), { first: media });
}

export async function deletePrefix(s3: S3Client, bucket: string, prefix: string): Promise<void> {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    const objects = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (objects.length > 0) {
      const { Errors } = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      if (Errors?.length) throw new Error(`could not delete ${Errors.length} objects under ${prefix}`);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

