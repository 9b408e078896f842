/**
 * Catches a processor up on existing media: sends S3-event-shaped messages for the objects it
 * consumes straight into its queue, as S3 would have. Safe to run twice: processors are idempotent.
 * `stale` picks, from the table, the media whose renditions were made with an older recipe than
 * the current one: a run that stops half-way is resumed by running it again, because what it
 * already re-rendered is no longer stale.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, ListObjectsV2Command, NotFound, type S3Client } from '@aws-sdk/client-s3';
import { ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { GetQueueUrlCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';

import { documentClient } from '../shared/document-client.js';
import { DELETING_SINCE, processorAttribute } from '../shared/media-store.js';
import { type ProcessorDefinition, type Registry } from '../shared/registry.js';
import { RECIPE_VERSIONS } from '../shared/renditions.js';
import { syntheticNotification } from '../shared/s3-event.js';
import type { Topology } from '../shared/topology.js';

export type ReprocessTarget = { readonly mediaId: string } | { readonly all: true } | { readonly stale: true };

export interface ReprocessDeps {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  /** Read only for `stale`. */
  readonly dynamodb?: DynamoDBClient;
  readonly topology: Topology;
  readonly registry: Registry;
  /** The current recipe version of each processor (default RECIPE_VERSIONS). */
  readonly recipeVersions?: Readonly<Record<string, number>>;
}

interface SourceObject {
  readonly key: string;
  readonly size: number;
  readonly eTag?: string;
  readonly versionId?: string;
}

export interface ReprocessProgress {
  readonly sent: number;
  readonly total: number;
}

interface Source {
  readonly bucket: string;
  readonly prefix: string;
  readonly matches: (key: string) => boolean;
}

function sourceOf(processor: ProcessorDefinition, deps: ReprocessDeps, target: { readonly mediaId: string } | { readonly all: true }): Source {
  const { consumes } = processor;
  if (consumes.source === 'originals') {
    const classPrefix = deps.registry.mediaClasses[consumes.mediaClass].originalsPrefix;
    // Original keys are `<class prefix><mediaId>.<ext>`: a media id narrows the listing to one key.
    const prefix = 'mediaId' in target ? `${classPrefix}${target.mediaId}.` : classPrefix;
    return { bucket: deps.topology.buckets.originals, prefix, matches: (key) => key.startsWith(prefix) };
  }
  const fileName = deps.registry.derivedOutputs[consumes.output]!.fileName;
  const prefix = 'mediaId' in target ? `derived/${target.mediaId}/` : 'derived/';
  return { bucket: deps.topology.buckets.derived, prefix, matches: (key) => key.startsWith(prefix) && key.endsWith(`/${fileName}`) };
}

/** Every object the processor consumes (under one media id, or all of them), listed from its bucket. */
async function listedObjects(deps: ReprocessDeps, source: Source): Promise<SourceObject[]> {
  // Listed first so the progress bar knows its total; a key is ~100 bytes, so even a million fit.
  const objects: SourceObject[] = [];
  let token: string | undefined;
  do {
    const page = await deps.s3.send(new ListObjectsV2Command({ Bucket: source.bucket, Prefix: source.prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      if (object.Key && source.matches(object.Key)) objects.push({ key: object.Key, size: object.Size ?? 0, ...(object.ETag ? { eTag: object.ETag } : {}) });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/**
 * The originals of media whose renditions from this processor were made with an older recipe:
 * recorded as succeeded with a lower (or no) recipe version, and not being deleted. Failed items
 * are left to a retry; items still processing will be rendered with the current recipe anyway.
 */
async function staleOriginals(deps: ReprocessDeps, processor: ProcessorDefinition, recipeVersion: number): Promise<SourceObject[]> {
  if (processor.consumes.source !== 'originals') throw new Error(`${processor.name} makes no renditions from originals, so it has no recipe to be stale against`);
  if (!deps.dynamodb) throw new Error('finding stale media needs the table');
  const doc = documentClient(deps.dynamodb);
  const keys: { key: string; eTag?: string; versionId?: string }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await doc.send(
      new ScanCommand({
        TableName: deps.topology.tableName,
        FilterExpression: '#sk = :media AND mediaClass = :class AND #state.#status = :succeeded AND (attribute_not_exists(#state.#recipe) OR #state.#recipe < :recipe) AND attribute_not_exists(#deleting)',
        ExpressionAttributeNames: { '#sk': 'sk', '#state': processorAttribute(processor.name), '#status': 'status', '#recipe': 'recipeVersion', '#deleting': DELETING_SINCE },
        ExpressionAttributeValues: { ':media': 'MEDIA', ':class': processor.consumes.mediaClass, ':succeeded': 'succeeded', ':recipe': recipeVersion },
        ProjectionExpression: 'originalKey, originalETag, originalVersionId',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.originalKey !== 'string') continue;
      // The object whose results are recorded, even if a later POST put another one at its key.
      keys.push({ key: item.originalKey, ...(typeof item.originalETag === 'string' ? { eTag: item.originalETag } : {}), ...(typeof item.originalVersionId === 'string' ? { versionId: item.originalVersionId } : {}) });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  // Sixteen HEADs at a time: a hundred thousand stale items take minutes, not an hour.
  const found: (SourceObject | undefined)[] = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const index = next++;
      const { key, eTag, versionId } = keys[index]!;
      try {
        const head = await deps.s3.send(new HeadObjectCommand({ Bucket: deps.topology.buckets.originals, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
        const recorded = eTag ?? head.ETag;
        found[index] = { key, size: head.ContentLength ?? 0, ...(recorded ? { eTag: recorded } : {}), ...(versionId ? { versionId } : {}) };
      } catch (error) {
        // Deleted since the scan: nothing left to render.
        if (!(error instanceof NotFound)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, keys.length) }, worker));
  return found.filter((o): o is SourceObject => o !== undefined);
}

export async function reprocess(deps: ReprocessDeps, processor: ProcessorDefinition, target: ReprocessTarget, onProgress: (progress: ReprocessProgress) => void = () => undefined): Promise<number> {
  const queueName = deps.topology.queues.find((q) => q.processor === processor.name)!.name;
  const { QueueUrl } = await deps.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));

  let bucket: string;
  let objects: SourceObject[];
  if ('stale' in target) {
    const recipeVersion = (deps.recipeVersions ?? RECIPE_VERSIONS)[processor.name];
    if (recipeVersion === undefined) throw new Error(`${processor.name} has no rendition recipe, so nothing of it can be stale`);
    bucket = deps.topology.buckets.originals;
    objects = await staleOriginals(deps, processor, recipeVersion);
  } else {
    const source = sourceOf(processor, deps, target);
    bucket = source.bucket;
    objects = await listedObjects(deps, source);
  }

  const now = new Date();
  let sent = 0;
  onProgress({ sent, total: objects.length });
  for (let i = 0; i < objects.length; i += 10) {
    const entries = objects.slice(i, i + 10).map((o, j) => ({ Id: String(j), MessageBody: syntheticNotification(bucket, o, now) }));
    const { Failed = [] } = await deps.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
    if (Failed.length > 0) throw new Error(`the queue refused ${Failed.length} messages: ${Failed[0]?.Message ?? Failed[0]?.Code}`);
    sent += entries.length;
    onProgress({ sent, total: objects.length });
  }
  return sent;
}
