/**
 * The image processors running against a moto stack in this process: the real handler modules,
 * fed by the same poller `make dev` uses.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { functionEnvironment } from '../../src/local/function-environment.js';
import { pollOnce, type SqsHandler } from '../../src/local/poller.js';
import { createMedia, getMedia, type MediaItem } from '../../src/shared/media-store.js';
import { processorNamed } from '../../src/shared/registry.js';
import { originalKey } from '../../src/shared/topology.js';
import { startTestStack, TEST_REGION, type TestStack } from './local-stack.js';

export interface ImageStack extends TestStack {
  readonly doc: DynamoDBDocumentClient;
  readonly handlers: Readonly<Record<string, SqsHandler>>;
  restoreEnv(): void;
}

export const IMAGE_PROCESSORS = ['image-variants', 'image-labels', 'image-moderation', 'poster-moderation'] as const;

export async function startImageStack(prefix: string, options: Parameters<typeof startTestStack>[1] = {}): Promise<ImageStack> {
  const stack = await startTestStack(prefix, options);
  const saved = { ...process.env };
  Object.assign(process.env, functionEnvironment(stack.stack.topology, { endpoint: stack.moto.endpoint, region: TEST_REGION }, 'test'), { POWERTOOLS_LOG_LEVEL: 'SILENT' });
  const handlers: Record<string, SqsHandler> = {};
  for (const name of IMAGE_PROCESSORS) {
    // Handlers read their configuration at import, as on a Lambda cold start. Node caches a module
    // per URL, so the query string gives each stack in one mocha process its own cold start.
    handlers[name] = ((await import(`../../${processorNamed(name).entry}?stack=${prefix}`)) as { handler: SqsHandler }).handler;
  }
  return {
    ...stack,
    doc: DynamoDBDocumentClient.from(stack.clients.dynamodb),
    handlers,
    restoreEnv: () => {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    },
  };
}

const CONTENT_TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.heic': 'image/heic', '.tiff': 'image/tiff' };

/** What the API does for an upload: the media record (with the checksum the client declared, if any), then the browser's POST of the bytes. */
export async function uploadImage(env: ImageStack, file: string, ownerId = 'owner-1', sha256?: string): Promise<string> {
  const mediaId = randomUUID();
  const extension = extname(file).toLowerCase();
  const key = originalKey('image', mediaId, extension.slice(1));
  await createMedia(
    { doc: env.doc, tableName: env.stack.topology.tableName },
    { mediaId, ownerId, albumId: 'album-1', mediaClass: 'image', originalKey: key, contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream', fileName: file, createdAt: new Date().toISOString(), expiresAt: Math.floor(Date.now() / 1000) + 3600, ...(sha256 ? { sha256 } : {}) },
  );
  await env.clients.s3.send(new PutObjectCommand({ Bucket: env.stack.topology.buckets.originals, Key: key, Body: readFileSync(file) }));
  return mediaId;
}

/** Polls every image processor's queue until a whole round finds nothing left to do. */
export async function runUntilIdle(env: ImageStack, { maxRounds = 200, only = IMAGE_PROCESSORS as readonly string[] } = {}): Promise<void> {
  let idleRounds = 0;
  for (let round = 0; round < maxRounds && idleRounds < 2; round += 1) {
    let received = 0;
    for (const name of only) {
      const queue = env.stack.queues[name]!;
      const outcome = await pollOnce({
        sqs: env.clients.sqs,
        queueUrl: queue.url,
        queueArn: queue.arn,
        region: TEST_REGION,
        functionName: name,
        batchSize: processorNamed(name).batchSize,
        timeoutMs: processorNamed(name).timeoutSeconds * 1000,
        waitTimeSeconds: 0,
        handler: env.handlers[name]!,
      });
      received += outcome.received;
    }
    idleRounds = received === 0 ? idleRounds + 1 : 0;
  }
}

export const mediaItem = async (env: ImageStack, mediaId: string): Promise<MediaItem | undefined> => getMedia({ doc: env.doc, tableName: env.stack.topology.tableName }, mediaId);

export async function derivedObject(env: ImageStack, key: string): Promise<{ body: Buffer; contentType?: string; cacheControl?: string }> {
  const response = await env.clients.s3.send(new GetObjectCommand({ Bucket: env.stack.topology.buckets.derived, Key: key }));
  return { body: Buffer.from(await response.Body!.transformToByteArray()), contentType: response.ContentType, cacheControl: response.CacheControl };
}

export async function derivedKeysOf(env: ImageStack, mediaId: string): Promise<string[]> {
  const { Contents = [] } = await env.clients.s3.send(new ListObjectsV2Command({ Bucket: env.stack.topology.buckets.derived, Prefix: `derived/${mediaId}/` }));
  return Contents.map((c) => c.Key!).sort();
}
