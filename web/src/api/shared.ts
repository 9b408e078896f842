/**
 * The API as someone with a share link sees it: no session, no Authorization header, only the
 * link's token, sent in the x-share-token header. The token lives in the page URL's fragment,
 * which browsers never send to a server, and goes in a header rather than a path or query so it
 * stays out of every access log on the way.
 */
import createClient from 'openapi-fetch';

import { unwrap, type SharedAlbum, type SharedMedia } from './client.js';
import { pageQuery } from './paging.js';
import type { paths } from './schema.js';

/** What the API issues: 32 random bytes, base64url without padding. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The token in a `/shared#<token>` URL's fragment, or undefined when it cannot be one. */
export function tokenFromHash(hash: string): string | undefined {
  const token = hash.replace(/^#/, '').trim();
  return TOKEN.test(token) ? token : undefined;
}

/** The link the owner hands out: the token after `#`, so opening it never sends the token anywhere. */
export const shareUrl = (origin: string, token: string): string => `${origin}/shared#${token}`;

export interface SharedApi {
  album(): Promise<SharedAlbum>;
  media(cursor?: string): Promise<{ items: SharedMedia[]; nextCursor?: string }>;
  original(mediaId: string): Promise<{ url: string; fileName: string }>;
}

export function createSharedApi(baseUrl: string, token: string): SharedApi {
  // Cookies and a session have no part in a share link: the token alone says what may be seen.
  const client = createClient<paths>({ baseUrl: baseUrl || location.origin, credentials: 'omit' });
  const header = { 'x-share-token': token };
  return {
    album: async () => unwrap(await client.GET('/api/shared', { params: { header } })),
    media: async (cursor) => unwrap(await client.GET('/api/shared/media', { params: { header, query: pageQuery(cursor) } })),
    original: async (mediaId) => unwrap(await client.GET('/api/shared/media/{mediaId}/original', { params: { header, path: { mediaId } } })),
  };
}
