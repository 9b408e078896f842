/**
 * How a processor hands its renditions to the item, the same for the image processor and the
 * video worker: recorded with its outcome, or, when the item was deleted while the processor
 * worked, removed again so no orphan stays in the derived bucket. Renditions of an older recipe
 * are removed only once the newer set is recorded, so the API always serves a complete set.
 */
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

import { parseDerivedKey } from './media-keys.js';
import { processorAttribute, type ProcessorState, recordCaptureTime, recordProcessorResult, type MediaStore } from './media-store.js';
import type { StoredRendition } from './renditions.js';

export interface RenditionStore extends MediaStore {
  readonly s3: S3Client;
  readonly derivedBucket: string;
}

export interface RenditionRun {
  /** When this run began: of two runs of one recipe, the later start wins. */
  readonly startedAt: Date;
  /** The recipe the renditions were made with: a newer recipe's record is never replaced by an older one's. */
  readonly recipeVersion: number;
  /** When the file says it was taken (as the camera wrote it), for the timeline. */
  readonly capturedAt?: string;
}

async function deleteKeys(s3: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const { Errors } = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
    if (Errors?.length) throw new Error(`could not delete ${Errors.length} renditions, the first ${Errors[0]?.Key}: ${Errors[0]?.Code}`);
  }
}

/**
 * The renditions of recipes older than `recipeVersion` (and from before recipes had versions).
 * Never a newer version's: a newer run may be writing them right now, ahead of its record.
 */
async function supersededKeys(s3: S3Client, bucket: string, mediaId: string, recipeVersion: number): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `derived/${mediaId}/`, ...(token ? { ContinuationToken: token } : {}) }));
    for (const { Key } of page.Contents ?? []) {
      const parsed = Key ? parseDerivedKey(Key) : undefined;
      if (parsed && (parsed.recipeVersion ?? 0) < recipeVersion) keys.push(Key!);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

export async function recordRenditions(
  deps: RenditionStore,
  mediaId: string,
  processor: string,
  variants: Readonly<Record<string, StoredRendition>>,
  attributes: Readonly<Record<string, unknown>>,
  run: RenditionRun,
): Promise<'ready' | 'media-missing'> {
  const ours = Object.values(variants).map((v) => v.key);
  const updated = await recordProcessorResult(deps, mediaId, processor, { status: 'succeeded', startedAt: run.startedAt, recipeVersion: run.recipeVersion, attributes: { ...attributes, variants } });
  if (!updated) {
    await deleteKeys(deps.s3, deps.derivedBucket, ours);
    return 'media-missing';
  }
  const standing = (updated[processorAttribute(processor)] as ProcessorState | undefined)?.recipeVersion ?? 0;
  if (standing > run.recipeVersion) {
    // A newer recipe's set was recorded first: this one is superseded before it was ever served.
    await deleteKeys(deps.s3, deps.derivedBucket, ours);
    return 'ready';
  }
  await deleteKeys(deps.s3, deps.derivedBucket, await supersededKeys(deps.s3, deps.derivedBucket, mediaId, run.recipeVersion));
  if (run.capturedAt) await recordCaptureTime(deps, mediaId, run.capturedAt);
  return 'ready';
}
