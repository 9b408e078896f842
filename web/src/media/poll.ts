/**
 * Watches items that are still uploading or processing until each is ready or failed: quick at
 * first (a photo is usually ready within seconds), backing off to a slow pace for long videos, and
 * silent when nothing is pending.
 */
import type { ApiClient, Media } from '../api/client.js';

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 15_000;
const BACKOFF = 1.6;
/** Items asked about per round: a 300-file drop must not become 300 requests a second. */
const PER_ROUND = 24;

export const isPending = (media: Media): boolean => media.status === 'uploading' || media.status === 'processing';

export class PendingPoller {
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delay = FIRST_DELAY_MS;
  private cursor = 0;
  private stopped = false;

  constructor(
    private readonly api: ApiClient,
    private readonly onChange: (media: Media) => void,
    private readonly onGone: (mediaId: string) => void,
  ) {}

  /** Starts (or speeds up) watching these items. */
  watch(mediaIds: Iterable<string>): void {
    let added = false;
    for (const id of mediaIds) {
      if (!this.pending.has(id)) added = true;
      this.pending.add(id);
    }
    if (added) {
      this.delay = FIRST_DELAY_MS;
      this.schedule();
    }
  }

  /** Stops watching these items (deleted or moved away here): the page has let them go. */
  forget(mediaIds: Iterable<string>): void {
    for (const id of mediaIds) this.pending.delete(id);
  }

  get size(): number {
    return this.pending.size;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped || this.pending.size === 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.round(), this.delay);
  }

  private async round(): Promise<void> {
    const ids = [...this.pending];
    const batch = ids.length <= PER_ROUND ? ids : [...ids, ...ids].slice(this.cursor % ids.length, (this.cursor % ids.length) + PER_ROUND);
    this.cursor += PER_ROUND;
    let changed = false;
    await Promise.all(
      batch.map(async (mediaId) => {
        try {
          const { data, response } = await this.api.GET('/api/media/{mediaId}', { params: { path: { mediaId } } });
          if (response.status === 404) {
            this.pending.delete(mediaId);
            this.onGone(mediaId);
            return;
          }
          if (!data) return;
          if (!isPending(data)) {
            this.pending.delete(mediaId);
            changed = true;
          }
          this.onChange(data);
        } catch {
          // Offline for a moment: the next round asks again.
        }
      }),
    );
    if (this.stopped) return;
    this.delay = changed ? FIRST_DELAY_MS : Math.min(MAX_DELAY_MS, this.delay * BACKOFF);
    this.schedule();
  }
}
