/**
 * Short-lived URLs for private media, behind one interface: S3 presigned GETs locally (moto has
 * no CloudFront), CloudFront signed URLs in AWS, where the derived bucket is reachable only
 * through the distribution (Origin Access Control). Expiry is configuration.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl as cloudFrontSignedUrl } from '@aws-sdk/cloudfront-signer';
import { getSignedUrl as s3SignedUrl } from '@aws-sdk/s3-request-presigner';

import type { Secret } from './secrets.js';

export interface SignedUrl {
  readonly url: string;
  readonly expiresAt: string;
}

export interface MediaUrlSigner {
  /** A URL that lets its holder GET one derived object until `expiresAt`. */
  sign(key: string): Promise<SignedUrl>;
}

export type Clock = () => Date;

export function s3MediaUrlSigner(s3: S3Client, bucket: string, expiresInSeconds: number, clock: Clock = () => new Date()): MediaUrlSigner {
  return {
    async sign(key) {
      const now = clock();
      const url = await s3SignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds, signingDate: now });
      return { url, expiresAt: new Date(now.getTime() + expiresInSeconds * 1000).toISOString() };
    },
  };
}

export interface CloudFrontSignerOptions {
  /** The distribution's domain (or an alias), e.g. `d111111abcdef8.cloudfront.net`. */
  readonly domain: string;
  /** The public key's ID in the distribution's trusted key group. */
  readonly keyPairId: string;
  readonly expiresInSeconds: number;
  /** The PEM private key; called on every signature, so it should cache (see secrets.ts). */
  readonly privateKey: Secret;
  readonly clock?: Clock;
}

export function cloudFrontMediaUrlSigner(options: CloudFrontSignerOptions): MediaUrlSigner {
  const clock = options.clock ?? (() => new Date());
  return {
    async sign(objectKey) {
      const expires = new Date(clock().getTime() + options.expiresInSeconds * 1000);
      const url = `https://${options.domain}/${objectKey.split('/').map(encodeURIComponent).join('/')}`;
      const signed = cloudFrontSignedUrl({ url, keyPairId: options.keyPairId, privateKey: await options.privateKey(), dateLessThan: expires });
      return { url: signed, expiresAt: expires.toISOString() };
    },
  };
}
