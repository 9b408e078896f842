/** Lambda entry: album-deleter, fed by its own queue with the API's album deletion requests. */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

import { integer } from '../../shared/config.js';
import { isPermanent } from '../../shared/errors.js';
import { logger } from '../../shared/logger.js';
import { parseAlbumDeletionRequest } from '../../shared/album-deletion-requests.js';
import { deleteAlbumStep } from '../album-deletion.js';
import { jobEnvironment } from '../job-environment.js';

const { config, store, albumDeletions: queue } = jobEnvironment({ ALBUM_DELETION_SETTLE_SECONDS: integer({ fallback: 60, min: 0, max: 900 }) });
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
