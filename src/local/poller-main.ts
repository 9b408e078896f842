/**
 * One local queue-fed Lambda (a processor or a queue-triggered job):
 * `node --import tsx src/local/poller-main.ts` with LOCAL_* set by dev.ts.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { jobNamed, processorNamed, registry } from '../shared/registry.js';
import { projectRoot } from './paths.js';
import { runPoller, type SqsHandler } from './poller.js';
import { localHostConfig } from './runtime-config.js';
import { LOCAL_CREDENTIALS } from './clients.js';

const config = localHostConfig();
const isJob = registry.jobs.some((j) => j.name === config.LOCAL_PROCESSOR);
const processor = isJob ? { ...jobNamed(config.LOCAL_PROCESSOR), batchSize: jobNamed(config.LOCAL_PROCESSOR).batchSize ?? 1 } : processorNamed(config.LOCAL_PROCESSOR);
const { handler } = (await import(pathToFileURL(join(projectRoot, processor.entry)).href)) as { handler: SqsHandler };
const sqs = new SQSClient({ endpoint: config.AWS_ENDPOINT_URL, region: config.AWS_REGION, credentials: LOCAL_CREDENTIALS });

const stopping = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopping.abort());

const log = (message: string, details: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ level: 'INFO', service: 'local-poller', processor: processor.name, message, ...details })}\n`);

// Lambda runs a queue's batches in instances side by side, up to the registry's maxConcurrency;
// here they are loops in one process, one per core unless LOCAL_LAMBDA_CONCURRENCY says otherwise.
const instances = Math.max(1, Math.min(processor.maxConcurrency ?? 1, config.LOCAL_LAMBDA_CONCURRENCY || availableParallelism()));
log('polling', { queue: config.LOCAL_QUEUE_URL, batchSize: processor.batchSize, instances });
await Promise.all(
  Array.from({ length: instances }, () =>
    runPoller(
      {
        sqs,
        queueUrl: config.LOCAL_QUEUE_URL,
        queueArn: config.LOCAL_QUEUE_ARN,
        region: config.AWS_REGION,
        functionName: processor.name,
        batchSize: processor.batchSize,
        timeoutMs: processor.timeoutSeconds * 1000,
        handler,
        log,
      },
      stopping.signal,
    ),
  ),
);
log('stopped');
sqs.destroy();
