/**
 * The audit: both buckets compared with the table, read-only. Everything it reports is something
 * the sweeper (sweep.ts) knows how to repair.
 *
 * The buckets are listed before the table is read. Records are written before their objects (the
 * API records an upload before it signs the POST; processors find the record before they write),
 * so an object in the listing whose record is missing from the later table read really has none.
 */
import { ListObjectsV2Command, type ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';

import type { MediaDeletionStore } from '../shared/media-deletion.js';
import { DELETION_PROGRESS_AT } from './album-deletion.js';
import { parseDerivedKey, parseOriginalKey } from '../shared/media-keys.js';
import { isBeingDeleted, type MediaItem, type ProcessorState } from '../shared/media-store.js';
import { type MediaClass, registry as defaultRegistry, type Registry, requiredProcessors } from '../shared/registry.js';

export type Finding =
  /** An original with no media item: a late upload after a delete, or a delete that stopped half-way. */
  | { readonly kind: 'orphan-original'; readonly mediaId: string; readonly key: string }
  /** Renditions with no media item: a processor finishing after a delete. */
  | { readonly kind: 'orphan-renditions'; readonly mediaId: string; readonly keys: readonly string[] }
  /**
   * Renditions of an older recipe than the one recorded: a run of the previous release that
   * finished after the newer set was recorded and cleaned up.
   */
  | { readonly kind: 'superseded-renditions'; readonly mediaId: string; readonly recipeVersion: number; readonly keys: readonly string[] }
  /** An item past `uploading` whose original is gone. */
  | { readonly kind: 'missing-original'; readonly mediaId: string; readonly status: string }
  /** `uploading` past the upload window and no bytes: the upload was abandoned. */
  | { readonly kind: 'abandoned-upload'; readonly mediaId: string; readonly createdAt: string }
  /** `uploading` past the upload window although the bytes are there: no processor has begun (a backlog). */
  | { readonly kind: 'not-started'; readonly mediaId: string; readonly createdAt: string }
  /** `processing` past the time its processors' retries can take. */
  | { readonly kind: 'stuck-processing'; readonly mediaId: string; readonly since: string }
  /** A media delete that stopped half-way. */
  | { readonly kind: 'stuck-deleting'; readonly mediaId: string; readonly since: string }
  /** A second upload to a used key replaced the original the results were made from. */
  | { readonly kind: 'replaced-original'; readonly mediaId: string; readonly key: string; readonly recordedETag: string; readonly currentETag: string }
  /** An album whose background deletion has not finished in time. */
  | { readonly kind: 'album-deletion-stalled'; readonly ownerId: string; readonly albumId: string; readonly since: string };

export interface AuditReport {
  /** Objects and items looked at. */
  readonly checked: number;
  readonly findings: readonly Finding[];
}

export interface AuditOptions {
  readonly now?: Date;
  /** How long a presigned upload POST stays usable (the API's UPLOAD_URL_TTL_SECONDS). */
  readonly uploadWindowSeconds: number;
  /** Slack on every deadline, for clocks and in-flight work (default 5 minutes). */
  readonly graceSeconds?: number;
  /** How long a media or album delete may take before it counts as stalled (default 15 minutes). */
  readonly deleteDeadlineSeconds?: number;
  readonly registry?: Registry;
  /** Objects listed so far in a bucket phase; items scanned so far (of every kind) in the table phase. */
  readonly onProgress?: (phase: 'originals' | 'renditions' | 'table', count: number) => void;
}

interface ListedOriginal {
  readonly key: string;
  readonly eTag: string;
}

/**
 * How long an item may stay `processing`: every attempt its slowest required processor is allowed
 * (its timeout plus the visibility timeout before the retry), as many times as its queue delivers.
 */
export function processingDeadlineSeconds(mediaClass: MediaClass, registry: Registry = defaultRegistry): number {
  const attempts = requiredProcessors(mediaClass, registry).map((name) => {
    const p = registry.processors.find((candidate) => candidate.name === name)!;
    return p.receiveLimit * (p.timeoutSeconds + p.visibilityTimeoutSeconds);
  });
  return Math.max(0, ...attempts);
}

const secondsSince = (iso: unknown, now: Date): number => (typeof iso === 'string' ? (now.getTime() - Date.parse(iso)) / 1000 : Number.POSITIVE_INFINITY);
const bare = (eTag: string | undefined): string => (eTag ?? '').replace(/"/g, '');

async function listAll(store: MediaDeletionStore, bucket: string, prefix: string, onPage: (page: ListObjectsV2CommandOutput) => void): Promise<void> {
  let token: string | undefined;
  do {
    const page = await store.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    onPage(page);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

export async function audit(store: MediaDeletionStore, options: AuditOptions): Promise<AuditReport> {
  const { now = new Date(), uploadWindowSeconds, graceSeconds = 300, deleteDeadlineSeconds = 900, registry = defaultRegistry, onProgress } = options;
  let checked = 0;

  const originals = new Map<string, ListedOriginal>();
  await listAll(store, store.originalsBucket, 'originals/', (page) => {
    for (const object of page.Contents ?? []) {
      const parsed = object.Key ? parseOriginalKey(object.Key) : undefined;
      if (parsed) originals.set(parsed.mediaId, { key: object.Key!, eTag: bare(object.ETag) });
    }
    checked += page.KeyCount ?? page.Contents?.length ?? 0;
    onProgress?.('originals', originals.size);
  });
  const renditions = new Map<string, string[]>();
  await listAll(store, store.derivedBucket, 'derived/', (page) => {
    for (const object of page.Contents ?? []) {
      const parsed = object.Key ? parseDerivedKey(object.Key) : undefined;
      if (parsed) renditions.set(parsed.mediaId, [...(renditions.get(parsed.mediaId) ?? []), object.Key!]);
    }
    checked += page.KeyCount ?? page.Contents?.length ?? 0;
    onProgress?.('renditions', renditions.size);
  });

  const findings: Finding[] = [];
  const recorded = new Set<string>();
  let start: Record<string, unknown> | undefined;
  let scanned = 0;
  do {
    const page: ScanCommandOutput = await store.doc.send(
      new ScanCommand({
        TableName: store.tableName,
        // Media items and albums; the label index and counters have nothing in the buckets.
        FilterExpression: '#sk = :media OR begins_with(#sk, :album)',
        ExpressionAttributeNames: { '#sk': 'sk' },
        ExpressionAttributeValues: { ':media': 'MEDIA', ':album': 'ALBUM#' },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      checked += 1;
      if (item.sk !== 'MEDIA') {
        // Measured from the deleter's last page, so a large album that is still going is not stalled.
        const lastProgress = typeof item[DELETION_PROGRESS_AT] === 'string' ? item[DELETION_PROGRESS_AT] : item.deletingSince;
        if (isBeingDeleted(item) && secondsSince(lastProgress, now) > deleteDeadlineSeconds) {
          findings.push({ kind: 'album-deletion-stalled', ownerId: String(item.ownerId), albumId: String(item.albumId), since: String(lastProgress) });
        }
        continue;
      }
      const media = item as MediaItem;
      recorded.add(media.mediaId);
      findings.push(...mediaFindings(media, originals.get(media.mediaId), { now, uploadWindowSeconds, graceSeconds, deleteDeadlineSeconds, registry }));
      findings.push(...supersededRenditions(media, renditions.get(media.mediaId) ?? []));
    }
    scanned += page.ScannedCount ?? 0;
    onProgress?.('table', scanned);
    start = page.LastEvaluatedKey;
  } while (start);

  for (const [mediaId, { key }] of originals) if (!recorded.has(mediaId)) findings.push({ kind: 'orphan-original', mediaId, key });
  for (const [mediaId, keys] of renditions) if (!recorded.has(mediaId)) findings.push({ kind: 'orphan-renditions', mediaId, keys });
  return { checked, findings };
}

/** Stored renditions older than the recipe version the item's renditions were recorded with. */
function supersededRenditions(media: MediaItem, keys: readonly string[]): Finding[] {
  if (isBeingDeleted(media) || keys.length === 0) return [];
  const recorded = Math.max(0, ...Object.keys(media).filter((a) => a.startsWith('processor:')).map((a) => Number((media[a] as ProcessorState | undefined)?.recipeVersion ?? 0)));
  if (recorded === 0) return [];
  const older = keys.filter((key) => (parseDerivedKey(key)?.recipeVersion ?? 0) < recorded);
  return older.length > 0 ? [{ kind: 'superseded-renditions', mediaId: media.mediaId, recipeVersion: recorded, keys: older }] : [];
}

function mediaFindings(
  media: MediaItem,
  original: ListedOriginal | undefined,
  { now, uploadWindowSeconds, graceSeconds, deleteDeadlineSeconds, registry }: Required<Pick<AuditOptions, 'now' | 'uploadWindowSeconds' | 'graceSeconds' | 'deleteDeadlineSeconds' | 'registry'>>,
): Finding[] {
  const { mediaId, status } = media;
  if (isBeingDeleted(media)) {
    const since = String(media.deletingSince);
    return secondsSince(since, now) > deleteDeadlineSeconds ? [{ kind: 'stuck-deleting', mediaId, since }] : [];
  }
  if (status === 'uploading') {
    if (secondsSince(media.createdAt, now) <= uploadWindowSeconds + graceSeconds) return [];
    return [{ kind: original ? 'not-started' : 'abandoned-upload', mediaId, createdAt: media.createdAt }];
  }
  const found: Finding[] = [];
  if (!original) found.push({ kind: 'missing-original', mediaId, status });
  const recordedETag = typeof media.originalETag === 'string' ? media.originalETag : undefined;
  if (original && recordedETag && recordedETag !== original.eTag) {
    found.push({ kind: 'replaced-original', mediaId, key: original.key, recordedETag, currentETag: original.eTag });
  }
  if (status === 'processing') {
    const since = typeof media.updatedAt === 'string' ? media.updatedAt : media.createdAt;
    if (secondsSince(since, now) > processingDeadlineSeconds(media.mediaClass, registry) + graceSeconds) found.push({ kind: 'stuck-processing', mediaId, since });
  }
  return found;
}
