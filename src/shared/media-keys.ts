/** Which media item an object key belongs to. Keys are ours, never a user's file name. */
const ORIGINAL = /^originals\/(image|video)\/([A-Za-z0-9_-]{8,64})\.[a-z0-9]{2,5}$/;
const DERIVED = /^derived\/([A-Za-z0-9_-]{8,64})\/([a-z0-9-]+\.[a-z0-9]{2,5})$/;

export interface OriginalClaim {
  readonly mediaId: string;
  readonly mediaClass: 'image' | 'video';
}

export function parseOriginalKey(key: string): OriginalClaim | undefined {
  const match = ORIGINAL.exec(key);
  return match ? { mediaClass: match[1] as 'image' | 'video', mediaId: match[2]! } : undefined;
}

export function parseDerivedKey(key: string): { readonly mediaId: string; readonly fileName: string } | undefined {
  const match = DERIVED.exec(key);
  return match ? { mediaId: match[1]!, fileName: match[2]! } : undefined;
}
