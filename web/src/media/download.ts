/**
 * Saving an original. The signed URL answers with Content-Disposition: attachment, so following it
 * saves the file and leaves the page where it is; `download` names it for a same-origin URL, where
 * the browser honours the attribute. The file streams to disk: nothing is held in memory, which
 * matters for a video of gigabytes.
 */

/** How long after starting a download a page-leave warning is taken to be about it. */
const LEAVE_WARNING_GRACE_MS = 2_000;

let savingUntil = 0;

export function saveFromUrl(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  savingUntil = Date.now() + LEAVE_WARNING_GRACE_MS;
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * True just after a download started: the browser treats following a cross-origin URL as leaving
 * the page until the answer turns out to be a file, and the uploads' "leave this page?" warning
 * must not ask about that.
 */
export const isSavingFile = (): boolean => Date.now() < savingUntil;
