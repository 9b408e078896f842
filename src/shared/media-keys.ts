/** Which media item an object key belongs to. Keys are ours, never a user's file name. */
const ORIGINAL = /^originals\/(image|video)\/([A-Za-z0-9_-]{8,64})\.[a-z0-9]{2,5}$/;
const DERIVED = /^derived\/([A-Za-z0-9_-]{8,64})\/(?:v([1-9]\d{0,5})\/)?([a-z0-9-]+\.[a-z0-9]{2,5})$/;

export interface OriginalClaim {
  readonly mediaId: string;
  readonly mediaClass: 'image' | 'video';
}

export function parseOriginalKey(key: string): OriginalClaim | undefined {
  const match = ORIGINAL.exec(key);
  return match ? { mediaClass: match[1] as 'image' | 'video', mediaId: match[2]! } : undefined;
}

/** A rendition key; `recipeVersion` is absent for keys from before recipes had versions. */
export function parseDerivedKey(key: string): { readonly mediaId: string; readonly fileName: string; readonly recipeVersion?: number } | undefined {
  const match = DERIVED.exec(key);
  return match ? { mediaId: match[1]!, fileName: match[3]!, ...(match[2] ? { recipeVersion: Number(match[2]) } : {}) } : undefined;
}
