/**
 * The media item in the single table, as the processors see it. Every write is idempotent (SET of
 * the same values) and conditional on the item still existing, so a duplicate event leaves one
 * result and an event for a deleted item changes nothing.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import type { PermanentError } from './errors.js';
import { type MediaClass, registry as defaultRegistry, type Registry, requiredProcessors } from './registry.js';

export type MediaStatus = 'uploading' | 'processing' | 'ready' | 'failed';

/**
 * The one mark of "being deleted", on media items and albums alike: the first step of every delete
 * sets it (src/shared/media-deletion.ts, the API's album delete). From then on the item is hidden
 * from every read and takes no processor result; the sweeper finishes a delete that has taken too
 * long since then.
 */
export const DELETING_SINCE = 'deletingSince';

export const isBeingDeleted = (item: { readonly [attribute: string]: unknown }): boolean => typeof item[DELETING_SINCE] === 'string';
export type ProcessorOutcome = 'succeeded' | 'failed' | 'skipped';

export interface ProcessorState {
  readonly status: ProcessorOutcome;
  readonly at: string;
  /** When the run that wrote this state began: an older run finishing later never replaces it. */
  readonly startedAt?: string;
  readonly reason?: string;
  readonly code?: string;
}

export interface MediaItem {
  readonly mediaId: string;
  readonly ownerId: string;
  readonly albumId: string;
  readonly mediaClass: MediaClass;
  readonly status: MediaStatus;
  readonly createdAt: string;
  readonly failureReason?: string;
  readonly [attribute: string]: unknown;
}

export const mediaKey = (mediaId: string) => ({ pk: `MEDIA#${mediaId}`, sk: 'MEDIA' });

/** Per-processor state lives in top-level attributes so two processors never race on one map. */
export const processorAttribute = (processor: string): string => `processor:${processor}`;

export interface MediaStore {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly registry?: Registry;
}

export interface NewMedia {
  readonly mediaId: string;
  readonly ownerId: string;
  readonly albumId: string;
  readonly mediaClass: MediaClass;
  readonly originalKey: string;
  readonly contentType: string;
  readonly fileName: string;
  readonly createdAt: string;
  /** Epoch seconds after which DynamoDB's TTL removes an upload that never arrived. */
  readonly expiresAt: number;
}

/** The item of a new upload, `uploading` until the processors see its bytes. */
export function newMediaItem(media: NewMedia): Record<string, unknown> {
  return {
    ...mediaKey(media.mediaId),
    type: 'media',
    ...media,
    status: 'uploading' satisfies MediaStatus,
    gsi1pk: `ALBUM#${media.albumId}`,
    gsi1sk: `${media.createdAt}#${media.mediaId}`,
  };
}

/** The record of an upload the API has issued; the processors fill it in once the bytes land. */
export async function createMedia({ doc, tableName }: MediaStore, media: NewMedia): Promise<void> {
  await doc.send(new PutCommand({ TableName: tableName, Item: newMediaItem(media), ConditionExpression: 'attribute_not_exists(pk)' }));
}

export async function getMedia({ doc, tableName }: MediaStore, mediaId: string): Promise<MediaItem | undefined> {
  const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: mediaKey(mediaId), ConsistentRead: true }));
  return Item as MediaItem | undefined;
}

export interface ProcessorResult {
  readonly status: ProcessorOutcome;
  /** When this run began; with it, a state written by a run that began later is left standing. */
  readonly startedAt?: Date;
  readonly reason?: string;
  readonly code?: string;
  /** Top-level attributes this processor owns (variants, original metadata, labels...). */
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/**
 * A required processor has the item's bytes and starts on them: `uploading` becomes `processing`
 * and the abandoned-upload TTL stops applying. Only from `uploading`, so a retry or a reprocess
 * never moves a `ready`, `failed` or deleting item back. True when this call moved it.
 */
export async function markProcessing(store: MediaStore, mediaId: string, now = new Date()): Promise<boolean> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: mediaKey(mediaId),
        UpdateExpression: 'SET #status = :processing, #updatedAt = :now REMOVE #expiresAt',
        ConditionExpression: '#status = :uploading AND attribute_not_exists(#deleting)',
        ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt', '#expiresAt': 'expiresAt', '#deleting': DELETING_SINCE },
        ExpressionAttributeValues: { ':processing': 'processing' satisfies MediaStatus, ':uploading': 'uploading' satisfies MediaStatus, ':now': now.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export type UploadClaim = 'current' | 'superseded' | 'media-missing';

/**
 * The first upload to an item's key is the one its results come from. A presigned POST can be used
 * again within its window, so the processor of originals records the first object's ETag (and
 * version, where the event has one) and ignores events for any other object at the key: their
 * bytes never replace results already cached as immutable. (The bucket is versioned; the sweeper
 * puts the first version back.) An event without an ETag (a synthetic one) is taken as current.
 */
export async function claimOriginal(store: MediaStore, mediaId: string, object: { readonly eTag?: string; readonly versionId?: string }): Promise<UploadClaim> {
  // Events carry the ETag bare, listings quoted.
  const eTag = object.eTag?.replace(/"/g, '');
  const names: Record<string, string> = { '#pk': 'pk', '#deleting': DELETING_SINCE };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  if (eTag) {
    Object.assign(names, { '#etag': 'originalETag' });
    values[':etag'] = eTag;
    sets.push('#etag = if_not_exists(#etag, :etag)');
  }
  if (eTag && object.versionId) {
    Object.assign(names, { '#version': 'originalVersionId' });
    values[':version'] = object.versionId;
    sets.push('#version = if_not_exists(#version, :version)');
  }
  if (sets.length === 0) {
    const media = await getMedia(store, mediaId);
    return media && !isBeingDeleted(media) ? 'current' : 'media-missing';
  }
  try {
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: mediaKey(mediaId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deleting)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes?.originalETag === eTag ? 'current' : 'superseded';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'media-missing';
    throw error;
  }
}

/**
 * A processor's `reject`: the permanent failure, with its code and reason, recorded as that
 * processor's outcome, which fails the item when the processor is required.
 */
export const recordRejection =
  (store: MediaStore, processor: string) =>
  async (_object: unknown, { mediaId }: { readonly mediaId: string }, error: PermanentError): Promise<void> => {
    await recordProcessorResult(store, mediaId, processor, { status: 'failed', reason: error.message, code: error.code });
  };

/**
 * Records one processor's outcome and moves the item's status: `failed` when a required processor
 * failed, `ready` once every required processor has succeeded. Returns undefined when the item no
 * longer exists.
 */
export async function recordProcessorResult(store: MediaStore, mediaId: string, processor: string, result: ProcessorResult, now = new Date()): Promise<MediaItem | undefined> {
  const names: Record<string, string> = { '#state': processorAttribute(processor), '#pk': 'pk', '#expiresAt': 'expiresAt', '#deleting': DELETING_SINCE };
  const values: Record<string, unknown> = {
    ':state': {
      status: result.status,
      at: now.toISOString(),
      ...(result.reason ? { reason: result.reason } : {}),
      ...(result.code ? { code: result.code } : {}),
      ...(result.startedAt ? { startedAt: result.startedAt.toISOString() } : {}),
    } satisfies ProcessorState,
  };
  // An item the API is deleting is as good as gone: its objects are being removed.
  let condition = 'attribute_exists(#pk) AND attribute_not_exists(#deleting)';
  if (result.startedAt) {
    // Two runs of one processor on one item (a redelivery, a reprocess): the later start wins.
    names['#startedAt'] = 'startedAt';
    values[':startedAt'] = result.startedAt.toISOString();
    condition += ' AND (attribute_not_exists(#state.#startedAt) OR #state.#startedAt <= :startedAt)';
  }
  const sets = ['#state = :state'];
  Object.entries(result.attributes ?? {}).forEach(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    sets.push(`#a${i} = :a${i}`);
  });
  let item: MediaItem;
  try {
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: mediaKey(mediaId),
        // Processing means the upload landed: the abandoned-upload TTL no longer applies.
        UpdateExpression: `SET ${sets.join(', ')} REMOVE #expiresAt`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    item = Attributes as MediaItem;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    if (!result.startedAt) return undefined;
    // Gone, or a newer run's result stands: only the first means this run's objects are orphans.
    const current = await getMedia(store, mediaId);
    return current && !isBeingDeleted(current) ? current : undefined;
  }
  return settleStatus(store, item, now);
}

/**
 * Moves the item's status from the processor states just written. Each move is conditional on the
 * states that justify it, so a concurrent processor's stale view can never undo a newer status.
 */
async function settleStatus(store: MediaStore, item: MediaItem, now: Date): Promise<MediaItem | undefined> {
  const required = requiredProcessors(item.mediaClass, store.registry ?? defaultRegistry);
  const stateOf = (p: string) => item[processorAttribute(p)] as ProcessorState | undefined;
  const failed = required.find((p) => stateOf(p)?.status === 'failed');
  const names: Record<string, string> = { '#status': 'status', '#reason': 'failureReason', '#code': 'failureCode', '#updatedAt': 'updatedAt', '#st': 'status', '#deleting': DELETING_SINCE };
  const values: Record<string, unknown> = { ':now': now.toISOString() };
  let update: string;
  let condition: string;
  if (failed) {
    names['#p0'] = processorAttribute(failed);
    Object.assign(values, { ':next': 'failed', ':failed': 'failed', ':reason': stateOf(failed)?.reason ?? 'processing failed' });
    update = 'SET #status = :next, #reason = :reason, #updatedAt = :now';
    condition = '#p0.#st = :failed';
  } else if (required.every((p) => stateOf(p)?.status === 'succeeded')) {
    required.forEach((p, i) => (names[`#p${i}`] = processorAttribute(p)));
    Object.assign(values, { ':next': 'ready', ':succeeded': 'succeeded' });
    update = 'SET #status = :next, #updatedAt = :now REMOVE #reason, #code';
    condition = required.map((_, i) => `#p${i}.#st = :succeeded`).join(' AND ') || 'attribute_exists(pk)';
  } else if (item.status === 'uploading') {
    Object.assign(values, { ':next': 'processing', ':uploading': 'uploading' });
    update = 'SET #status = :next, #updatedAt = :now';
    condition = '#status = :uploading';
  } else {
    return item;
  }
  if (values[':next'] === item.status && !failed) return item;
  // Never revive an item a delete reached between the two writes.
  const guarded = `(${condition}) AND attribute_not_exists(#deleting)`;
  try {
    const { Attributes } = await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: mediaKey(item.mediaId),
        UpdateExpression: update,
        ConditionExpression: guarded,
        ExpressionAttributeNames: Object.fromEntries(Object.entries(names).filter(([n]) => new RegExp(`${n}\\b`).test(`${update} ${guarded}`))),
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes as MediaItem;
  } catch (error) {
    // Either the item was deleted or a newer outcome already moved it: both mean leave it be.
    if (error instanceof ConditionalCheckFailedException) return getMedia(store, item.mediaId);
    throw error;
  }
}
