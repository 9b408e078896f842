/**
 * One local scheduled job: the stand-in for EventBridge Scheduler, calling the job's handler every
 * LOCAL_EVERY_SECONDS (or the registry's everyMinutes), one run at a time, until SIGINT/SIGTERM.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

import type { Context } from 'aws-lambda';

import { jobNamed } from '../shared/registry.js';
import { lambdaContext } from './lambda-context.js';
import { projectRoot } from './paths.js';
import { scheduleHostConfig } from './runtime-config.js';

const config = scheduleHostConfig();
const job = jobNamed(config.LOCAL_JOB);
if (job.trigger.kind !== 'schedule') throw new Error(`job ${job.name} is not scheduled`);
const everyMs = (config.LOCAL_EVERY_SECONDS || job.trigger.everyMinutes * 60) * 1000;
const { handler } = (await import(pathToFileURL(join(projectRoot, job.entry)).href)) as { handler: (event: unknown, context: Context) => Promise<unknown> };

const stopping = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stopping.abort());
const log = (message: string, details: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ level: 'INFO', service: 'local-scheduler', job: job.name, message, ...details })}\n`);

log('scheduled', { everySeconds: everyMs / 1000 });
while (!stopping.signal.aborted) {
  try {
    await handler({ source: 'local-scheduler', time: new Date().toISOString() }, lambdaContext(job.name, job.timeoutSeconds * 1000, job.memoryMb));
  } catch (error) {
    // As in AWS: a failed run is logged (and alarmed there); the next one comes on schedule.
    log('run failed', { error: (error as Error).message });
  }
  await sleep(everyMs, undefined, { signal: stopping.signal }).catch(() => undefined);
}
log('stopped');
