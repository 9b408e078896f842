import { useEffect, useRef, useState } from 'preact/hooks';

import type { Media } from '../api/client.js';
import { isPending, PendingPoller } from '../media/poll.js';
import { useServices } from './context.js';

export interface MediaPage {
  readonly items: Media[];
  readonly nextCursor?: string;
}

/**
 * A paged list of media that keeps itself current: pages load as the grid nears its end, items
 * still uploading or processing are polled until they settle, and local changes (a new upload, a
 * deletion) show at once. `onSettled` hears of each item the polling saw change, with how it was
 * before, so a page can keep its own counts without asking the API again.
 */
export function useMediaList(fetchPage: (cursor?: string) => Promise<MediaPage>, key: string, onSettled?: (before: Media | undefined, after: Media) => void) {
  const { api } = useServices();
  const [items, setItems] = useState<Media[] | undefined>();
  const current = useRef<Media[] | undefined>(undefined);
  current.current = items;
  const settled = useRef(onSettled);
  settled.current = onSettled;
  const [error, setError] = useState<string | undefined>();
  const next = useRef<string | undefined>(undefined);
  const loading = useRef(false);
  const done = useRef(false);
  const poller = useRef<PendingPoller | undefined>(undefined);

  const upsert = (media: Media, atTop = false) =>
    setItems((previous) => {
      const list = previous ?? [];
      const at = list.findIndex((m) => m.mediaId === media.mediaId);
      if (at >= 0) return list.map((m, i) => (i === at ? media : m));
      return atTop ? [media, ...list] : [...list, media];
    });
  const removeAll = (mediaIds: Iterable<string>) => {
    const gone = new Set(mediaIds);
    poller.current?.forget(gone);
    setItems((previous) => previous?.filter((m) => !gone.has(m.mediaId)));
  };
  const remove = (mediaId: string) => removeAll([mediaId]);

  const loadMore = async () => {
    if (loading.current || done.current) return;
    loading.current = true;
    try {
      const page = await fetchPage(next.current);
      next.current = page.nextCursor;
      done.current = !page.nextCursor;
      setItems((previous) => {
        const seen = new Set((previous ?? []).map((m) => m.mediaId));
        return [...(previous ?? []), ...page.items.filter((m) => !seen.has(m.mediaId))];
      });
      poller.current?.watch(page.items.filter(isPending).map((m) => m.mediaId));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      loading.current = false;
    }
  };

  useEffect(() => {
    setItems(undefined);
    setError(undefined);
    next.current = undefined;
    done.current = false;
    const watcher = new PendingPoller(
      api,
      (media) => {
        const before = current.current?.find((m) => m.mediaId === media.mediaId);
        // Only what is still listed: an item moved out of this album while it was processing is
        // still the person's, and must not come back when its processing ends.
        if (!before) return;
        if (before.status !== media.status) settled.current?.(before, media);
        upsert(media);
      },
      remove,
    );
    poller.current = watcher;
    void loadMore();
    return () => watcher.stop();
  }, [key]);

  return {
    items,
    error,
    loadMore: () => void loadMore(),
    /** A new item (just uploaded): shown first and watched until it settles. */
    add: (media: Media) => {
      upsert(media, true);
      if (isPending(media)) poller.current?.watch([media.mediaId]);
    },
    /** An item changed here (a caption, a move, a retry): replaced where it is, and watched again if it is pending. */
    update: (media: Media) => {
      setItems((previous) => previous?.map((m) => (m.mediaId === media.mediaId ? media : m)));
      if (isPending(media)) poller.current?.watch([media.mediaId]);
    },
    remove,
    /** Many items gone at once (a bulk delete or move): one update of the list. */
    removeAll,
  };
}
