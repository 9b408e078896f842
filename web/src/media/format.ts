/**
 * Dates, lengths and counts in the person's own words: the browser's locale, never a fixed format.
 */
import type { AlbumCounts, Media } from '../api/client.js';

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** "12 photos · 3 videos · 1 failed", leaving out what is zero; "Empty" for an empty album. */
export function countsParts(counts: AlbumCounts): { readonly text: string; readonly failed?: string } {
  const parts = [counts.photos > 0 && plural(counts.photos, 'photo', 'photos'), counts.videos > 0 && plural(counts.videos, 'video', 'videos')].filter((part): part is string => typeof part === 'string');
  return { text: parts.length > 0 ? parts.join(' · ') : 'Empty', ...(counts.failed > 0 ? { failed: `${counts.failed} failed` } : {}) };
}

const CAMERA_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

export interface TakenTime {
  /** For <time datetime>. */
  readonly machine: string;
  readonly text: string;
}

/**
 * When the item was taken. A camera's local time (EXIF, with or without its offset) is shown as
 * the camera wrote it, the wall clock the person saw where they were, so a photo taken at 15:56 in
 * Tokyo reads 15:56 in Sydney too. A time in UTC (a video's creation_time) says nothing of where
 * it was taken, so like takenAt (the upload time for files that carry none) it is shown in the
 * viewer's own time zone.
 */
export function takenTime(media: Pick<Media, 'capturedAt' | 'takenAt'>): TakenTime | undefined {
  const local = media.capturedAt !== undefined && !/Z$/i.test(media.capturedAt);
  const camera = local && media.capturedAt ? CAMERA_TIME.exec(media.capturedAt) : null;
  if (camera && media.capturedAt) {
    const [, year, month, day, hour, minute, second] = camera;
    const wallClock = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0)));
    if (!Number.isNaN(wallClock.getTime())) {
      const format = new Intl.DateTimeFormat(undefined, hour === undefined ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
      return { machine: media.capturedAt, text: format.format(wallClock) };
    }
  }
  // A UTC capture time is takenAt already: the API takes the timeline's instant from it.
  const instant = new Date(media.takenAt);
  if (Number.isNaN(instant.getTime())) return undefined;
  return { machine: instant.toISOString(), text: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(instant) };
}

/** A video's length as a player shows it: 0:07, 12:30, 1:02:03. */
export function durationText(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** The same length for <time datetime>, as an ISO 8601 duration. */
export const durationMachine = (seconds: number): string => `PT${Math.max(0, Math.round(seconds))}S`;

/**
 * The month (YYYY-MM, UTC) an item belongs to on the timeline: the API counts months of takenAt in
 * UTC, so the headings must too or an item near midnight would sit under a month the jump list
 * does not count it in.
 */
export function monthOf(media: Pick<Media, 'takenAt' | 'createdAt'>): string {
  const taken = new Date(media.takenAt);
  return (Number.isNaN(taken.getTime()) ? media.createdAt : taken.toISOString()).slice(0, 7);
}

const monthParts = (month: string): [number, number] => {
  const [year, number] = month.split('-').map(Number);
  return [year ?? 1970, number ?? 1];
};

/** "May 2008" (or the locale's way of saying it) for YYYY-MM. */
export function monthLabel(month: string, style: 'long' | 'month-only' = 'long'): string {
  const [year, number] = monthParts(month);
  const date = new Date(Date.UTC(year, number - 1, 1));
  return new Intl.DateTimeFormat(undefined, style === 'long' ? { month: 'long', year: 'numeric', timeZone: 'UTC' } : { month: 'long', timeZone: 'UTC' }).format(date);
}

/** The first instant after YYYY-MM: the timeline's `to` that starts a page at that month. */
export function nextMonthStart(month: string): string {
  const [year, number] = monthParts(month);
  return new Date(Date.UTC(year, number, 1)).toISOString().replace('.000Z', 'Z');
}
