/**
 * Moderation as the owner and share links see it. A moderation processor (image-moderation on a
 * photo's `web` rendition, poster-moderation on a video's poster frame) records its finding on the
 * media item; nothing reaches a share link until a finding says it is clear or its owner has
 * allowed it after seeing why it was held back.
 */
import { processorAttribute, type MediaItem, type ProcessorState } from './media-store.js';
import type { MediaClass } from './registry.js';

/** The processor that checks each media class; both record their finding in MODERATION_ATTRIBUTE. */
export const MODERATION_PROCESSORS: Readonly<Record<MediaClass, string>> = { image: 'image-moderation', video: 'poster-moderation' };

export const MODERATION_ATTRIBUTE = 'moderation';
/**
 * The owner's allowance of a held-back item into share links: when, and the categories it was held
 * back for. It covers any later finding of those categories (a repeated event, a reprocess), not a
 * new one.
 */
export const MODERATION_ALLOWANCE = 'moderationAllowance';

export interface ModerationAllowance {
  readonly at: string;
  readonly categories: readonly string[];
}

export interface ModerationLabel {
  readonly name: string;
  /** The top-level category of Rekognition's moderation taxonomy the label falls under. */
  readonly category: string;
  readonly confidence: number;
}

export interface ModerationFinding {
  readonly flagged: boolean;
  /** Categories that flagged the item, in the order Rekognition ranked them. */
  readonly categories: readonly string[];
  readonly labels: readonly ModerationLabel[];
  readonly modelVersion?: string;
}

/**
 * `pending`: not checked yet. `clear`: checked, nothing found. `flagged`: checked and found.
 * `unchecked`: the check could not be made (too small for Rekognition, or it kept failing).
 */
export type ModerationState = 'pending' | 'clear' | 'flagged' | 'unchecked';

export interface ModerationView {
  readonly state: ModerationState;
  readonly categories: readonly string[];
  /** The owner has allowed this held-back item into share links. */
  readonly allowed: boolean;
}

export function moderationOf(media: MediaItem): ModerationView {
  const run = media[processorAttribute(MODERATION_PROCESSORS[media.mediaClass])] as ProcessorState | undefined;
  const finding = media[MODERATION_ATTRIBUTE] as ModerationFinding | null | undefined;
  if (!run) return { state: 'pending', categories: [], allowed: false };
  const state: ModerationState = run.status === 'succeeded' && finding ? (finding.flagged ? 'flagged' : 'clear') : 'unchecked';
  const categories = state === 'flagged' ? (finding?.categories ?? []) : [];
  const allowance = media[MODERATION_ALLOWANCE] as ModerationAllowance | undefined;
  const allowed = state !== 'clear' && Array.isArray(allowance?.categories) && categories.every((c) => allowance.categories.includes(c));
  return { state, categories, allowed };
}

/** Whether a share link may show the item (its other rules live with the links). */
export function isClearedForSharing(media: MediaItem): boolean {
  const { state, allowed } = moderationOf(media);
  return state === 'clear' || allowed;
}

/** Whether the owner can allow the item into share links: only once it has been held back. */
export const canBeAllowed = (media: MediaItem): boolean => ['flagged', 'unchecked'].includes(moderationOf(media).state);
