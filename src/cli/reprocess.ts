/**
 * Catches a processor up on existing media: sends S3-event-shaped messages for the objects it
 * consumes straight into its queue, as S3 would have. Safe to run twice: processors are idempotent.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';

import { type ProcessorDefinition, type Registry } from '../shared/registry.js';
import { syntheticNotification } from '../shared/s3-event.js';
import type { Topology } from '../shared/topology.js';

export type ReprocessTarget = { readonly mediaId: string } | { readonly all: true };

export interface ReprocessDeps {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly topology: Topology;
  readonly registry: Registry;
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

function sourceOf(processor: ProcessorDefinition, deps: ReprocessDeps, target: ReprocessTarget): Source {
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

export async function reprocess(deps: ReprocessDeps, processor: ProcessorDefinition, target: ReprocessTarget, onProgress: (progress: ReprocessProgress) => void = () => undefined): Promise<number> {
  const source = sourceOf(processor, deps, target);
  const queueName = deps.topology.queues.find((q) => q.processor === processor.name)!.name;
  const { QueueUrl } = await deps.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));

  // Listed first so the progress bar knows its total; a key is ~100 bytes, so even a million fit.
  const objects: { key: string; size: number; eTag?: string }[] = [];
  let token: string | undefined;
  do {
    const page = await deps.s3.send(new ListObjectsV2Command({ Bucket: source.bucket, Prefix: source.prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      if (object.Key && source.matches(object.Key)) objects.push({ key: object.Key, size: object.Size ?? 0, ...(object.ETag ? { eTag: object.ETag } : {}) });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);

  const now = new Date();
  let sent = 0;
  onProgress({ sent, total: objects.length });
  for (let i = 0; i < objects.length; i += 10) {
    const entries = objects.slice(i, i + 10).map((o, j) => ({ Id: String(j), MessageBody: syntheticNotification(source.bucket, o.key, o.size, o.eTag, now) }));
    const { Failed = [] } = await deps.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
    if (Failed.length > 0) throw new Error(`the queue refused ${Failed.length} messages: ${Failed[0]?.Message ?? Failed[0]?.Code}`);
    sent += entries.length;
    onProgress({ sent, total: objects.length });
  }
  return sent;
}
