/**
 * Short-lived URLs for private media, behind one interface: S3 presigned GETs locally (moto has
 * no CloudFront), CloudFront signed URLs in AWS, where the derived bucket is reachable only
 * through the distribution (Origin Access Control).
 *
 * URLs are stable within a time window: the signing time is floored to a window boundary (aligned
 * to the epoch, so every container agrees) and the expiry is that boundary plus the TTL. The same
 * key therefore gets the same URL for a whole window, which lets the browser's cache (keyed by the
 * full URL, query string included) keep a thumbnail across page views, and every URL handed out
 * stays valid for at least TTL − window. Signatures are also memoised per container, because the
 * RSA signature behind each CloudFront URL is the expensive part of a 100-item page.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl as cloudFrontSignedUrl } from '@aws-sdk/cloudfront-signer';
import { getSignedUrl as s3SignedUrl } from '@aws-sdk/s3-request-presigner';

import type { Secret } from './secrets.js';
import type { SigningKeySource } from './signing-key.js';

export interface SignedUrl {
  readonly url: string;
  readonly expiresAt: string;
}

export interface MediaUrlSigner {
  /** A URL that lets its holder GET one derived object until `expiresAt`. */
  sign(key: string): Promise<SignedUrl>;
}

export type Clock = () => Date;

export interface UrlWindowing {
  /** How long a URL is valid after the start of the window it was signed in. */
  readonly ttlSeconds: number;
  /** How long the same key keeps getting the same URL; must be shorter than the TTL. */
  readonly windowSeconds: number;
  readonly clock?: Clock;
  /** How many signed URLs a container keeps; the least recently used go first. */
  readonly cacheEntries?: number;
}

/** The window a URL is signed for: its signing time and its expiry. */
export interface UrlWindow {
  readonly start: Date;
  readonly expires: Date;
}

/**
 * Enough for several users paging through full 100-item pages (3 variants each) at a few hundred
 * bytes per URL, i.e. a few megabytes of the Lambda's memory.
 */
export const DEFAULT_CACHE_ENTRIES = 10_000;

export function urlWindow(now: Date, ttlSeconds: number, windowSeconds: number): UrlWindow {
  const windowMs = windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  return { start: new Date(start), expires: new Date(start + ttlSeconds * 1000) };
}

/** Signs one object's URL for a window; must give the same URL for the same key and window. */
export type SignForWindow = (key: string, window: UrlWindow) => Promise<string>;

/**
 * A MediaUrlSigner that signs each key at most once per window per container. The cache holds
 * promises, so the same key asked for twice in one page is signed once, and a failed signature is
 * forgotten so the next request tries again.
 */
export function windowedMediaUrlSigner(windowing: UrlWindowing, signForWindow: SignForWindow): MediaUrlSigner {
  if (!(windowing.windowSeconds > 0 && windowing.windowSeconds < windowing.ttlSeconds)) {
    throw new RangeError(`the media URL window (${windowing.windowSeconds} s) must be positive and shorter than the TTL (${windowing.ttlSeconds} s)`);
  }
  const clock = windowing.clock ?? (() => new Date());
  const capacity = windowing.cacheEntries ?? DEFAULT_CACHE_ENTRIES;
  // One entry per key: a new window replaces the old URL instead of leaving it to age out.
  const cache = new Map<string, { readonly windowStart: number; readonly signed: Promise<SignedUrl> }>();

  return {
    sign(key) {
      const window = urlWindow(clock(), windowing.ttlSeconds, windowing.windowSeconds);
      const cached = cache.get(key);
      cache.delete(key);
      if (cached && cached.windowStart === window.start.getTime()) {
        cache.set(key, cached);
        return cached.signed;
      }
      const signed = signForWindow(key, window).then((url) => ({ url, expiresAt: window.expires.toISOString() }));
      const entry = { windowStart: window.start.getTime(), signed };
      cache.set(key, entry);
      signed.catch(() => {
        if (cache.get(key) === entry) cache.delete(key);
      });
      // Map iterates in insertion order and hits are re-inserted, so the first key is the least recently used.
      while (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      return signed;
    },
  };
}

export function s3MediaUrlSigner(s3: S3Client, bucket: string, windowing: UrlWindowing): MediaUrlSigner {
  // SigV4 covers the signing date and the lifetime, not the moment of signing: with the date at the
  // window start, the URL is a function of the key and the window (and the credentials).
  return windowedMediaUrlSigner(windowing, (key, window) =>
    s3SignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: windowing.ttlSeconds, signingDate: window.start }),
  );
}

export type CloudFrontSignerOptions = UrlWindowing & {
  /** The distribution's domain (or an alias), e.g. `d111111abcdef8.cloudfront.net`. */
  readonly domain: string;
} & (
    | {
        /** The public key's ID in the distribution's trusted key group. */
        readonly keyPairId: string;
        /** The PEM private key; called for every signature computed, so it should cache (see secrets.ts). */
        readonly privateKey: Secret;
      }
    | {
        /** The key and its ID read together, so a rotation switches both at once (signing-key.ts). */
        readonly signingKey: SigningKeySource;
      }
  );

export function cloudFrontMediaUrlSigner(options: CloudFrontSignerOptions): MediaUrlSigner {
  const signingKey: SigningKeySource = 'signingKey' in options ? options.signingKey : async () => ({ keyPairId: options.keyPairId, privateKey: await options.privateKey() });
  // A canned policy holds only the resource and the expiry, and RSA PKCS#1 v1.5 signatures are
  // deterministic, so every container signs the same URL for a key in a window.
  return windowedMediaUrlSigner(options, async (objectKey, window) => {
    const url = `https://${options.domain}/${objectKey.split('/').map(encodeURIComponent).join('/')}`;
    const { keyPairId, privateKey } = await signingKey();
    return cloudFrontSignedUrl({ url, keyPairId, privateKey, dateLessThan: window.expires });
  });
}

/**
 * The name a download is saved under: the uploaded name without any path, control characters,
 * quotes or backslashes, at most 200 characters (keeping the extension), and a neutral name when
 * nothing is left.
 */
export function downloadFileName(uploaded: string, fallbackExtension: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (uploaded.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').replace(/\s+/g, ' ').replace(/^[\s.]+|[\s.]+$/g, '');
  if (!base) return `original.${fallbackExtension}`;
  const chars = [...base];
  if (chars.length <= 200) return base;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return chars.slice(0, 200 - [...extension].length).join('') + extension;
}

/**
 * `attachment` with the name twice: an ASCII stand-in for old clients and the exact UTF-8 name
 * (RFC 6266, RFC 8187) for everyone else.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A presigned GET of an original that saves it under its own name. Originals are never cached at
 * the edge (they are private and rarely fetched), so this is a plain S3 URL with a short lifetime.
 */
export async function signOriginalDownload(s3: S3Client, bucket: string, key: string, fileName: string, ttlSeconds: number, now: Date): Promise<SignedUrl> {
  const url = await s3SignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: attachmentDisposition(fileName) }), { expiresIn: ttlSeconds, signingDate: now });
  return { url, expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString() };
}
