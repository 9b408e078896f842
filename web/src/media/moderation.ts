/**
 * How moderation findings reach the person: a flagged item is blurred until they choose to see it
 * (for this visit only), and the viewer says why share links leave it out.
 */
import type { Media } from '../api/client.js';
import { createStore } from '../store.js';

/** Items the person has chosen to see this visit; a reload blurs them again. */
export const revealedMedia = createStore<ReadonlySet<string>>(new Set());

export const reveal = (mediaId: string): void => revealedMedia.set(new Set([...revealedMedia.get(), mediaId]));

export const isBlurred = (media: Media, revealed: ReadonlySet<string>): boolean => media.moderation.state === 'flagged' && !revealed.has(media.mediaId);

/** "Violence", "Violence and Alcohol", "Violence, Alcohol and Gambling". */
export function categoryList(categories: readonly string[]): string {
  if (categories.length <= 1) return categories[0] ?? 'sensitive content';
  return `${categories.slice(0, -1).join(', ')} and ${categories[categories.length - 1]}`;
}

/** What the owner is told about sharing, or undefined when there is nothing to say (a clear item). */
export function sharingNote(media: Media): string | undefined {
  const { state, categories, allowed } = media.moderation;
  const noun = media.mediaClass === 'video' ? 'video' : 'photo';
  if (state === 'flagged') {
    return allowed
      ? `Moderation flagged this ${noun} for ${categoryList(categories)}. You allowed it, so share links show it.`
      : `Moderation flagged this ${noun} for ${categoryList(categories)}, so share links do not show it.`;
  }
  if (state === 'unchecked') {
    return allowed ? `Moderation could not check this ${noun}. You allowed it, so share links show it.` : `Moderation could not check this ${noun}, so share links do not show it.`;
  }
  if (state === 'pending' && media.status === 'ready') return `This ${noun} is still being checked; share links show it once it is cleared.`;
  return undefined;
}
