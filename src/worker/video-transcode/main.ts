/**
 * The video-transcode worker: the container's entry point on ECS Fargate and the process `make dev`
 * starts. Configuration, clients and signals live here; the work is in plain functions.
 */
import { tmpdir } from 'node:os';

import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';

import { awsRuntimeSpec, integer, loadConfig, string } from '../../shared/config.js';
import { logger } from '../../shared/logger.js';
import { processorNamed } from '../../shared/registry.js';
import { documentClient } from '../../shared/document-client.js';
import { DEFAULT_MAX_BYTES } from '../../shared/media-types.js';
import { messageHandler } from './message-handler.js';
import { runQueueWorker } from './queue-worker.js';
import { PROCESSOR_NAME, videoTranscodeProcessor } from './transcode-job.js';

const definition = processorNamed(PROCESSOR_NAME);

const config = loadConfig({
  ...awsRuntimeSpec,
  TABLE_NAME: string(),
  ORIGINALS_BUCKET: string(),
  DERIVED_BUCKET: string(),
  QUEUE_URL: string(),
  SCRATCH_DIR: string(tmpdir()),
  RECEIVE_WAIT_SECONDS: integer({ fallback: 20, min: 0, max: 20 }),
  WORKER_CONCURRENCY: integer({ fallback: 1, min: 1, max: 16 }),
  VISIBILITY_TIMEOUT_SECONDS: integer({ fallback: definition.visibilityTimeoutSeconds, min: 30, max: 43_200 }),
  STOP_TIMEOUT_SECONDS: integer({ fallback: 110, min: 1, max: 3600 }),
  JOB_TIMEOUT_SECONDS: integer({ fallback: definition.timeoutSeconds, min: 1, max: 43_200 }),
  MAX_DURATION_SECONDS: integer({ fallback: 7200, min: 1 }),
  MAX_INPUT_BYTES: integer({ fallback: DEFAULT_MAX_BYTES.video, min: 1024 }),
  FFMPEG_PATH: string('ffmpeg'),
  FFPROBE_PATH: string('ffprobe'),
});

const s3 = new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE });
const deps = {
  s3,
  doc: documentClient(),
  tableName: config.TABLE_NAME,
  derivedBucket: config.DERIVED_BUCKET,
};
const options = {
  scratchDir: config.SCRATCH_DIR,
  maxInputBytes: config.MAX_INPUT_BYTES,
  limits: { maxDurationSeconds: config.MAX_DURATION_SECONDS, maxLongSide: 7680, maxShortSide: 4320 },
  ffmpegPath: config.FFMPEG_PATH,
  ffprobePath: config.FFPROBE_PATH,
};

const handle = messageHandler(videoTranscodeProcessor(deps, config.ORIGINALS_BUCKET, options));

const stop = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info('stop requested: no new jobs; finishing or handing back the current ones', { signal });
    stop.abort();
  });
}

logger.info('video-transcode worker started', { queueUrl: config.QUEUE_URL, concurrency: config.WORKER_CONCURRENCY });
const summary = await runQueueWorker(
  {
    sqs: new SQSClient({}),
    queueUrl: config.QUEUE_URL,
    handle,
    concurrency: config.WORKER_CONCURRENCY,
    waitTimeSeconds: config.RECEIVE_WAIT_SECONDS,
    visibilityTimeoutSeconds: config.VISIBILITY_TIMEOUT_SECONDS,
    stopTimeoutMs: config.STOP_TIMEOUT_SECONDS * 1000,
    jobTimeoutMs: config.JOB_TIMEOUT_SECONDS * 1000,
    log: (level, message, details) => logger[level](message, details ?? {}),
  },
  stop.signal,
);
logger.info('video-transcode worker stopped', { ...summary });
process.exit(0);
