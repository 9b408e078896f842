/** Lambda entry: album-deleter, fed by its own queue with the API's album deletion requests. */
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

import { awsRuntimeSpec, integer, loadConfig, string } from '../../shared/config.js';
import { documentClient } from '../../shared/document-client.js';
import { isPermanent } from '../../shared/errors.js';
import { logger } from '../../shared/logger.js';
import { parseAlbumDeletionRequest, sqsAlbumDeletionQueue } from '../../shared/album-deletion-requests.js';
import { deleteAlbumStep } from '../album-deletion.js';

const config = loadConfig({
  ...awsRuntimeSpec,
  TABLE_NAME: string(),
  ORIGINALS_BUCKET: string(),
  DERIVED_BUCKET: string(),
  ALBUM_DELETION_QUEUE_URL: string(),
  ALBUM_DELETION_SETTLE_SECONDS: integer({ fallback: 60, min: 0, max: 900 }),
});

const store = {
  doc: documentClient(),
  s3: new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }),
  tableName: config.TABLE_NAME,
  originalsBucket: config.ORIGINALS_BUCKET,
  derivedBucket: config.DERIVED_BUCKET,
};
const queue = sqsAlbumDeletionQueue(new SQSClient({}), config.ALBUM_DELETION_QUEUE_URL);
const batchProcessor = new BatchProcessor(EventType.SQS);

async function handleRecord(record: SQSRecord): Promise<void> {
  let request;
  try {
    request = parseAlbumDeletionRequest(record.body);
  } catch (error) {
    if (!isPermanent(error)) throw error;
    // Unreadable now means unreadable forever: consumed, loudly, rather than retried into the DLQ.
    logger.error('discarding malformed album deletion request', { messageId: record.messageId, reason: error.message });
    return;
  }
  const log = logger.createChild({ persistentKeys: { albumId: request.albumId, correlation_id: request.albumId, messageId: record.messageId } });
  const step = await deleteAlbumStep(store, queue, request, { settleSeconds: config.ALBUM_DELETION_SETTLE_SECONDS });
  log.info('album deletion step', { ...step });
}

export const handler = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  return processPartialResponse(event, handleRecord, batchProcessor, { context, throwOnFullBatchFailure: false });
};
