/**
 * The album API's routes. Each one states its method and path exactly as the OpenAPI document does;
 * `operation` authenticates (the JWT authorizer's `sub` claim is the only identity), limits and
 * validates the body and query against the document, then calls plain functions of the store.
 */
import { randomUUID } from 'node:crypto';

import type { S3Client } from '@aws-sdk/client-s3';

import type { AlbumDeletionQueue } from '../shared/album-deletion-requests.js';
import { labelKey, listOwnerLabels } from '../shared/label-index.js';
import { logger } from '../shared/logger.js';
import { getMedia, isBeingDeleted, isRetryable, type MediaItem } from '../shared/media-store.js';
import { canBeAllowed, isClearedForSharing, moderationOf } from '../shared/moderation.js';
import { createShareLink, listShareLinks, openShareLink, revokeShareLink, type ShareLink, shareTokenHash } from '../shared/share-links.js';
import type { StoredRenditionRecord } from '../shared/renditions.js';
import type { CursorCodec, DynamoKey } from './cursor.js';
import { ApiError, json, notFound, unauthorized } from './http.js';
import { uuidV7Generator } from './ids.js';
import { downloadFileName, type MediaUrlSigner, signOriginalDownload, type SignedUrl } from './media-urls.js';
import { hasBody, validateBody, validatePath, validateQuery } from './openapi.js';
import { healthRoute, type ApiEvent, type ApiResult, type Route } from './router.js';
import { type ProcessorQueues, retryMedia } from './retry.js';
import {
  albumCoverThumb,
  chosenCoverThumb,
  createMediaInAlbum,
  findByChecksum,
  deleteMediaEverywhere,
  markMediaDeleting,
  removeMarkedMedia,
  getAlbum,
  getMediaItems,
  getOwnedMedia,
  listAlbumMedia,
  listAlbums,
  listLabelMedia,
  listTimeline,
  markAlbumDeleting,
  type MediaOrder,
  monthSummary,
  moveMedia,
  setAllowedInShares,
  putAlbum,
  setCaption,
  type Album,
  type AlbumChanges,
  type Store,
  updateAlbum,
} from './store.js';
import { planUpload, presignUpload, type UploadLimits } from './uploads.js';

export interface ApiDeps {
  readonly store: Store;
  /** Signs presigned upload POSTs (the accelerate endpoint when configured). */
  readonly uploadS3: S3Client;
  /** Takes an album's media deletion off the request: the album deleter does it a page at a time. */
  readonly albumDeletions: AlbumDeletionQueue;
  readonly cursors: CursorCodec;
  readonly signer: MediaUrlSigner;
  /** Where a retry sends a failed item's original: each processor's queue. */
  readonly processorQueues: ProcessorQueues;
  readonly limits: UploadLimits;
  /** Lifetime of an original's download URL: shorter than the renditions'. */
  readonly originalUrlTtlSeconds: number;
  readonly uploadUrlTtlSeconds: number;
  readonly uploadRecordTtlSeconds: number;
  readonly maxBodyBytes: number;
  readonly clock?: () => Date;
  readonly newId?: () => string;
  /** Album ids; time-ordered so that listing albums by key lists them newest first. */
  readonly newAlbumId?: () => string;
}

interface Request {
  readonly ownerId: string;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly query: Readonly<Record<string, unknown>>;
}

/** The caller, from the claims API Gateway's JWT authorizer (or the local adapter) verified; nothing else. */
export function ownerOf(event: ApiEvent): string {
  const sub = (event.requestContext as Partial<ApiEvent['requestContext']>).authorizer?.jwt?.claims?.sub;
  if (typeof sub !== 'string' || sub.length === 0) throw unauthorized();
  return sub;
}

/** JSON's own media type, or one of its `+json` kin, with any parameters (charset). */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** A UTF-16 surrogate without its partner: JSON's \u escapes can spell one, no storage can hold one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const hasLoneSurrogate = (value: unknown): boolean =>
  typeof value === 'string' ? LONE_SURROGATE.test(value) : typeof value === 'object' && value !== null ? Object.entries(value).some(([k, v]) => LONE_SURROGATE.test(k) || hasLoneSurrogate(v)) : false;

function readBody(event: ApiEvent, maxBytes: number): unknown {
  if (event.body === undefined || event.body === '') return undefined;
  // API Gateway, and the local adapter like it, give header names in lower case.
  const contentType = event.headers?.['content-type'] ?? '';
  if (!JSON_MEDIA_TYPE.test(contentType)) {
    throw new ApiError(415, 'unsupported_media_type', `the request body must be sent as application/json${contentType ? `, not ${contentType}` : ' (no Content-Type was given)'}`);
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.length > maxBytes) throw new ApiError(413, 'payload_too_large', `request body exceeds ${maxBytes} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_json', 'the request body is not valid JSON');
  }
  if (hasLoneSurrogate(body)) throw new ApiError(400, 'invalid_json', 'the request body holds text that is not valid Unicode (a lone UTF-16 surrogate)');
  return body;
}

const operation =
  (deps: ApiDeps) =>
  (method: string, path: string, handle: (request: Request) => Promise<ApiResult>): Route => ({
    method,
    path,
    handle: async (event, params) => {
      const ownerId = ownerOf(event);
      validatePath(method, path, params);
      const body = hasBody(method, path) ? validateBody(method, path, readBody(event, deps.maxBodyBytes)) : undefined;
      const query = validateQuery(method, path, event.queryStringParameters ?? {});
      return handle({ ownerId, params, body, query });
    },
  });

/**
 * An operation anyone may call (`security: []` in the document): no caller identity, the same
 * validation. Share-link operations read their token from the `x-share-token` header.
 */
const publicOperation =
  () =>
  (method: string, path: string, handle: (request: Omit<Request, 'ownerId' | 'body'> & { readonly shareToken?: string }) => Promise<ApiResult>): Route => ({
    method,
    path,
    handle: async (event, params) => {
      validatePath(method, path, params);
      const query = validateQuery(method, path, event.queryStringParameters ?? {});
      return handle({ params, query, shareToken: event.headers?.['x-share-token'] });
    },
  });

/** Every way a link can fail to open gets this one answer: unknown, revoked, expired, album gone. */
const linkNotWorking = () => new ApiError(404, 'not_found', 'This link does not work. It may have expired or been revoked.');

/** A variant as clients see it: its signed URL and what is known of it, never its key. */
async function variantView(variant: StoredRenditionRecord, signer: MediaUrlSigner): Promise<SignedUrl & Omit<StoredRenditionRecord, 'key'>> {
  const { key, ...rest } = variant;
  return { ...(await signer.sign(key)), ...rest };
}

/**
 * The cover thumbs of a page of albums: a chosen cover's item is read back (one BatchGet for the
 * page) and used while it is still in the album and ready; any other album shows its newest ready
 * item's thumb, the one its media listing signs too, so the browser already has it cached.
 */
async function coverThumbs(store: Store, albums: readonly Album[]): Promise<(StoredRenditionRecord | undefined)[]> {
  const chosen = await getMediaItems(store, albums.flatMap((a) => (a.coverMediaId ? [a.coverMediaId] : [])));
  return Promise.all(albums.map(async (album) => (album.coverMediaId && chosenCoverThumb(album, chosen.get(album.coverMediaId))) || albumCoverThumb(store, album.ownerId, album.albumId)));
}

const albumView = (album: Album, cover: (SignedUrl & Omit<StoredRenditionRecord, 'key'>) | undefined) => ({
  albumId: album.albumId,
  name: album.name,
  ...(album.description === undefined ? {} : { description: album.description }),
  mediaCount: album.counts.photos + album.counts.videos,
  counts: album.counts,
  ...(album.coverMediaId ? { coverMediaId: album.coverMediaId } : {}),
  ...(cover ? { cover } : {}),
  createdAt: album.createdAt,
  updatedAt: album.updatedAt,
});

export interface MediaViewOptions {
  /** Where it was taken, when the file said: only on the owner's explicit request for one item. */
  readonly includeLocation?: boolean;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const positive = (value: unknown): number | undefined => (typeof value === 'number' && value > 0 ? value : undefined);

/**
 * Make and model as people say them: "Canon EOS 40D", not "Canon Canon EOS 40D". Many models
 * repeat the make, some in other words ("NIKON CORPORATION" makes the "NIKON D70").
 */
export function cameraName(make: string | undefined, model: string | undefined): string {
  if (!model) return make ?? '';
  if (!make) return model;
  const brand = make.split(/\s+/)[0]!.toLowerCase();
  return model.toLowerCase().startsWith(brand) ? model : `${make} ${model}`;
}

/**
 * What the processors learnt of the original: its upright size, the camera and a video's length.
 * The location is kept apart (`location`) and never read here.
 */
function originalFacts(media: MediaItem) {
  const original = (media.original ?? {}) as Record<string, unknown>;
  const video = (media.video ?? {}) as Record<string, unknown>;
  const camera = cameraName(text(original.cameraMake), text(original.cameraModel));
  const width = positive(original.width) ?? positive(video.width);
  const height = positive(original.height) ?? positive(video.height);
  const durationSeconds = typeof video.durationSeconds === 'number' && video.durationSeconds >= 0 ? video.durationSeconds : undefined;
  return {
    ...(camera ? { camera } : {}),
    ...(width && height ? { width, height } : {}),
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
  };
}

/** Signed URLs of every recorded variant, by name. */
async function signedVariants(media: MediaItem, signer: MediaUrlSigner) {
  const stored = (media.variants ?? {}) as Record<string, StoredRenditionRecord>;
  const variants: Record<string, SignedUrl & Omit<StoredRenditionRecord, 'key'>> = {};
  for (const [name, variant] of Object.entries(stored)) if (typeof variant?.key === 'string') variants[name] = await variantView(variant, signer);
  return variants;
}

/** What a client sees of a media item: status, reason, labels and signed URLs of the variants so far. */
export async function mediaView(media: MediaItem, signer: MediaUrlSigner, options: MediaViewOptions = {}) {
  const variants = await signedVariants(media, signer);
  const labels = Array.isArray(media.labels) ? (media.labels as { name?: unknown }[]).map((l) => String(l.name)) : undefined;
  return {
    mediaId: media.mediaId,
    albumId: media.albumId,
    mediaClass: media.mediaClass,
    status: media.status,
    ...(media.failureReason ? { failureReason: media.failureReason } : {}),
    ...(text(media.failureCode) ? { failureCode: media.failureCode } : {}),
    ...(media.status === 'failed' ? { retryable: isRetryable(media) } : {}),
    fileName: String(media.fileName ?? ''),
    contentType: String(media.contentType ?? ''),
    createdAt: media.createdAt,
    // Items from before capture times were kept are taken when they were uploaded.
    takenAt: text(media.takenAt) ?? media.createdAt,
    ...(text(media.capturedAt) ? { capturedAt: media.capturedAt } : {}),
    ...originalFacts(media),
    ...(text(media.caption) ? { caption: media.caption } : {}),
    ...(options.includeLocation && isLocation(media.location) ? { location: media.location } : {}),
    ...(typeof media.updatedAt === 'string' ? { updatedAt: media.updatedAt } : {}),
    ...(labels ? { labels } : {}),
    moderation: moderationOf(media),
    variants,
  };
}


interface Location {
  readonly latitude: number;
  readonly longitude: number;
  readonly altitudeMeters?: number;
}

const isLocation = (value: unknown): value is Location =>
  typeof value === 'object' && value !== null && typeof (value as Location).latitude === 'number' && typeof (value as Location).longitude === 'number';

/** A `from`/`to` query value as the instant the index keys hold; a date alone is midnight UTC. */
function instantOf(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const instant = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(instant)) throw new ApiError(400, 'invalid_request', `\`${name}\` is not a valid date or time`);
  return new Date(instant).toISOString();
}

type BulkOutcome = { readonly mediaId: string; readonly outcome: 'deleted' | 'moved' | 'unchanged' | 'not_found' | 'failed'; readonly error?: { code: string; message: string } };

/** Enough to finish a page of 100 deletes in a few seconds without a burst of thousands of S3 calls. */
const BULK_CONCURRENCY = 8;

/**
 * Runs `work` for every id, `concurrency` at a time, in request order; one item's failure is
 * reported as that item's outcome and never stops the others.
 */
async function settleEach(mediaIds: readonly string[], concurrency: number, work: (mediaId: string) => Promise<BulkOutcome>): Promise<BulkOutcome[]> {
  const results: BulkOutcome[] = new Array(mediaIds.length);
  let next = 0;
  const worker = async () => {
    while (next < mediaIds.length) {
      const index = next++;
      const mediaId = mediaIds[index]!;
      try {
        results[index] = await work(mediaId);
      } catch (error) {
        logger.warn('bulk item failed', { mediaId, correlation_id: mediaId, error: error as Error });
        results[index] = { mediaId, outcome: 'failed', error: { code: 'try_again', message: 'This item could not be changed just now. Please try again.' } };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, mediaIds.length) }, worker));
  return results;
}

/** A link works for a year at most: long enough to share, short enough that a forgotten one ends. */
const MAX_SHARE_SECONDS = 366 * 24 * 3600;

const shareView = (link: ShareLink, now: number) => ({
  shareId: link.shareId,
  albumId: link.albumId,
  allowDownload: link.allowDownload,
  createdAt: link.createdAt,
  ...(link.validUntil ? { expiresAt: link.validUntil, expired: Date.parse(link.validUntil) <= now } : {}),
});

/**
 * What a link shows: its album's ready items that moderation cleared (or their owner allowed),
 * nothing being deleted, nothing of anyone else.
 */
const isShareable = (media: MediaItem, link: ShareLink): boolean =>
  media.ownerId === link.ownerId && media.albumId === link.albumId && media.status === 'ready' && !isBeingDeleted(media) && isClearedForSharing(media);

/** An item as a link shows it: pictures and the caption, no file name, labels, camera, location or owner. */
async function sharedMediaView(media: MediaItem, signer: MediaUrlSigner) {
  const variants = await signedVariants(media, signer);
  const { width, height, durationSeconds } = originalFacts(media);
  return {
    mediaId: media.mediaId,
    mediaClass: media.mediaClass,
    takenAt: text(media.takenAt) ?? media.createdAt,
    ...(text(media.caption) ? { caption: media.caption } : {}),
    ...(width && height ? { width, height } : {}),
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
    variants,
  };
}

function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw notFound(what);
  return value;
}

const noContent = (): ApiResult => ({ statusCode: 204, headers: { 'cache-control': 'no-store' } });

export function createRoutes(deps: ApiDeps): Route[] {
  const route = operation(deps);
  const { store, cursors, signer } = deps;
  const now = () => (deps.clock ?? (() => new Date()))();
  const newId = deps.newId ?? randomUUID;
  const newAlbumId = deps.newAlbumId ?? uuidV7Generator();
  const signedThumb = async (thumb: StoredRenditionRecord | undefined) => (thumb ? variantView(thumb, signer) : undefined);
  const viewsOf = async (albums: readonly Album[]) => {
    const thumbs = await coverThumbs(store, albums);
    return Promise.all(albums.map(async (album, i) => albumView(album, await signedThumb(thumbs[i]))));
  };
  const viewOf = async (album: Album) => (await viewsOf([album]))[0]!;
  const mediaViews = (items: readonly MediaItem[]) => Promise.all(items.map((m) => mediaView(m, signer)));
  const page = async (query: Readonly<Record<string, unknown>>, scope: string) => ({
    limit: query.limit as number,
    start: await cursors.decode(scope, query.cursor as string | undefined),
  });
  const pageOf = async (scope: string, items: unknown[], next: DynamoKey | undefined) => {
    const nextCursor = await cursors.encode(scope, next);
    return json(200, { items, ...(nextCursor ? { nextCursor } : {}) });
  };
  const ownedAlbum = async (ownerId: string, albumId: string) => (await getAlbum(store, ownerId, albumId)) ?? Promise.reject(notFound('album'));
  const open = publicOperation();
  /** The link and its album, both still there and open, or the one answer for every failure. */
  const sharedAlbum = async (token: string | undefined) => {
    const link = await openShareLink(store, token, now());
    const album = link && (await getAlbum(store, link.ownerId, link.albumId));
    if (!link || !album) throw linkNotWorking();
    return { link, album };
  };
  const ownedMedia = async (ownerId: string, mediaId: string) => (await getOwnedMedia(store, ownerId, mediaId)) ?? Promise.reject(notFound('media'));

  return [
    healthRoute,
    route('GET', '/api/albums', async ({ ownerId, query }) => {
      const scope = `albums:${ownerId}`;
      const { limit, start } = await page(query, scope);
      const result = await listAlbums(store, ownerId, limit, start);
      // Every album of the page at once: the page's latency is one album's, not the sum.
      return pageOf(scope, await viewsOf(result.items), result.next);
    }),
    route('POST', '/api/albums', async ({ ownerId, body }) => {
      const { name, description } = body as { name: string; description?: string };
      const at = now().toISOString();
      const album: Album = { albumId: newAlbumId(), ownerId, name, ...(description === undefined ? {} : { description }), counts: { photos: 0, videos: 0, failed: 0 }, createdAt: at, updatedAt: at };
      await putAlbum(store, album);
      return json(201, albumView(album, undefined));
    }),
    route('GET', '/api/albums/{albumId}', async ({ ownerId, params }) => json(200, await viewOf(await ownedAlbum(ownerId, params.albumId!)))),
    route('PATCH', '/api/albums/{albumId}', async ({ ownerId, params, body }) => {
      const changes = body as AlbumChanges;
      if (typeof changes.coverMediaId === 'string') {
        const current = await ownedAlbum(ownerId, params.albumId!);
        const candidate = await getOwnedMedia(store, ownerId, changes.coverMediaId);
        if (!candidate || candidate.albumId !== current.albumId) throw new ApiError(400, 'invalid_cover', 'the cover must be an item of this album');
        if (!chosenCoverThumb(current, candidate)) throw new ApiError(409, 'cover_not_ready', 'only a ready item with a thumbnail can be the cover');
      }
      const album = await updateAlbum(store, ownerId, params.albumId!, changes, now());
      if (!album) throw notFound('album');
      return json(200, await viewOf(album));
    }),
    route('DELETE', '/api/albums/{albumId}', async ({ ownerId, params }) => {
      const album = await getAlbum(store, ownerId, params.albumId!, { includeDeleting: true });
      if (!album) throw notFound('album');
      // Closed first (hidden, and no upload can be issued into it), then handed to the album deleter,
      // which removes its media and finally the album. Repeating the call re-sends a lost request.
      await markAlbumDeleting(store, ownerId, album.albumId, now());
      await deps.albumDeletions.request({ ownerId, albumId: album.albumId });
      return noContent();
    }),
    route('POST', '/api/albums/{albumId}/uploads', async ({ ownerId, params, body }) => {
      const request = body as { fileName: string; contentType: string; bytes: number; sha256?: string };
      const album = await ownedAlbum(ownerId, params.albumId!);
      const mediaId = newId();
      const plan = planUpload(mediaId, request, deps.limits);
      const duplicateOf = async (existing: MediaItem) => {
        // What was not stored or processed again, for the logs' reckoning of duplicates.
        logger.info('duplicate upload', { mediaId: existing.mediaId, correlation_id: existing.mediaId, bytesNotStored: request.bytes });
        const home = existing.albumId === album.albumId ? album : await getAlbum(store, ownerId, existing.albumId, { includeDeleting: true });
        return json(200, { existing: await mediaView(existing, signer), albumName: home?.name ?? '' });
      };
      const found = request.sha256 ? await findByChecksum(store, ownerId, request.sha256) : {};
      if (found.existing) return duplicateOf(found.existing);
      const at = now();
      const recorded = await createMediaInAlbum(
        store,
        {
          mediaId,
          ownerId,
          albumId: album.albumId,
          mediaClass: plan.mediaClass,
          originalKey: plan.key,
          contentType: plan.contentType,
          fileName: request.fileName,
          createdAt: at.toISOString(),
          expiresAt: Math.floor(at.getTime() / 1000) + deps.uploadRecordTtlSeconds,
          ...(request.sha256 ? { sha256: request.sha256 } : {}),
        },
        found.staleMediaId,
      );
      if (recorded === 'album-missing') throw notFound('album');
      if (recorded === 'checksum-taken') {
        // The same bytes, uploaded at this moment by another request of the owner's.
        const raced = await findByChecksum(store, ownerId, request.sha256!);
        if (raced.existing) return duplicateOf(raced.existing);
        throw new ApiError(409, 'try_again', 'The same file is being uploaded or deleted right now. Please try again.');
      }
      const upload = await presignUpload(deps.uploadS3, store.originalsBucket, plan, deps.uploadUrlTtlSeconds, at);
      return json(201, { mediaId, upload });
    }),
    route('GET', '/api/albums/{albumId}/media', async ({ ownerId, params, query }) => {
      const album = await ownedAlbum(ownerId, params.albumId!);
      const order = query.sort as MediaOrder;
      // The order is part of the cursor's scope: a cursor of one order cannot page the other.
      const scope = `album-media:${ownerId}:${album.albumId}:${order}`;
      const { limit, start } = await page(query, scope);
      const result = await listAlbumMedia(store, album.albumId, limit, start, order);
      return pageOf(scope, await mediaViews(result.items.filter((m) => m.ownerId === ownerId)), result.next);
    }),
    route('GET', '/api/media', async ({ ownerId, query }) => {
      const range = { from: instantOf(query.from, 'from'), to: instantOf(query.to, 'to') };
      if (range.from && range.to && range.from >= range.to) throw new ApiError(400, 'invalid_request', '`from` must be before `to`');
      const scope = `timeline:${ownerId}:${range.from ?? ''}:${range.to ?? ''}`;
      const { limit, start } = await page(query, scope);
      const result = await listTimeline(store, ownerId, range, limit, start);
      return pageOf(scope, await mediaViews(result.items), result.next);
    }),
    route('GET', '/api/media/months', async ({ ownerId }) => json(200, { months: await monthSummary(store, ownerId) })),
    route('POST', '/api/media/bulk', async ({ ownerId, body }) => {
      const request = body as { action: 'delete' | 'move'; mediaIds: string[]; albumId?: string };
      let target: Album | undefined;
      if (request.action === 'move') {
        if (!request.albumId) throw new ApiError(400, 'invalid_request', 'a move needs albumId');
        target = await getAlbum(store, ownerId, request.albumId);
        if (!target) throw new ApiError(400, 'invalid_album', 'the items can only move to another of your albums');
      }
      const found = await getMediaItems(store, request.mediaIds);
      const one = async (mediaId: string): Promise<BulkOutcome> => {
        const media = found.get(mediaId);
        // A delete that stopped half-way is finished by deleting again, as with one item.
        if (!media || media.ownerId !== ownerId || (request.action === 'move' && isBeingDeleted(media))) return { mediaId, outcome: 'not_found' };
        if (request.action === 'delete') {
          // Once marked, the item is deleted for its owner: hidden and counted out. If removing its
          // objects fails now, the sweeper finishes the job (stuck-deleting), as after any stopped delete.
          await markMediaDeleting(store, media);
          try {
            await removeMarkedMedia(store, media);
          } catch (error) {
            logger.warn('bulk delete: objects left for the sweeper', { mediaId, correlation_id: mediaId, error: error as Error });
          }
          return { mediaId, outcome: 'deleted' };
        }
        if (media.albumId === target!.albumId) return { mediaId, outcome: 'unchanged' };
        return (await moveMedia(store, media, target!.albumId, now())) ? { mediaId, outcome: 'moved' } : { mediaId, outcome: 'not_found' };
      };
      return json(200, { results: await settleEach(request.mediaIds, BULK_CONCURRENCY, one) });
    }),
    route('GET', '/api/media/{mediaId}', async ({ ownerId, params, query }) =>
      json(200, await mediaView(await ownedMedia(ownerId, params.mediaId!), signer, { includeLocation: query.include === 'location' })),
    ),
    route('PATCH', '/api/media/{mediaId}', async ({ ownerId, params, body }) => {
      const changes = body as { caption?: string; albumId?: string; allowInShares?: boolean };
      let media = await ownedMedia(ownerId, params.mediaId!);
      if (changes.allowInShares === true && !canBeAllowed(media)) {
        throw new ApiError(409, 'not_held_back', 'Only an item that moderation flagged or could not check needs to be allowed into share links.');
      }
      if (changes.albumId !== undefined && changes.albumId !== media.albumId) {
        const target = await getAlbum(store, ownerId, changes.albumId);
        if (!target) throw new ApiError(400, 'invalid_album', 'the item can only move to another of your albums');
        media = present(await moveMedia(store, media, target.albumId, now()), 'media');
      }
      if (changes.caption !== undefined) media = present(await setCaption(store, ownerId, media.mediaId, changes.caption.trim(), now()), 'media');
      if (changes.allowInShares !== undefined) media = present(await setAllowedInShares(store, media, changes.allowInShares, now()), 'media');
      return json(200, await mediaView(media, signer));
    }),
    route('GET', '/api/media/{mediaId}/original', async ({ ownerId, params }) => {
      const media = await ownedMedia(ownerId, params.mediaId!);
      if (media.status === 'uploading') throw new ApiError(409, 'not_uploaded', 'the file has not finished uploading');
      const key = String(media.originalKey);
      const fileName = downloadFileName(String(media.fileName ?? ''), key.slice(key.lastIndexOf('.') + 1));
      const signed = await signOriginalDownload(store.s3, store.originalsBucket, key, fileName, deps.originalUrlTtlSeconds, now());
      const bytes = typeof media.originalBytes === 'number' ? { bytes: media.originalBytes } : {};
      return json(200, { ...signed, fileName, ...bytes });
    }),
    route('POST', '/api/media/{mediaId}/retry', async ({ ownerId, params }) => {
      const media = await ownedMedia(ownerId, params.mediaId!);
      return json(202, await mediaView(await retryMedia(store, deps.processorQueues, media, now()), signer));
    }),
    route('DELETE', '/api/media/{mediaId}', async ({ ownerId, params }) => {
      // A media item left half-deleted by a failure is still found here, so a retry finishes the job.
      const media = await getOwnedMedia(store, ownerId, params.mediaId!, { includeDeleting: true });
      if (!media) throw notFound('media');
      await deleteMediaEverywhere(store, media);
      return noContent();
    }),
    route('GET', '/api/albums/{albumId}/shares', async ({ ownerId, params }) => {
      const album = await ownedAlbum(ownerId, params.albumId!);
      const at = now().getTime();
      return json(200, { items: (await listShareLinks(store, ownerId, album.albumId)).map((link) => shareView(link, at)) });
    }),
    route('POST', '/api/albums/{albumId}/shares', async ({ ownerId, params, body }) => {
      const request = body as { expiresAt?: string; allowDownload?: boolean };
      const at = now();
      let validUntil: string | undefined;
      if (request.expiresAt !== undefined) {
        const until = Date.parse(request.expiresAt);
        if (Number.isNaN(until) || until <= at.getTime()) throw new ApiError(400, 'invalid_request', 'expiresAt must be a time in the future');
        if (until > at.getTime() + MAX_SHARE_SECONDS * 1000) throw new ApiError(400, 'invalid_request', 'a link can be valid for at most a year');
        validUntil = new Date(until).toISOString();
      }
      const link = { shareId: newAlbumId(), ownerId, albumId: params.albumId!, allowDownload: request.allowDownload === true, createdAt: at.toISOString(), ...(validUntil ? { validUntil } : {}) };
      const token = await createShareLink(store, link);
      if (!token) throw notFound('album');
      return json(201, { ...shareView(link, at.getTime()), token });
    }),
    route('DELETE', '/api/albums/{albumId}/shares/{shareId}', async ({ ownerId, params }) => {
      if (!(await revokeShareLink(store, ownerId, params.albumId!, params.shareId!))) throw notFound('share link');
      return noContent();
    }),
    open('GET', '/api/shared', async ({ shareToken }) => {
      const { link, album } = await sharedAlbum(shareToken);
      return json(200, {
        name: album.name,
        ...(album.description === undefined ? {} : { description: album.description }),
        allowDownload: link.allowDownload,
        ...(link.validUntil ? { expiresAt: link.validUntil } : {}),
      });
    }),
    open('GET', '/api/shared/media', async ({ shareToken, query }) => {
      const { link, album } = await sharedAlbum(shareToken);
      // A cursor of one link cannot page another (nor an owner's listing of the same album).
      const scope = `shared:${shareTokenHash(shareToken!)}`;
      const { limit, start } = await page(query, scope);
      const result = await listAlbumMedia(store, album.albumId, limit, start, 'taken');
      const shown = result.items.filter((m) => isShareable(m, link));
      return pageOf(scope, await Promise.all(shown.map((m) => sharedMediaView(m, signer))), result.next);
    }),
    open('GET', '/api/shared/media/{mediaId}/original', async ({ shareToken, params }) => {
      const { link } = await sharedAlbum(shareToken);
      const media = link.allowDownload ? await getMedia(store, params.mediaId!) : undefined;
      if (!media || !isShareable(media, link)) throw linkNotWorking();
      const key = String(media.originalKey);
      const extension = key.slice(key.lastIndexOf('.') + 1);
      // Not the owner's file name, which may say more than the picture does.
      const fileName = `${media.mediaClass === 'video' ? 'video' : 'photo'}-${String(media.takenAt ?? media.createdAt).slice(0, 10)}.${extension}`;
      return json(200, { ...(await signOriginalDownload(store.s3, store.originalsBucket, key, fileName, deps.originalUrlTtlSeconds, now())), fileName });
    }),
    route('GET', '/api/labels', async ({ ownerId, query }) => {
      const scope = `labels:${ownerId}`;
      const { limit, start } = await page(query, scope);
      const result = await listOwnerLabels(store, ownerId, limit, start);
      return pageOf(scope, result.items, result.next);
    }),
    route('GET', '/api/labels/{label}/media', async ({ ownerId, params, query }) => {
      const label = labelKey(params.label!);
      const scope = `label-media:${ownerId}:${label}`;
      const { limit, start } = await page(query, scope);
      const result = await listLabelMedia(store, ownerId, label, limit, start);
      return pageOf(scope, await mediaViews(result.items), result.next);
    }),
  ];
}
