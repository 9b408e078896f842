/**
 * The album deletion queue's messages: the API sends them, the album deleter (and the sweeper, for
 * a deletion that stalled) reads and re-sends them (src/maintenance/album-deletion.ts).
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

import { PermanentError } from './errors.js';

export interface AlbumDeletionRequest {
  readonly ownerId: string;
  readonly albumId: string;
  /** How many empty looks in a row have been made; the album goes after the second. */
  readonly emptyLooks?: number;
}

/** Where deletion requests go: SQS in AWS and locally; tests may hand them straight to the deleter. */
export interface AlbumDeletionQueue {
  request(request: AlbumDeletionRequest, delaySeconds?: number): Promise<void>;
}

export const sqsAlbumDeletionQueue = (sqs: SQSClient, queueUrl: string): AlbumDeletionQueue => ({
  request: async (request, delaySeconds = 0) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(request), DelaySeconds: delaySeconds }));
  },
});

export function parseAlbumDeletionRequest(body: string): AlbumDeletionRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new PermanentError('malformed_request', 'an album deletion request must be JSON');
  }
  const { ownerId, albumId, emptyLooks = 0 } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof ownerId !== 'string' || !ownerId || typeof albumId !== 'string' || !albumId || typeof emptyLooks !== 'number' || !Number.isInteger(emptyLooks) || emptyLooks < 0) {
    throw new PermanentError('malformed_request', 'an album deletion request needs ownerId, albumId and a whole emptyLooks');
  }
  return { ownerId, albumId, emptyLooks };
}

