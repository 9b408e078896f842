/**
 * `npm run -s smoke`: every file of a folder through the running API, as a browser would send it.
 * For each file: ask for an upload (the content type guessed from the extension), POST the bytes
 * to the presigned URL with its fields, then poll the media item until it is ready or failed. One
 * line per file on stdout, progress on stderr, and a last line `N ready, M failed, K lost`:
 * lost is neither within the timeout (or an upload that never reached S3), the only outcome that
 * makes the run fail. A type the API refuses is a `failed` file with the API's own message.
 *
 * The logic takes its HTTP client, file reader and clock as parameters; smoke-main.ts wires them.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

export const SMOKE_NAME = 'smoke';

/** Extension → the content type a browser would send; anything else goes as octet-stream and the API decides. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.avif': 'image/avif',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
};

export const contentTypeOf = (file: string): string => CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

export interface SmokeFile {
  /** Relative to the folder, e.g. `exif/Canon_40D.jpg`. */
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
}

/** Every regular file under dir, recursively, sorted by name. */
export function listSmokeFiles(dir: string): SmokeFile[] {
  const files: SmokeFile[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push({ name: relative(dir, path), path, bytes: statSync(path).size });
    }
  };
  walk(dir);
  return files.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export type Outcome =
  | { readonly name: string; readonly result: 'ready'; readonly width: number; readonly height: number; readonly variants: readonly string[] }
  | { readonly name: string; readonly result: 'failed' | 'lost'; readonly reason: string };

export function formatOutcome(outcome: Outcome): string {
  if (outcome.result === 'ready') return `ready   ${outcome.name}  ${outcome.width}x${outcome.height}  ${outcome.variants.join(',')}`;
  return `${outcome.result.padEnd(7)} ${outcome.name}  ${outcome.reason}`;
}

export interface SmokeSummary {
  readonly ready: number;
  readonly failed: number;
  readonly lost: number;
}

export const formatSummary = ({ ready, failed, lost }: SmokeSummary): string => `${ready} ready, ${failed} failed, ${lost} lost`;

export interface SmokeOptions {
  readonly apiUrl: string;
  /** A Cognito ID token of the smoke user. */
  readonly token: string;
  readonly files: readonly SmokeFile[];
  readonly readFile: (path: string) => Promise<Uint8Array>;
  readonly fetch: typeof fetch;
  /** How long each file may take from its upload to ready or failed. */
  readonly timeoutMs: number;
  readonly pollIntervalMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called with each file's outcome as it settles. */
  readonly onOutcome?: (outcome: Outcome) => void;
  readonly onProgress?: (progress: { readonly phase: 'upload' | 'wait'; readonly done: number; readonly total: number }) => void;
}

interface ApiReply {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
}

interface Variant {
  readonly width?: number;
  readonly height?: number;
}

interface MediaView {
  readonly status: string;
  readonly failureReason?: string;
  readonly variants?: Record<string, Variant>;
}

/** The API's `{"error":{"message"}}`, or the bare status when the body is not that shape. */
const apiMessage = (reply: ApiReply): string => {
  const error = reply.body?.error as { message?: unknown } | undefined;
  return typeof error?.message === 'string' ? error.message : `HTTP ${reply.status}`;
};

/** Size of the largest variant: the upright image as the web rendition shows it. */
function readyOutcome(name: string, media: MediaView): Outcome {
  const variants = Object.entries(media.variants ?? {});
  const [, largest] = variants.reduce<[string, Variant]>((best, entry) => ((entry[1].width ?? 0) * (entry[1].height ?? 0) > (best[1].width ?? 0) * (best[1].height ?? 0) ? entry : best), ['', {}]);
  return { name, result: 'ready', width: largest.width ?? 0, height: largest.height ?? 0, variants: variants.map(([n]) => n).sort() };
}

export async function runSmoke(options: SmokeOptions): Promise<{ outcomes: Outcome[]; summary: SmokeSummary }> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const api = async (method: string, path: string, body?: unknown): Promise<ApiReply> => {
    const response = await options.fetch(`${options.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed };
  };

  const albumId = await smokeAlbum(api);
  const outcomes = new Map<string, Outcome>();
  const settle = (outcome: Outcome) => {
    outcomes.set(outcome.name, outcome);
    options.onOutcome?.(outcome);
  };

  const pending: { name: string; mediaId: string; deadline: number }[] = [];
  for (const [index, file] of options.files.entries()) {
    const issued = await api('POST', `/api/albums/${albumId}/uploads`, { fileName: file.name.split('/').pop(), contentType: contentTypeOf(file.name), bytes: file.bytes });
    if (issued.status === 400 || issued.status === 413 || issued.status === 415) {
      settle({ name: file.name, result: 'failed', reason: apiMessage(issued) });
    } else if (issued.status !== 201) {
      settle({ name: file.name, result: 'lost', reason: `the API answered ${issued.status} to the upload request: ${apiMessage(issued)}` });
    } else {
      const { mediaId, upload } = issued.body as { mediaId: string; upload: { url: string; fields: Record<string, string> } };
      const form = new FormData();
      for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
      // S3 takes the file as the last field; its type must be the one the policy pins.
      form.append('file', new Blob([await options.readFile(file.path)], { type: upload.fields['Content-Type'] ?? contentTypeOf(file.name) }), file.name.split('/').pop());
      const posted = await options.fetch(upload.url, { method: 'POST', body: form });
      const text = await posted.text();
      if (posted.status >= 300) settle({ name: file.name, result: 'lost', reason: `S3 refused the upload (${posted.status}): ${text.replace(/\s+/g, ' ').slice(0, 200)}` });
      else pending.push({ name: file.name, mediaId, deadline: now() + options.timeoutMs });
    }
    options.onProgress?.({ phase: 'upload', done: index + 1, total: options.files.length });
  }

  const waiting = pending.length;
  while (pending.length > 0) {
    for (const item of [...pending]) {
      const reply = await api('GET', `/api/media/${item.mediaId}`);
      const media = reply.body as MediaView | undefined;
      let outcome: Outcome | undefined;
      if (reply.status === 200 && media?.status === 'ready') outcome = readyOutcome(item.name, media);
      else if (reply.status === 200 && media?.status === 'failed') outcome = { name: item.name, result: 'failed', reason: media.failureReason ?? 'failed without a reason' };
      else if (now() >= item.deadline) {
        const seen = reply.status === 200 ? `still ${media?.status ?? 'unknown'}` : `the API answered ${reply.status}: ${apiMessage(reply)}`;
        outcome = { name: item.name, result: 'lost', reason: `${seen} after ${Math.round(options.timeoutMs / 1000)} s` };
      }
      if (outcome) {
        settle(outcome);
        pending.splice(pending.indexOf(item), 1);
      }
    }
    options.onProgress?.({ phase: 'wait', done: waiting - pending.length, total: waiting });
    if (pending.length > 0) await sleep(options.pollIntervalMs ?? 500);
  }

  const ordered = options.files.map((f) => outcomes.get(f.name)!);
  const count = (result: Outcome['result']) => ordered.filter((o) => o.result === result).length;
  return { outcomes: ordered, summary: { ready: count('ready'), failed: count('failed'), lost: count('lost') } };
}

/** The album named `smoke`, created on the first run and reused after. */
async function smokeAlbum(api: (method: string, path: string, body?: unknown) => Promise<ApiReply>): Promise<string> {
  let cursor: string | undefined;
  do {
    const page = await api('GET', `/api/albums?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (page.status !== 200) throw new Error(`listing albums answered ${page.status}: ${apiMessage(page)}`);
    const found = (page.body?.items as { albumId: string; name: string }[]).find((a) => a.name === SMOKE_NAME);
    if (found) return found.albumId;
    cursor = page.body?.nextCursor as string | undefined;
  } while (cursor);
  const created = await api('POST', '/api/albums', { name: SMOKE_NAME, description: 'uploads of npm run smoke' });
  if (created.status !== 201) throw new Error(`creating the smoke album answered ${created.status}: ${apiMessage(created)}`);
  return created.body?.albumId as string;
}
