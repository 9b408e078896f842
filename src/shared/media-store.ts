/**
 * The media item in the single table, as the processors see it. Every write is idempotent (SET of
 * the same values) and conditional on the item still existing, so a duplicate event leaves one
 * result and an event for a deleted item changes nothing.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import type { PermanentError } from './errors.js';
import { changeCountedMedia, type MediaChange, updateCountedMedia } from './media-counts.js';
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
  /** The recipe a rendition-producing processor made the recorded renditions with. */
  readonly recipeVersion?: number;
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
export const albumKey = (ownerId: string, albumId: string) => ({ pk: `USER#${ownerId}`, sk: `ALBUM#${albumId}` });

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
  /** The SHA-256 (base64) the client declared; the processors refuse other bytes. */
  readonly sha256?: string;
}

/**
 * The keys of the two capture-time indexes: an owner's timeline (gsi3) and an album in capture
 * order (gsi4). `takenAt` is a UTC instant in toISOString's fixed format, so the keys sort by time.
 */
export const takenIndexKeys = (media: { readonly ownerId: string; readonly albumId: string; readonly mediaId: string; readonly takenAt: string }) => ({
  gsi3pk: `OWNER#${media.ownerId}`,
  gsi3sk: `${media.takenAt}#${media.mediaId}`,
  gsi4pk: `ALBUM#${media.albumId}`,
  gsi4sk: `${media.takenAt}#${media.mediaId}`,
});

/**
 * The item of a new upload, `uploading` until the processors see its bytes. It is taken when it
 * was uploaded until a processor finds the capture time in the file.
 */
export function newMediaItem(media: NewMedia): Record<string, unknown> {
  return {
    ...mediaKey(media.mediaId),
    type: 'media',
    ...media,
    status: 'uploading' satisfies MediaStatus,
    takenAt: media.createdAt,
    gsi1pk: `ALBUM#${media.albumId}`,
    gsi1sk: `${media.createdAt}#${media.mediaId}`,
    ...takenIndexKeys({ ...media, takenAt: media.createdAt }),
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
  /** With it, a state recorded from a newer recipe is left standing (see renditions.ts). */
  readonly recipeVersion?: number;
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
  // Through the counters: from here on the item counts in its album and its month.
  for (let item = await getMedia(store, mediaId); item && item.status === 'uploading' && !isBeingDeleted(item); item = await getMedia(store, mediaId)) {
    const result = await updateCountedMedia(store, item, { set: { status: 'processing' satisfies MediaStatus, updatedAt: now.toISOString() }, remove: ['expiresAt'] });
    if (result.outcome === 'applied') return true;
  }
  return false;
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
      ...(result.recipeVersion ? { recipeVersion: result.recipeVersion } : {}),
    } satisfies ProcessorState,
  };
  // An item the API is deleting is as good as gone: its objects are being removed.
  let condition = 'attribute_exists(#pk) AND attribute_not_exists(#deleting)';
  if (result.startedAt) {
    // Two runs of one processor on one item (a redelivery, a reprocess): the later start wins...
    names['#startedAt'] = 'startedAt';
    values[':startedAt'] = result.startedAt.toISOString();
    const laterStart = '(attribute_not_exists(#state.#startedAt) OR #state.#startedAt <= :startedAt)';
    if (result.recipeVersion) {
      // ...among runs of one recipe; a newer recipe wins over an older one whenever it started.
      names['#recipe'] = 'recipeVersion';
      values[':recipe'] = result.recipeVersion;
      condition += ` AND ((attribute_not_exists(#state.#recipe) AND ${laterStart}) OR #state.#recipe < :recipe OR (#state.#recipe = :recipe AND ${laterStart}))`;
    } else {
      condition += ` AND ${laterStart}`;
    }
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
 * Moves the item's status from the processor states just written: `failed` when a required
 * processor failed, `ready` once every required processor has succeeded. Each move is conditional
 * on the states that justify it and goes through the counters (an album's failed count), so a
 * concurrent processor's stale view can never undo a newer status or count it twice.
 */
async function settleStatus(store: MediaStore, item: MediaItem, now: Date): Promise<MediaItem | undefined> {
  const required = requiredProcessors(item.mediaClass, store.registry ?? defaultRegistry);
  return changeCountedMedia(store, item.mediaId, (current) => settlement(current, required, now), { first: item });
}

function settlement(item: MediaItem, required: readonly string[], now: Date): MediaChange | undefined {
  // Never revive an item a delete has reached.
  if (isBeingDeleted(item)) return undefined;
  const stateOf = (p: string) => item[processorAttribute(p)] as ProcessorState | undefined;
  const failed = required.find((p) => stateOf(p)?.status === 'failed');
  if (failed) {
    const state = stateOf(failed)!;
    const reason = state.reason ?? 'processing failed';
    if (item.status === 'failed' && item.failureReason === reason && item.failureCode === state.code) return undefined;
    return {
      set: { status: 'failed' satisfies MediaStatus, failureReason: reason, failureCode: state.code, updatedAt: now.toISOString() },
      condition: { expression: '#xp.#xst = :xfailed', names: { '#xp': processorAttribute(failed), '#xst': 'status' }, values: { ':xfailed': 'failed' } },
    };
  }
  if (required.every((p) => stateOf(p)?.status === 'succeeded')) {
    if (item.status === 'ready') return undefined;
    const names: Record<string, string> = { '#xst': 'status' };
    required.forEach((p, i) => (names[`#xp${i}`] = processorAttribute(p)));
    return {
      set: { status: 'ready' satisfies MediaStatus, updatedAt: now.toISOString() },
      remove: ['failureReason', 'failureCode'],
      ...(required.length > 0 && { condition: { expression: required.map((_, i) => `#xp${i}.#xst = :xsucceeded`).join(' AND '), names, values: { ':xsucceeded': 'succeeded' } } }),
    };
  }
  if (item.status === 'uploading') return { set: { status: 'processing' satisfies MediaStatus, updatedAt: now.toISOString() } };
  return undefined;
}

/** Failures that are not in the file: running the processors again may well succeed. */
export const RETRIES_EXHAUSTED = 'retries_exhausted';
export const STALLED = 'stalled';
const RETRYABLE_FAILURES: ReadonlySet<string> = new Set([RETRIES_EXHAUSTED, STALLED]);

export const isRetryable = (item: MediaItem): boolean => item.status === 'failed' && typeof item.failureCode === 'string' && RETRYABLE_FAILURES.has(item.failureCode);

/**
 * When the file says it was taken (`capturedAt`, as the camera wrote it), as the UTC instant the
 * timeline sorts by. A camera time without an offset is read as if it were UTC: it then sorts
 * by the wall-clock time the person saw, which is what they remember.
 */
export function takenInstant(capturedAt: string): string | undefined {
  const zoned = /(?:Z|[+-]\d{2}:\d{2})$/.test(capturedAt);
  const instant = Date.parse(zoned ? capturedAt : `${capturedAt}Z`);
  return Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
}

/**
 * Records when the file says it was taken: the item moves to that place in the timeline and in its
 * album's capture order, and from one month's count to another's. The same time twice is no write.
 */
export async function recordCaptureTime(store: MediaStore, mediaId: string, capturedAt: string): Promise<MediaItem | undefined> {
  const takenAt = takenInstant(capturedAt);
  if (!takenAt) return getMedia(store, mediaId);
  return changeCountedMedia(store, mediaId, (item) =>
    isBeingDeleted(item) || (item.takenAt === takenAt && item.capturedAt === capturedAt) && item.capturedAt === capturedAt ? undefined : { set: { capturedAt, takenAt, ...takenIndexKeys({ ...item, takenAt }) } },
  );
}
