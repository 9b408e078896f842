/** Builds the routes' dependencies from configuration and clients (the Lambda entry and the tests share it). */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import type { ApiConfig } from './config.js';
import { cursorCodec } from './cursor.js';
import { cloudFrontMediaUrlSigner, type MediaUrlSigner, s3MediaUrlSigner, ssmPrivateKey } from './media-urls.js';
import type { ApiDeps } from './routes.js';

/** Everything the routes need, built from configuration and clients; tests build it against moto. */
export function apiDeps(config: ApiConfig, clients: { s3: S3Client; dynamodb: DynamoDBClient; ssm?: SSMClient }): ApiDeps {
  const signer: MediaUrlSigner =
    config.MEDIA_URL_SIGNER === 'cloudfront'
      ? cloudFrontMediaUrlSigner({
          domain: config.CLOUDFRONT_DOMAIN,
          keyPairId: config.CLOUDFRONT_KEY_PAIR_ID,
          expiresInSeconds: config.MEDIA_URL_TTL_SECONDS,
          privateKey: ssmPrivateKey(clients.ssm ?? new SSMClient({}), config.CLOUDFRONT_PRIVATE_KEY_PARAMETER),
        })
      : s3MediaUrlSigner(clients.s3, config.DERIVED_BUCKET, config.MEDIA_URL_TTL_SECONDS);
  return {
    store: {
      doc: DynamoDBDocumentClient.from(clients.dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
      s3: clients.s3,
      tableName: config.TABLE_NAME,
      originalsBucket: config.ORIGINALS_BUCKET,
      derivedBucket: config.DERIVED_BUCKET,
    },
    cursors: cursorCodec(config.CURSOR_KEY),
    signer,
    limits: { maxBytes: { image: config.IMAGE_MAX_BYTES, video: config.VIDEO_MAX_BYTES } },
    uploadUrlTtlSeconds: config.UPLOAD_URL_TTL_SECONDS,
    uploadRecordTtlSeconds: config.UPLOAD_RECORD_TTL_SECONDS,
    maxBodyBytes: config.MAX_BODY_BYTES,
  };
}
