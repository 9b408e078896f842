/**
 * The sweeper: runs the audit and repairs each finding. Every repair is conditional on the state
 * the audit saw, so a sweep racing the system (or another sweep) changes nothing that moved on.
 */
import { DeleteObjectCommand, DeleteObjectsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';

import type { AlbumDeletionQueue } from '../shared/album-deletion-requests.js';
import { deleteMediaEverywhere, type MediaDeletionStore } from '../shared/media-deletion.js';
import { updateCountedMedia } from '../shared/media-counts.js';
import { getMedia, isBeingDeleted, markProcessing, mediaKey, type MediaStatus, STALLED } from '../shared/media-store.js';
import { audit, type AuditOptions, type AuditReport, type Finding } from './audit.js';

export type Repair = 'repaired' | 'moved-on' | 'needs-a-person';

export interface SweepReport extends AuditReport {
  /** What became of each finding, by kind. */
  readonly outcomes: Readonly<Record<string, Readonly<Record<Repair, number>>>>;
}

export interface SweepDeps {
  readonly store: MediaDeletionStore;
  readonly albumDeletions: AlbumDeletionQueue;
}

/** True when a conditional write found the item changed since the audit. */
async function conditional(write: () => Promise<unknown>): Promise<Repair> {
  try {
    await write();
    return 'repaired';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'moved-on';
    throw error;
  }
}

export async function repair({ store, albumDeletions }: SweepDeps, finding: Finding, now = new Date()): Promise<Repair> {
  const table = { TableName: store.tableName };
  switch (finding.kind) {
    case 'orphan-original':
      // No record can appear for it later: ids are new per upload and records precede their bytes.
      await store.s3.send(new DeleteObjectCommand({ Bucket: store.originalsBucket, Key: finding.key }));
      return 'repaired';
    case 'orphan-renditions':
      await store.s3.send(new DeleteObjectsCommand({ Bucket: store.derivedBucket, Delete: { Objects: finding.keys.map((Key) => ({ Key })), Quiet: true } }));
      return 'repaired';
    case 'superseded-renditions':
      // Only older than what is recorded, which never goes back: a newer set being written is never touched.
      await store.s3.send(new DeleteObjectsCommand({ Bucket: store.derivedBucket, Delete: { Objects: finding.keys.map((Key) => ({ Key })), Quiet: true } }));
      return 'repaired';
    case 'abandoned-upload':
      // Past its POST window with no bytes: none can come. Only while still `uploading`.
      return conditional(() =>
        store.doc.send(
          new DeleteCommand({
            ...table,
            Key: mediaKey(finding.mediaId),
            ConditionExpression: '#status = :uploading',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':uploading': 'uploading' satisfies MediaStatus },
          }),
        ),
      );
    case 'not-started':
      // The bytes are here: the record must outlive the upload TTL until a processor gets to it.
      return (await markProcessing(store, finding.mediaId, now)) ? 'repaired' : 'moved-on';
    case 'stuck-processing':
    case 'missing-original': {
      if (finding.kind === 'missing-original' && finding.status !== 'processing') return 'needs-a-person';
      const reason =
        finding.kind === 'stuck-processing' ? 'Processing did not finish in time. It can be retried.' : 'The uploaded file is missing from storage, so it cannot be processed.';
      const code = finding.kind === 'stuck-processing' ? STALLED : 'original_missing';
      const media = await getMedia(store, finding.mediaId);
      // Only from `processing`, as the audit saw it: through the counters, so the album counts it as failed.
      if (!media || media.status !== 'processing' || isBeingDeleted(media)) return 'moved-on';
      const result = await updateCountedMedia(store, media, { set: { status: 'failed' satisfies MediaStatus, failureReason: reason, failureCode: code, updatedAt: now.toISOString() } });
      return result.outcome === 'applied' ? 'repaired' : 'moved-on';
    }
    case 'stuck-deleting': {
      const media = await getMedia(store, finding.mediaId);
      if (!media) return 'moved-on';
      await deleteMediaEverywhere(store, media, now);
      return 'repaired';
    }
    case 'replaced-original':
      return restoreFirstUpload(store, finding);
    case 'album-deletion-stalled':
      await albumDeletions.request({ ownerId: finding.ownerId, albumId: finding.albumId });
      return 'repaired';
  }
}

/**
 * Deletes the versions a second upload put over the recorded one, so the recorded version is
 * current again. Without versioning there is nothing to go back to.
 */
async function restoreFirstUpload(store: MediaDeletionStore, finding: Extract<Finding, { kind: 'replaced-original' }>): Promise<Repair> {
  const { Versions = [] } = await store.s3.send(new ListObjectVersionsCommand({ Bucket: store.originalsBucket, Prefix: finding.key }));
  // S3 lists a key's versions newest first; LastModified is too coarse to order two quick POSTs.
  const versions = Versions.filter((v) => v.Key === finding.key);
  const recorded = versions.findIndex((v) => (v.ETag ?? '').replace(/"/g, '') === finding.recordedETag);
  if (recorded < 0) return 'needs-a-person';
  for (const later of versions.slice(0, recorded)) {
    await store.s3.send(new DeleteObjectCommand({ Bucket: store.originalsBucket, Key: finding.key, VersionId: later.VersionId! }));
  }
  return 'repaired';
}

/** One pass: audit, then repair each finding; returns the audit with what became of each finding. */
export async function sweep(deps: SweepDeps, options: AuditOptions, onRepaired?: (done: number, total: number) => void): Promise<SweepReport> {
  const now = options.now ?? new Date();
  const report = await audit(deps.store, { ...options, now });
  const outcomes: Record<string, Record<Repair, number>> = {};
  let done = 0;
  for (const finding of report.findings) {
    const outcome = await repair(deps, finding, now);
    outcomes[finding.kind] ??= { repaired: 0, 'moved-on': 0, 'needs-a-person': 0 };
    outcomes[finding.kind]![outcome] += 1;
    onRepaired?.((done += 1), report.findings.length);
  }
  return { ...report, outcomes };
}
