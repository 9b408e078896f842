/**
 * A failed item's reason in plain words. Processors already write a readable sentence; this adds
 * the headline a person scans for in a grid, from what the sentence says happened.
 */
export function failureHeadline(reason: string | undefined, mediaClass: 'image' | 'video'): string {
  return failureWords(reason, mediaClass).headline;
}

/** The same, in two or three words: what fits on a phone's tile without being cut mid-word. */
export function failureLabel(reason: string | undefined, mediaClass: 'image' | 'video'): string {
  return failureWords(reason, mediaClass).label;
}

function failureWords(reason: string | undefined, mediaClass: 'image' | 'video'): { headline: string; label: string } {
  const text = reason ?? '';
  const what = mediaClass === 'video' ? 'video' : 'file';
  const What = mediaClass === 'video' ? 'Video' : 'File';
  if (/damaged|truncated|empty|cannot be decoded|does not read/i.test(text)) return { headline: `This ${what} is damaged and cannot be shown`, label: `Damaged ${what}` };
  if (/not supported|unsupported|upload (jpeg|png|a photo)/i.test(text)) return { headline: `This kind of ${what} is not supported`, label: `${What} type not supported` };
  if (/too (many|large|long|big)|megapixels|limit/i.test(text)) return { headline: `This ${what} is too large to process`, label: `${What} too large` };
  return { headline: `This ${what} could not be processed`, label: 'Could not process' };
}
