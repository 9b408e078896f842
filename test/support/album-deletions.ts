import type { AlbumDeletionQueue } from '../../src/shared/album-deletion-requests.js';
import type { MediaDeletionStore } from '../../src/shared/media-deletion.js';
import { deleteAlbumStep } from '../../src/maintenance/album-deletion.js';

/**
 * An album deletion queue that runs the album deleter at once, step after step, without a settle
 * delay: for in-process API tests that check what a finished album delete leaves behind.
 */
export function inlineAlbumDeletions(store: MediaDeletionStore, options: { pageSize?: number } = {}): AlbumDeletionQueue {
  const queue: AlbumDeletionQueue = {
    request: async (request) => {
      await deleteAlbumStep(store, queue, request, { settleSeconds: 0, ...options });
    },
  };
  return queue;
}
