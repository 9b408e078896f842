/**
 * The upload queue: many files, a few at a time. Each file asks the API for a presigned POST,
 * then posts its bytes straight to S3 with real byte progress. A file can be cancelled (its
 * half-made media item is deleted) or retried; a file the API refuses keeps the API's message.
 * Requests wait for the session, so an expired sign-in pauses the queue instead of failing it.
 */
import { type AcceptedContentType, contentTypeForFile, mediaClassOf } from '../../../src/shared/media-types.js';
import type { ApiClient, DuplicateUpload, UploadResponse } from '../api/client.js';
import { problemMessage, unwrap } from '../api/client.js';
import type { WebConfig } from '../config.js';
import { createStore, type Store } from '../store.js';
import { fileSha256 } from './checksum.js';

/** `duplicate`: the owner already has these bytes; nothing was uploaded (see `existing`). */
export type UploadStatus = 'queued' | 'uploading' | 'uploaded' | 'duplicate' | 'failed' | 'cancelled';

/** The owner's item of the same bytes, where a duplicate upload stopped. */
export interface ExistingMedia {
  readonly mediaId: string;
  readonly albumId: string;
  readonly albumName: string;
}

export interface UploadItem {
  readonly id: number;
  readonly albumId: string;
  readonly fileName: string;
  readonly bytes: number;
  readonly status: UploadStatus;
  readonly loaded: number;
  readonly message?: string;
  readonly mediaId?: string;
  /** False for a file the browser already knows the API would refuse: retrying cannot help. */
  readonly retryable: boolean;
  /** While uploading: reading the file for its checksum, before any byte is sent. */
  readonly checking?: boolean;
  readonly existing?: ExistingMedia;
}

export interface UploadQueueOptions {
  readonly api: ApiClient;
  readonly config: WebConfig;
  /** Files in flight at once: enough to fill a home uplink, few enough not to starve the page. */
  readonly concurrency?: number;
}

interface Job {
  item: UploadItem;
  readonly file: File;
  readonly contentType: AcceptedContentType | undefined;
  /** Which run of this file is current: a cancelled run that wakes up after a retry must not touch it. */
  attempt: number;
  abort?: () => void;
  /** Computed once per file, kept across retries. */
  sha256?: string;
}

export class UploadQueue {
  readonly items: Store<readonly UploadItem[]> = createStore<readonly UploadItem[]>([]);
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private running = 0;
  private publishScheduled = false;
  private readonly uploadedListeners = new Set<(item: UploadItem) => void>();

  constructor(private readonly options: UploadQueueOptions) {}

  /** Queues files for an album; the ones the API would refuse are marked failed at once, with the reason. */
  add(albumId: string, files: Iterable<File>): void {
    for (const file of files) {
      const contentType = contentTypeForFile(file.name, file.type);
      const item: UploadItem = { id: this.nextId++, albumId, fileName: file.name, bytes: file.size, status: 'queued', loaded: 0, retryable: true };
      const problem = this.precheck(file, contentType);
      this.jobs.set(item.id, { item: problem ? { ...item, status: 'failed', message: problem, retryable: false } : item, file, contentType, attempt: 0 });
    }
    this.publish();
    this.pump();
  }

  /** Told when a file's bytes have all arrived in S3, so the album can show it as processing. */
  onUploaded(listener: (item: UploadItem) => void): () => void {
    this.uploadedListeners.add(listener);
    return () => this.uploadedListeners.delete(listener);
  }

  cancel(id: number): void {
    const job = this.jobs.get(id);
    if (!job || (job.item.status !== 'queued' && job.item.status !== 'uploading')) return;
    job.abort?.();
    const mediaId = job.item.mediaId;
    this.update(job, { status: 'cancelled', message: 'Cancelled' });
    // The API recorded an item for this upload; without its bytes it would wait for its TTL.
    if (mediaId) void this.options.api.DELETE('/api/media/{mediaId}', { params: { path: { mediaId } } }).catch(() => undefined);
  }

  retry(id: number): void {
    const job = this.jobs.get(id);
    if (!job || (job.item.status !== 'failed' && job.item.status !== 'cancelled')) return;
    const problem = this.precheck(job.file, job.contentType);
    if (problem) return;
    job.item = { id: job.item.id, albumId: job.item.albumId, fileName: job.item.fileName, bytes: job.item.bytes, status: 'queued', loaded: 0, retryable: true };
    this.publish();
    this.pump();
  }

  cancelAll(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
  }

  /** Forget finished, duplicate and cancelled files; failed ones stay until retried or cleared one by one. */
  clearFinished(): void {
    for (const [id, job] of this.jobs) if (job.item.status === 'uploaded' || job.item.status === 'duplicate' || job.item.status === 'cancelled') this.jobs.delete(id);
    this.publish();
  }

  /**
   * A duplicate's existing item moves to the album this file was dropped on (an item lives in one
   * album), and the album is told as if it had just been uploaded.
   */
  async moveHere(id: number): Promise<void> {
    const job = this.jobs.get(id);
    const existing = job?.item.existing;
    if (!job || job.item.status !== 'duplicate' || !existing || existing.albumId === job.item.albumId) return;
    this.update(job, { message: undefined });
    try {
      unwrap(await this.options.api.PATCH('/api/media/{mediaId}', { params: { path: { mediaId: existing.mediaId } }, body: { albumId: job.item.albumId } }));
      this.update(job, { status: 'uploaded', mediaId: existing.mediaId, loaded: job.file.size, existing: undefined, message: `Moved here from ${existing.albumName}.` });
      for (const listener of [...this.uploadedListeners]) listener(job.item);
    } catch (error) {
      this.update(job, { message: problemMessage(error) });
    }
  }

  dismiss(id: number): void {
    const job = this.jobs.get(id);
    if (job && job.item.status !== 'uploading') this.jobs.delete(id);
    this.publish();
  }

  get active(): boolean {
    return [...this.jobs.values()].some((job) => job.item.status === 'queued' || job.item.status === 'uploading');
  }

  private precheck(file: File, contentType: string | undefined): string | undefined {
    const mediaClass = contentType ? mediaClassOf(contentType) : undefined;
    if (!contentType || !mediaClass) return 'This kind of file is not supported. Upload photos (JPEG, PNG, HEIC, WebP, GIF, TIFF, AVIF) or videos (MP4, MOV, WebM, MKV).';
    if (file.size === 0) return 'This file is empty.';
    const cap = this.options.config.maxUploadBytes[mediaClass];
    if (file.size > cap) return `This ${mediaClass === 'image' ? 'photo' : 'video'} is ${formatBytes(file.size)}; the limit is ${formatBytes(cap)}.`;
    return undefined;
  }

  private pump(): void {
    const concurrency = this.options.concurrency ?? 3;
    for (const job of this.jobs.values()) {
      if (this.running >= concurrency) return;
      if (job.item.status !== 'queued') continue;
      this.running += 1;
      this.update(job, { status: 'uploading', loaded: 0 });
      void this.run(job).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async run(job: Job): Promise<void> {
    job.attempt += 1;
    const attempt = job.attempt;
    const stillCurrent = () => job.attempt === attempt && job.item.status === 'uploading';
    try {
      if (!job.sha256) {
        const controller = new AbortController();
        job.abort = () => controller.abort();
        this.update(job, { checking: true });
        job.sha256 = await fileSha256(job.file, controller.signal, (hashed) => this.update(job, { loaded: 0, checking: hashed < job.file.size }));
        if (!stillCurrent()) return;
        this.update(job, { checking: false });
      }
      const answer = await this.requestUpload(job);
      if (!stillCurrent()) return;
      if ('existing' in answer) {
        const existing = { mediaId: answer.existing.mediaId, albumId: answer.existing.albumId, albumName: answer.albumName };
        this.update(job, { status: 'duplicate', existing, loaded: 0 });
        return;
      }
      let upload = answer;
      this.update(job, { mediaId: upload.mediaId });
      let outcome = await this.post(job, upload);
      // A POST policy that expired while the file waited in the queue: one fresh one is enough.
      if (outcome === 'expired' && stillCurrent()) {
        const renewed = await this.requestUpload(job);
        // Between the two requests the same bytes may have arrived from elsewhere: nothing to post.
        if ('existing' in renewed) return this.update(job, { status: 'duplicate', existing: { mediaId: renewed.existing.mediaId, albumId: renewed.existing.albumId, albumName: renewed.albumName } });
        upload = renewed;
        this.update(job, { mediaId: upload.mediaId, loaded: 0 });
        outcome = await this.post(job, upload);
      }
      if (!stillCurrent()) return;
      if (outcome === 'ok') {
        this.update(job, { status: 'uploaded', loaded: job.file.size });
        for (const listener of [...this.uploadedListeners]) listener(job.item);
      } else if (outcome !== 'aborted') {
        this.update(job, { status: 'failed', message: outcome === 'expired' ? 'The upload link expired. Retry to get a new one.' : outcome.message });
      }
    } catch (error) {
      if (stillCurrent()) this.update(job, { status: 'failed', message: problemMessage(error) });
    }
  }

  private async requestUpload(job: Job): Promise<UploadResponse | DuplicateUpload> {
    const controller = new AbortController();
    job.abort = () => controller.abort();
    // precheck() has failed every job without an accepted type, so none reaches this point.
    if (!job.contentType) throw new Error(`${job.file.name} has no accepted content type`);
    const result = await this.options.api.POST('/api/albums/{albumId}/uploads', {
      params: { path: { albumId: job.item.albumId } },
      body: { fileName: job.file.name.slice(0, 255), contentType: job.contentType, bytes: job.file.size, ...(job.sha256 ? { sha256: job.sha256 } : {}) },
      signal: controller.signal,
    });
    return unwrap(result);
  }

  /** XMLHttpRequest, not fetch: only it reports upload progress in every browser. */
  private post(job: Job, upload: UploadResponse): Promise<'ok' | 'expired' | 'aborted' | { message: string }> {
    return new Promise((resolve) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(upload.upload.fields)) form.append(name, value);
      form.append('file', job.file);
      const request = new XMLHttpRequest();
      job.abort = () => request.abort();
      request.upload.onprogress = (event) => this.update(job, { loaded: Math.min(event.loaded, job.file.size) });
      request.onabort = () => resolve('aborted');
      request.onerror = () => resolve({ message: 'The upload was interrupted. Check your connection and retry.' });
      request.onload = () => {
        if (request.status >= 200 && request.status < 300) return resolve('ok');
        const message = /<Message>([^<]*)<\/Message>/.exec(request.responseText)?.[1] ?? '';
        if (request.status === 403 && /expired/i.test(message)) return resolve('expired');
        resolve({ message: `Storage refused the file (${request.status}${message ? `: ${message}` : ''}).` });
      };
      request.open('POST', upload.upload.url);
      request.send(form);
    });
  }

  private update(job: Job, changes: Partial<UploadItem>): void {
    job.item = { ...job.item, ...changes };
    this.publish();
  }

  /** Progress events come by the hundred per second: the list is republished at most once a frame. */
  private publish(): void {
    if (this.publishScheduled) return;
    this.publishScheduled = true;
    requestAnimationFrame(() => {
      this.publishScheduled = false;
      this.items.set([...this.jobs.values()].map((job) => job.item));
    });
  }
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

