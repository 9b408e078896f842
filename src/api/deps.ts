/** Builds the routes' dependencies from configuration and clients (the Lambda entry and the tests share it). */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';

import type { ApiConfig } from './config.js';
import { cursorCodec } from './cursor.js';
import { cloudFrontMediaUrlSigner, type MediaUrlSigner, s3MediaUrlSigner } from './media-urls.js';
import { type ProcessorQueues, sqsProcessorQueues } from './retry.js';
import type { ApiDeps } from './routes.js';
import { lazySsmClient, ssmSecureString } from './secrets.js';
import { cloudFrontSigningKey } from './signing-key.js';
import { type AlbumDeletionQueue, sqsAlbumDeletionQueue } from '../shared/album-deletion-requests.js';
import { documentClient } from '../shared/document-client.js';
import { sqsMessageSender } from '../shared/message-sender.js';

export interface ApiClients {
  readonly s3: S3Client;
  /** Signs upload POSTs; differs from `s3` only when uploads go through Transfer Acceleration. */
  readonly uploadS3?: S3Client;
  readonly dynamodb: DynamoDBClient;
  /** Created (and its module loaded) on demand when a secret lives in SSM. */
  readonly ssm?: SSMClient;
  /** Sends album deletion requests and retries; created (and its module loaded) on the first send. */
  readonly sqs?: SQSClient;
  /** Where album deletions are requested; SQS unless a test hands in its own. */
  readonly albumDeletions?: AlbumDeletionQueue;
  /** Where retries send work; SQS (PROCESSOR_QUEUE_URLS) unless a test hands in its own. */
  readonly processorQueues?: ProcessorQueues;
}

/**
 * The API's S3 clients: one for reads and deletes, and one for presigned upload POSTs, which use
 * the accelerate endpoint when S3_ACCELERATE_UPLOADS is set (everything else stays on the regional
 * endpoint: acceleration is billed per transfer and only helps distant uploaders).
 */
export function apiS3Clients(config: ApiConfig, base: S3ClientConfig = {}): { s3: S3Client; uploadS3: S3Client } {
  const s3 = new S3Client({ ...base, forcePathStyle: config.S3_FORCE_PATH_STYLE });
  return { s3, uploadS3: config.S3_ACCELERATE_UPLOADS ? new S3Client({ ...base, useAccelerateEndpoint: true }) : s3 };
}

/** Everything the routes need, built from configuration and clients; tests build it against moto. */
export function apiDeps(config: ApiConfig, clients: ApiClients): ApiDeps {
  const ssm = lazySsmClient(clients.ssm);
  const ssmParameter = (name: string) => ssmSecureString(ssm, name);
  const send = sqsMessageSender(clients.sqs);
  const windowing = { ttlSeconds: config.MEDIA_URL_TTL_SECONDS, windowSeconds: config.MEDIA_URL_WINDOW_SECONDS };
  // Built once per container, so its memoised signatures serve every request the container takes.
  const signer: MediaUrlSigner =
    config.MEDIA_URL_SIGNER === 'cloudfront'
      ? cloudFrontMediaUrlSigner({
          ...windowing,
          domain: config.CLOUDFRONT_DOMAIN,
          signingKey: cloudFrontSigningKey(ssm, config),
        })
      : s3MediaUrlSigner(clients.s3, config.DERIVED_BUCKET, windowing);
  const cursorKey = config.CURSOR_KEY_PARAMETER ? ssmParameter(config.CURSOR_KEY_PARAMETER) : async () => config.CURSOR_KEY;
  return {
    store: {
      doc: documentClient(clients.dynamodb),
      s3: clients.s3,
      tableName: config.TABLE_NAME,
      originalsBucket: config.ORIGINALS_BUCKET,
      derivedBucket: config.DERIVED_BUCKET,
    },
    uploadS3: clients.uploadS3 ?? clients.s3,
    albumDeletions: clients.albumDeletions ?? sqsAlbumDeletionQueue(send, config.ALBUM_DELETION_QUEUE_URL),
    cursors: cursorCodec(cursorKey),
    signer,
    processorQueues: clients.processorQueues ?? sqsProcessorQueues(send, config.PROCESSOR_QUEUE_URLS),
    originalUrlTtlSeconds: config.ORIGINAL_URL_TTL_SECONDS,
    limits: { maxBytes: { image: config.IMAGE_MAX_BYTES, video: config.VIDEO_MAX_BYTES } },
    uploadUrlTtlSeconds: config.UPLOAD_URL_TTL_SECONDS,
    uploadRecordTtlSeconds: config.UPLOAD_RECORD_TTL_SECONDS,
    maxBodyBytes: config.MAX_BODY_BYTES,
  };
}
