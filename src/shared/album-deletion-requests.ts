/**
 * The album deletion queue's messages: the API sends them, the album deleter (and the sweeper, for
 * a deletion that stalled) reads and re-sends them (src/maintenance/album-deletion.ts).
 */
import { PermanentError } from './errors.js';
import type { MessageSender } from './message-sender.js';

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

export const sqsAlbumDeletionQueue = (send: MessageSender, queueUrl: string): AlbumDeletionQueue => ({
  request: (request, delaySeconds = 0) => send(queueUrl, JSON.stringify(request), delaySeconds),
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

