/**
 * A failed item's reason in plain words. Processors already write a readable sentence; this adds
 * the headline a person scans for in a grid, from what the sentence says happened.
 */
export function failureHeadline(reason: string | undefined, mediaClass: 'image' | 'video'): string {
  const text = reason ?? '';
  const what = mediaClass === 'video' ? 'video' : 'file';
  if (/damaged|truncated|empty|cannot be decoded|does not read/i.test(text)) return `This ${what} is damaged and cannot be shown`;
  if (/not supported|unsupported|upload (jpeg|png|a photo)/i.test(text)) return `This kind of ${what} is not supported`;
  if (/too (many|large|long|big)|megapixels|limit/i.test(text)) return `This ${what} is too large to process`;
  return `This ${what} could not be processed`;
}
