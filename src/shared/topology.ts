/**
 * The AWS resources the registry implies, named for one environment. Local provisioning creates
 * exactly this; Terraform builds the same shape from the same JSON (test/local/topology.test.ts
 * holds the two together).
 */
import { type MediaClass, MEDIA_CLASSES, type Registry, registry as defaultRegistry, type TableDefinition, tableDefinition } from './registry.js';

export type BucketRole = 'originals' | 'derived';

export interface TopicSpec {
  /** `image`, `video` or `derived-<output>`. */
  readonly id: string;
  readonly name: string;
  readonly bucket: BucketRole;
  readonly filter: { readonly prefix: string; readonly suffix?: string };
}

export interface QueueSpec {
  readonly processor: string;
  readonly name: string;
  readonly dlqName: string;
  readonly topicId: string;
  readonly visibilityTimeoutSeconds: number;
  readonly receiveLimit: number;
}

/** The queue (and DLQ) of a queue-fed job: fed by our own code, not by S3 events. */
export interface JobQueueSpec {
  readonly job: string;
  readonly name: string;
  readonly dlqName: string;
  readonly visibilityTimeoutSeconds: number;
  readonly receiveLimit: number;
}

export interface Topology {
  readonly prefix: string;
  readonly buckets: Readonly<Record<BucketRole, string>>;
  readonly tableName: string;
  readonly table: TableDefinition;
  readonly topics: readonly TopicSpec[];
  readonly queues: readonly QueueSpec[];
  readonly jobQueues: readonly JobQueueSpec[];
}

export const originalsTopicId = (mediaClass: MediaClass): string => mediaClass;
export const derivedTopicId = (output: string): string => `derived-${output}`;

export interface TopologyOptions {
  /** AWS bucket names end in the account id (bucket names are global); the local stack has none. */
  readonly bucketSuffix?: string;
}

export function topologyFor(prefix: string, registry: Registry = defaultRegistry, options: TopologyOptions = {}): Topology {
  const suffix = options.bucketSuffix ? `-${options.bucketSuffix}` : '';
  const topics: TopicSpec[] = [
    ...MEDIA_CLASSES.map((mediaClass) => ({
      id: originalsTopicId(mediaClass),
      name: `${prefix}-originals-${mediaClass}`,
      bucket: 'originals' as const,
      filter: { prefix: registry.mediaClasses[mediaClass].originalsPrefix },
    })),
    ...Object.entries(registry.derivedOutputs).map(([output, definition]) => ({
      id: derivedTopicId(output),
      name: `${prefix}-derived-${output}`,
      bucket: 'derived' as const,
      filter: { prefix: 'derived/', suffix: `/${definition.fileName}` },
    })),
  ];
  const queues: QueueSpec[] = registry.processors.map((p) => ({
    processor: p.name,
    name: `${prefix}-${p.name}`,
    dlqName: `${prefix}-${p.name}-dlq`,
    topicId: p.consumes.source === 'originals' ? originalsTopicId(p.consumes.mediaClass) : derivedTopicId(p.consumes.output),
    visibilityTimeoutSeconds: p.visibilityTimeoutSeconds,
    receiveLimit: p.receiveLimit,
  }));
  const jobQueues: JobQueueSpec[] = registry.jobs.flatMap((job) =>
    job.trigger.kind === 'queue'
      ? [{ job: job.name, name: `${prefix}-${job.name}`, dlqName: `${prefix}-${job.name}-dlq`, visibilityTimeoutSeconds: job.visibilityTimeoutSeconds ?? 0, receiveLimit: job.receiveLimit ?? 0 }]
      : [],
  );
  return {
    prefix,
    buckets: { originals: `${prefix}-originals${suffix}`, derived: `${prefix}-derived${suffix}` },
    tableName: `${prefix}-media`,
    table: tableDefinition,
    topics,
    queues,
    jobQueues,
  };
}

export const originalKey = (mediaClass: MediaClass, mediaId: string, extension: string): string =>
  `originals/${mediaClass}/${mediaId}.${extension}`;

