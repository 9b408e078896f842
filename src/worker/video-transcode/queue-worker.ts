/**
 * The long-running queue consumer: long-polls SQS, runs up to `concurrency` jobs at once, keeps
 * each job's message invisible while it runs (heartbeat), and stops cleanly. On stop it receives no
 * more (the long poll in flight finishes, and what it brings is handed back), lets running jobs
 * finish within the stop timeout, and hands back (visibility 0) the messages of jobs it had to
 * abort, so nothing is lost and nothing waits out a long visibility timeout.
 */
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

import type { MessageOutcome } from './message-handler.js';

export type Log = (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;

export interface QueueWorkerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** `receiveCount` is SQS's ApproximateReceiveCount of this delivery. */
  readonly handle: (messageId: string, body: string, signal: AbortSignal, receiveCount: number) => Promise<MessageOutcome>;
  /** Jobs at once in this process (default 1). */
  readonly concurrency?: number;
  /** Long poll, at most 20 (default 20). */
  readonly waitTimeSeconds?: number;
  /** Each heartbeat makes the message invisible for this long again. */
  readonly visibilityTimeoutSeconds: number;
  /** Default: a third of the visibility timeout, so two heartbeats can fail before anyone else sees the message. */
  readonly heartbeatIntervalMs?: number;
  /**
   * The longest one job may run (the registry's timeoutSeconds). Past it the job is aborted and its
   * heartbeat stops, so a hung ffmpeg holds its slot no longer than this and the message returns
   * after its visibility timeout, counting towards the queue's receive limit.
   */
  readonly jobTimeoutMs?: number;
  /** How long running jobs may take to finish once stop is asked for (default 110 s, inside Fargate's 120 s). */
  readonly stopTimeoutMs?: number;
  /** Pause after a failed receive (default 1 s). */
  readonly receiveRetryMs?: number;
  readonly log?: Log;
}

export interface WorkerSummary {
  readonly received: number;
  readonly deleted: number;
  readonly retried: number;
  readonly handedBack: number;
  readonly timedOut: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

interface Job {
  readonly message: Message;
  readonly abort: AbortController;
  readonly done: Promise<void>;
  handedBack: boolean;
}

/** Runs until `stop` aborts and every job has finished or been handed back; never rejects. */
export async function runQueueWorker(options: QueueWorkerOptions, stop: AbortSignal): Promise<WorkerSummary> {
  const { sqs, queueUrl } = options;
  const log: Log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 1;
  const heartbeatMs = options.heartbeatIntervalMs ?? (options.visibilityTimeoutSeconds * 1000) / 3;
  const counts = { received: 0, deleted: 0, retried: 0, handedBack: 0, timedOut: 0 };
  const jobs = new Set<Job>();

  const changeVisibility = async (message: Message, seconds: number) => {
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: seconds }));
  };

  const handBack = async (message: Message) => {
    try {
      await changeVisibility(message, 0);
      counts.handedBack += 1;
      log('info', 'handed a message back to the queue', { messageId: message.MessageId });
    } catch (error) {
      log('warn', 'could not hand the message back; it returns after its visibility timeout', { messageId: message.MessageId, error: String(error) });
    }
  };

  const start = (message: Message) => {
    const abort = new AbortController();
    const heartbeat = setInterval(() => {
      changeVisibility(message, options.visibilityTimeoutSeconds).catch((error: unknown) => log('warn', 'heartbeat failed', { messageId: message.MessageId, error: String(error) }));
    }, heartbeatMs);
    const job: Job = { message, abort, handedBack: false, done: Promise.resolve() };
    let timedOut = false;
    const deadline =
      options.jobTimeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            clearInterval(heartbeat);
            log('warn', 'job ran past its deadline: aborted; the message returns after its visibility timeout', { messageId: message.MessageId, jobTimeoutMs: options.jobTimeoutMs });
            abort.abort();
          }, options.jobTimeoutMs);
    (job as { done: Promise<void> }).done = (async () => {
      let outcome: MessageOutcome;
      try {
        outcome = await options.handle(message.MessageId ?? '', message.Body ?? '', abort.signal, Number(message.Attributes?.ApproximateReceiveCount ?? 1));
      } catch (error) {
        log('warn', 'job failed unexpectedly; SQS will redeliver', { messageId: message.MessageId, error: String(error) });
        outcome = 'retry';
      } finally {
        clearInterval(heartbeat);
        clearTimeout(deadline);
      }
      if (job.handedBack) return;
      if (timedOut) {
        counts.timedOut += 1;
        return;
      }
      if (outcome === 'retry') {
        counts.retried += 1;
        return;
      }
      try {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
        counts.deleted += 1;
      } catch (error) {
        log('warn', 'delete failed; the message will be redelivered (processing is idempotent)', { messageId: message.MessageId, error: String(error) });
      }
    })().finally(() => jobs.delete(job));
    jobs.add(job);
  };

  const stopped = new Promise<void>((resolve) => (stop.aborted ? resolve() : stop.addEventListener('abort', () => resolve(), { once: true })));
  while (!stop.aborted) {
    if (jobs.size >= concurrency) {
      await Promise.race([...[...jobs].map((j) => j.done), stopped]);
      continue;
    }
    try {
      // Not aborted on stop: a receive cancelled on our side can still take a message on SQS's side,
      // hiding it for a whole visibility timeout. The long poll ends within 20 s; what it brings
      // after a stop is handed straight back.
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, concurrency - jobs.size),
          WaitTimeSeconds: options.waitTimeSeconds ?? 20,
          VisibilityTimeout: options.visibilityTimeoutSeconds,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      counts.received += Messages.length;
      if (stop.aborted) {
        for (const message of Messages) await handBack(message);
        break;
      }
      Messages.forEach(start);
    } catch (error) {
      if (stop.aborted) break;
      log('warn', 'receive failed; retrying', { error: String(error) });
      await sleep(options.receiveRetryMs ?? 1000, stop);
    }
  }

  if (jobs.size > 0) {
    log('info', 'stopping: waiting for running jobs', { jobs: jobs.size, stopTimeoutMs: options.stopTimeoutMs ?? 110_000 });
    const all = Promise.all([...jobs].map((j) => j.done));
    const timer = new AbortController();
    await Promise.race([all, sleep(options.stopTimeoutMs ?? 110_000, timer.signal)]);
    timer.abort();
    for (const job of [...jobs]) {
      job.handedBack = true;
      job.abort.abort();
      await handBack(job.message);
    }
    await all;
  }
  return counts;
}
