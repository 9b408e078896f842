/**
 * The processor registry: one definition of every processor, read by Terraform
 * (`jsondecode(file(...))`) and by the local stack. Validated here so a bad entry fails at load
 * with the processor's name rather than as a half-provisioned queue.
 */
import processorsJson from '../../registry/processors.json' with { type: 'json' };
import tableJson from '../../registry/table.json' with { type: 'json' };

export type MediaClass = 'image' | 'video';
export const MEDIA_CLASSES: readonly MediaClass[] = ['image', 'video'];

export type ProcessorInput =
  | { readonly source: 'originals'; readonly mediaClass: MediaClass }
  | { readonly source: 'derived'; readonly output: string };

export interface ProcessorDefinition {
  readonly name: string;
  readonly description: string;
  readonly consumes: ProcessorInput;
  readonly runtime: 'lambda' | 'fargate';
  readonly entry: string;
  /** Whether the media item is `ready` only once this processor has succeeded. */
  readonly required: boolean;
  readonly memoryMb: number;
  readonly cpu?: number;
  readonly timeoutSeconds: number;
  readonly visibilityTimeoutSeconds: number;
  readonly batchSize: number;
  readonly batchWindowSeconds?: number;
  readonly maxConcurrency: number;
  readonly receiveLimit: number;
}

export interface MediaClassDefinition {
  readonly originalsPrefix: string;
}

export interface DerivedOutputDefinition {
  readonly fileName: string;
  readonly producedBy: string;
}

export type JobTrigger = { readonly kind: 'queue' } | { readonly kind: 'schedule'; readonly everyMinutes: number };

/**
 * Upkeep that is not fed by S3 events: a Lambda function fed by its own queue (with a DLQ), or run
 * on a schedule. Terraform and the local stack give each the same environment and permissions.
 */
export interface JobDefinition {
  readonly name: string;
  readonly description: string;
  readonly trigger: JobTrigger;
  readonly entry: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Queue-fed jobs only. */
  readonly visibilityTimeoutSeconds?: number;
  readonly batchSize?: number;
  readonly maxConcurrency?: number;
  readonly receiveLimit?: number;
}

export interface Registry {
  readonly mediaClasses: Readonly<Record<MediaClass, MediaClassDefinition>>;
  readonly derivedOutputs: Readonly<Record<string, DerivedOutputDefinition>>;
  readonly processors: readonly ProcessorDefinition[];
  readonly jobs: readonly JobDefinition[];
}

export interface TableIndexDefinition {
  readonly name: string;
  readonly description: string;
  readonly hashKey: string;
  readonly rangeKey: string;
}

export interface TableDefinition {
  readonly hashKey: string;
  readonly rangeKey: string;
  readonly ttlAttribute: string;
  readonly globalSecondaryIndexes: readonly TableIndexDefinition[];
}

export class RegistryError extends Error {
  override name = 'RegistryError';
}

const NAME_PATTERN = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;

/** Every rule Terraform's variable validations also enforce, so both worlds reject the same entries. */
export function validateRegistry(registry: Registry): Registry {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const [mediaClass, definition] of Object.entries(registry.mediaClasses)) {
    if (definition.originalsPrefix !== `originals/${mediaClass}/`) {
      problems.push(`media class ${mediaClass}: originalsPrefix must be "originals/${mediaClass}/"`);
    }
  }
  for (const p of registry.processors) {
    const where = `processor ${p.name}`;
    if (!NAME_PATTERN.test(p.name)) problems.push(`${where}: name must be lower-case kebab-case, 3-32 characters`);
    if (names.has(p.name)) problems.push(`${where}: duplicate name`);
    names.add(p.name);
    if (p.consumes.source === 'originals' && !(p.consumes.mediaClass in registry.mediaClasses)) {
      problems.push(`${where}: consumes unknown media class ${p.consumes.mediaClass}`);
    }
    if (p.consumes.source === 'derived') {
      const output = registry.derivedOutputs[p.consumes.output];
      if (!output) problems.push(`${where}: consumes unknown derived output ${p.consumes.output}`);
      else if (output.producedBy === p.name) problems.push(`${where}: consumes its own output`);
    }
    if (p.receiveLimit < 5) problems.push(`${where}: receiveLimit must be at least 5 so a throttled burst does not reach the DLQ`);
    if (p.runtime === 'lambda') {
      if (p.visibilityTimeoutSeconds < 6 * p.timeoutSeconds) {
        problems.push(`${where}: visibilityTimeoutSeconds must be at least 6 x timeoutSeconds (${6 * p.timeoutSeconds})`);
      }
      if (p.timeoutSeconds < 1 || p.timeoutSeconds > 900) problems.push(`${where}: Lambda timeout must be 1-900 s`);
      if (p.memoryMb < 128 || p.memoryMb > 10240) problems.push(`${where}: Lambda memory must be 128-10240 MB`);
      if (p.maxConcurrency < 2 || p.maxConcurrency > 1000) problems.push(`${where}: maxConcurrency must be 2-1000 for an SQS event source`);
      if (p.batchSize < 1 || p.batchSize > 10) problems.push(`${where}: batchSize must be 1-10`);
    } else if (p.cpu === undefined) {
      problems.push(`${where}: a fargate processor needs cpu`);
    }
    if (p.visibilityTimeoutSeconds > 43200) problems.push(`${where}: visibilityTimeoutSeconds must be at most 43200`);
  }
  for (const job of registry.jobs) {
    const where = `job ${job.name}`;
    if (!NAME_PATTERN.test(job.name)) problems.push(`${where}: name must be lower-case kebab-case, 3-32 characters`);
    if (names.has(job.name)) problems.push(`${where}: duplicate name (processors and jobs share one namespace)`);
    names.add(job.name);
    if (job.timeoutSeconds < 1 || job.timeoutSeconds > 900) problems.push(`${where}: Lambda timeout must be 1-900 s`);
    if (job.memoryMb < 128 || job.memoryMb > 10240) problems.push(`${where}: Lambda memory must be 128-10240 MB`);
    if (job.trigger.kind === 'queue') {
      const { visibilityTimeoutSeconds = 0, batchSize = 0, maxConcurrency = 0, receiveLimit = 0 } = job;
      if (visibilityTimeoutSeconds < 6 * job.timeoutSeconds) problems.push(`${where}: visibilityTimeoutSeconds must be at least 6 x timeoutSeconds (${6 * job.timeoutSeconds})`);
      if (batchSize < 1 || batchSize > 10) problems.push(`${where}: batchSize must be 1-10`);
      if (maxConcurrency < 2 || maxConcurrency > 1000) problems.push(`${where}: maxConcurrency must be 2-1000 for an SQS event source`);
      if (receiveLimit < 5) problems.push(`${where}: receiveLimit must be at least 5`);
    } else if (job.trigger.kind === 'schedule') {
      if (!Number.isInteger(job.trigger.everyMinutes) || job.trigger.everyMinutes < 1 || job.trigger.everyMinutes > 1440) problems.push(`${where}: everyMinutes must be a whole number from 1 to 1440`);
    } else {
      problems.push(`${where}: trigger.kind must be "queue" or "schedule"`);
    }
  }
  for (const [output, definition] of Object.entries(registry.derivedOutputs)) {
    if (!names.has(definition.producedBy)) problems.push(`derived output ${output}: producedBy unknown processor ${definition.producedBy}`);
  }
  if (problems.length > 0) throw new RegistryError(`invalid processor registry:\n- ${problems.join('\n- ')}`);
  return registry;
}

export const registry: Registry = validateRegistry(processorsJson as Registry);
export const tableDefinition: TableDefinition = tableJson;

export const jobNamed = (name: string, from: Registry = registry): JobDefinition => {
  const job = from.jobs.find((j) => j.name === name);
  if (!job) throw new RegistryError(`no job named ${name} in the registry`);
  return job;
};

export const processorNamed = (name: string, from: Registry = registry): ProcessorDefinition => {
  const processor = from.processors.find((p) => p.name === name);
  if (!processor) throw new RegistryError(`no processor named ${name} in the registry`);
  return processor;
};

/** The processors whose item status decides when a media item of this class is ready. */
export const requiredProcessors = (mediaClass: MediaClass, from: Registry = registry): string[] => {
  const producers = new Map(from.processors.map((p) => [p.name, p]));
  const classOf = (p: ProcessorDefinition): MediaClass | undefined => {
    if (p.consumes.source === 'originals') return p.consumes.mediaClass;
    const producer = producers.get(from.derivedOutputs[p.consumes.output]?.producedBy ?? '');
    return producer ? classOf(producer) : undefined;
  };
  return from.processors.filter((p) => p.required && classOf(p) === mediaClass).map((p) => p.name);
};

/** The file name of the derived output a processor consumes (e.g. `web.jpg`). */
export function consumedFileName(processorName: string, from: Registry = registry): string {
  const { consumes } = processorNamed(processorName, from);
  if (consumes.source !== 'derived') throw new RegistryError(`processor ${processorName} consumes originals, not a derived output`);
  return from.derivedOutputs[consumes.output]!.fileName;
}
