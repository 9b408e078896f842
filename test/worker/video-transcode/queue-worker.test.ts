import { ChangeMessageVisibilityCommand, DeleteMessageCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';

import type { MessageOutcome } from '../../../src/worker/video-transcode/message-handler.js';
import { runQueueWorker, type QueueWorkerOptions } from '../../../src/worker/video-transcode/queue-worker.js';

const QUEUE_URL = 'http://sqs.local/queue/video';
const message = (id: string): Message => ({ MessageId: id, ReceiptHandle: `rh-${id}`, Body: '{}' });

/** A queue that hands out the given messages once, then answers empty long polls. */
function fakeQueue(messages: Message[]) {
  const sqs = mockClient(SQSClient);
  const pending = [...messages];
  sqs.on(ReceiveMessageCommand).callsFake(async (input: { MaxNumberOfMessages?: number }) => {
    const batch = pending.splice(0, input.MaxNumberOfMessages ?? 1);
    if (batch.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    return { Messages: batch };
  });
  sqs.on(DeleteMessageCommand).resolves({});
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  const calls = (command: typeof DeleteMessageCommand | typeof ChangeMessageVisibilityCommand) =>
    (command === DeleteMessageCommand ? sqs.commandCalls(DeleteMessageCommand) : sqs.commandCalls(ChangeMessageVisibilityCommand)).map((c) => c.args[0].input as { ReceiptHandle?: string; VisibilityTimeout?: number });
  return { sqs, client: new SQSClient({ region: 'ap-southeast-2' }), calls, drained: () => pending.length === 0 };
}

/** Resolves once `check` holds, polling the event loop; no timing assertions. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 2));
}

const options = (client: SQSClient, handle: QueueWorkerOptions['handle'], extra: Partial<QueueWorkerOptions> = {}): QueueWorkerOptions => ({
  sqs: client,
  queueUrl: QUEUE_URL,
  handle,
  visibilityTimeoutSeconds: 300,
  waitTimeSeconds: 0,
  ...extra,
});

describe('runQueueWorker', () => {
  afterEach(() => mockClient(SQSClient).restore());

  it('deletes a message whose job is done and leaves one whose job asks for a retry', async () => {
    const queue = fakeQueue([message('a'), message('b')]);
    const stop = new AbortController();
    const seen: string[] = [];
    const running = runQueueWorker(
      options(queue.client, async (id) => {
        seen.push(id);
        if (seen.length === 2) stop.abort();
        return (id === 'a' ? 'done' : 'retry') satisfies MessageOutcome;
      }),
      stop.signal,
    );
    const summary = await running;
    expect(seen).to.deep.equal(['a', 'b']);
    expect(queue.calls(DeleteMessageCommand).map((c) => c.ReceiptHandle)).to.deep.equal(['rh-a']);
    expect(summary).to.deep.equal({ received: 2, deleted: 1, retried: 1, handedBack: 0, timedOut: 0 });
  });

  it("passes each delivery's receive count to the job, so the last one can record the failure", async () => {
    const queue = fakeQueue([{ ...message('a'), Attributes: { ApproximateReceiveCount: '5' } }, message('b')]);
    const stop = new AbortController();
    const counts: number[] = [];
    await runQueueWorker(
      options(queue.client, async (_id, _body, _signal, receiveCount) => {
        counts.push(receiveCount);
        if (counts.length === 2) stop.abort();
        return 'done';
      }),
      stop.signal,
    );
    expect(counts).to.deep.equal([5, 1]);
  });

  it('treats a job that throws as a retry', async () => {
    const queue = fakeQueue([message('a')]);
    const stop = new AbortController();
    const summary = await runQueueWorker(
      options(queue.client, async () => {
        stop.abort();
        throw new Error('boom');
      }),
      stop.signal,
    );
    expect(queue.calls(DeleteMessageCommand)).to.have.length(0);
    expect(summary.retried).to.equal(1);
  });

  it('keeps extending the visibility of a running job', async () => {
    const queue = fakeQueue([message('a')]);
    const stop = new AbortController();
    await runQueueWorker(
      options(
        queue.client,
        async () => {
          await until(() => queue.calls(ChangeMessageVisibilityCommand).length >= 3);
          stop.abort();
          return 'done';
        },
        { heartbeatIntervalMs: 5, visibilityTimeoutSeconds: 120 },
      ),
      stop.signal,
    );
    const beats = queue.calls(ChangeMessageVisibilityCommand);
    expect(beats.length).to.be.at.least(3);
    expect(beats.every((b) => b.ReceiptHandle === 'rh-a' && b.VisibilityTimeout === 120)).to.equal(true);
    expect(queue.calls(DeleteMessageCommand)).to.have.length(1);
  });

  it('aborts a job that runs past its deadline, stops its heartbeat and leaves the message for redelivery', async () => {
    const queue = fakeQueue([message('hung')]);
    const stop = new AbortController();
    let aborted = false;
    let beatsAtAbort = -1;
    const summary = await runQueueWorker(
      options(
        queue.client,
        async (_id, _body, signal) => {
          // A hung ffmpeg: nothing ends it but the abort.
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
          aborted = true;
          beatsAtAbort = queue.calls(ChangeMessageVisibilityCommand).length;
          // Fifteen heartbeat intervals for a beat that should not come.
          setTimeout(() => stop.abort(), 30);
          return 'retry';
        },
        { heartbeatIntervalMs: 2, jobTimeoutMs: 40 },
      ),
      stop.signal,
    );
    expect(aborted).to.equal(true);
    expect(beatsAtAbort, 'the job beat while it ran').to.be.greaterThan(0);
    expect(queue.calls(ChangeMessageVisibilityCommand).length, 'heartbeats after the deadline').to.equal(beatsAtAbort);
    expect(queue.calls(ChangeMessageVisibilityCommand).every((c) => c.VisibilityTimeout === 300), 'no hand-back: the message waits out its visibility timeout').to.equal(true);
    expect(queue.calls(DeleteMessageCommand)).to.have.length(0);
    expect(summary).to.deep.equal({ received: 1, deleted: 0, retried: 0, handedBack: 0, timedOut: 1 });
  });

  it('runs up to `concurrency` jobs at once', async () => {
    const queue = fakeQueue([message('a'), message('b'), message('c')]);
    const stop = new AbortController();
    let active = 0;
    let peak = 0;
    let finished = 0;
    await runQueueWorker(
      options(
        queue.client,
        async () => {
          active += 1;
          peak = Math.max(peak, active);
          await until(() => peak >= 2 || finished > 0);
          active -= 1;
          finished += 1;
          if (finished === 3) stop.abort();
          return 'done';
        },
        { concurrency: 2 },
      ),
      stop.signal,
    );
    expect(peak).to.equal(2);
    expect(queue.calls(DeleteMessageCommand)).to.have.length(3);
  });

  it('on stop, receives no more and lets the running job finish within the stop timeout', async () => {
    const queue = fakeQueue([message('a'), message('b')]);
    const stop = new AbortController();
    const summary = await runQueueWorker(
      options(queue.client, async (_id, _body, signal) => {
        stop.abort();
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(signal.aborted).to.equal(false);
        return 'done';
      }),
      stop.signal,
    );
    expect(summary).to.deep.equal({ received: 1, deleted: 1, retried: 0, handedBack: 0, timedOut: 0 });
    expect(queue.drained()).to.equal(false);
  });

  it('on stop, aborts a job that outlives the stop timeout and hands its message back with visibility 0', async () => {
    const queue = fakeQueue([message('a')]);
    const stop = new AbortController();
    let jobSignal: AbortSignal | undefined;
    const summary = await runQueueWorker(
      options(
        queue.client,
        async (_id, _body, signal) => {
          jobSignal = signal;
          stop.abort();
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          return 'retry';
        },
        { stopTimeoutMs: 10 },
      ),
      stop.signal,
    );
    expect(jobSignal?.aborted).to.equal(true);
    expect(queue.calls(ChangeMessageVisibilityCommand)).to.deep.include({ QueueUrl: QUEUE_URL, ReceiptHandle: 'rh-a', VisibilityTimeout: 0 });
    expect(queue.calls(DeleteMessageCommand)).to.have.length(0);
    expect(summary).to.deep.equal({ received: 1, deleted: 0, retried: 0, handedBack: 1, timedOut: 0 });
  });

  it('hands back, unprocessed, a message its last long poll brought in after the stop', async () => {
    const sqs = mockClient(SQSClient);
    const stop = new AbortController();
    sqs.on(ReceiveMessageCommand).callsFake(async () => {
      stop.abort();
      return { Messages: [message('late')] };
    });
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    let handled = 0;
    const summary = await runQueueWorker(
      options(new SQSClient({ region: 'ap-southeast-2' }), async () => {
        handled += 1;
        return 'done';
      }),
      stop.signal,
    );
    expect(handled).to.equal(0);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input)).to.deep.equal([{ QueueUrl: QUEUE_URL, ReceiptHandle: 'rh-late', VisibilityTimeout: 0 }]);
    expect(summary).to.deep.equal({ received: 1, deleted: 0, retried: 0, handedBack: 1, timedOut: 0 });
  });

  it('keeps polling after a failed receive', async () => {
    const sqs = mockClient(SQSClient);
    const stop = new AbortController();
    sqs.on(ReceiveMessageCommand).rejectsOnce(new Error('throttled')).resolves({ Messages: [message('a')] });
    sqs.on(DeleteMessageCommand).resolves({});
    const warnings: string[] = [];
    const summary = await runQueueWorker(
      options(
        new SQSClient({ region: 'ap-southeast-2' }),
        async () => {
          stop.abort();
          return 'done';
        },
        { receiveRetryMs: 1, log: (_level, text) => warnings.push(text) },
      ),
      stop.signal,
    );
    expect(warnings).to.include('receive failed; retrying');
    expect(summary.deleted).to.equal(1);
  });
});
