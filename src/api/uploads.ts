/**
 * Upload policy: which content types each media class accepts, how big they may be, and the
 * presigned POST that lets a client put exactly one object, at a key we chose, with the type and
 * size it declared. The API never carries the bytes.
 */
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { S3Client } from '@aws-sdk/client-s3';

import { ALLOWED_TYPES } from '../shared/media-types.js';
import type { MediaClass } from '../shared/registry.js';
import { originalKey } from '../shared/topology.js';
import { ApiError } from './http.js';

// The accepted types live with the browser's pre-checks, so client and API cannot disagree.
export { ALLOWED_TYPES };

export interface UploadLimits {
  readonly maxBytes: Readonly<Record<MediaClass, number>>;
}

export interface UploadPlan {
  readonly mediaClass: MediaClass;
  readonly contentType: string;
  readonly key: string;
  readonly bytes: number;
  /** With it, S3 refuses any other bytes (the POST's checksum fields, pinned by the policy). */
  readonly sha256?: string;
}

/** Decides what may be uploaded: 415 for a type we do not take, 413 past the class's cap. */
export function planUpload(mediaId: string, request: { contentType: string; bytes: number; sha256?: string }, limits: UploadLimits): UploadPlan {
  const contentType = request.contentType.trim().toLowerCase();
  const allowed = ALLOWED_TYPES[contentType];
  if (!allowed) {
    throw new ApiError(415, 'unsupported_media_type', `content type ${request.contentType} is not accepted`, { allowed: Object.keys(ALLOWED_TYPES) });
  }
  const cap = limits.maxBytes[allowed.mediaClass];
  if (request.bytes > cap) {
    throw new ApiError(413, 'payload_too_large', `${allowed.mediaClass} uploads are limited to ${cap} bytes; this one declares ${request.bytes}`, { maxBytes: cap });
  }
  return { mediaClass: allowed.mediaClass, contentType, key: originalKey(allowed.mediaClass, mediaId, allowed.extension), bytes: request.bytes, ...(request.sha256 ? { sha256: request.sha256 } : {}) };
}

export interface PresignedUpload {
  readonly url: string;
  readonly fields: Record<string, string>;
  readonly expiresAt: string;
}

/**
 * A POST policy pinning the key, the Content-Type, a length range up to the declared size and,
 * when the client declared one, the SHA-256: each field is also an exact-match condition of the
 * policy, so the client can neither drop nor change it, and S3 checks the bytes against it.
 */
export async function presignUpload(s3: S3Client, bucket: string, plan: UploadPlan, expiresInSeconds: number, now = new Date()): Promise<PresignedUpload> {
  const { url, fields } = await createPresignedPost(s3, {
    Bucket: bucket,
    Key: plan.key,
    Fields: { 'Content-Type': plan.contentType, ...(plan.sha256 ? { 'x-amz-checksum-algorithm': 'SHA256', 'x-amz-checksum-sha256': plan.sha256 } : {}) },
    Conditions: [
      ['eq', '$Content-Type', plan.contentType],
      ['content-length-range', 1, plan.bytes],
    ],
    Expires: expiresInSeconds,
  });
  return { url, fields, expiresAt: new Date(now.getTime() + expiresInSeconds * 1000).toISOString() };
}
