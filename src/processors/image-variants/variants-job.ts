/**
 * One original in, its renditions out: read the original from S3, run the sharp pipeline, write
 * every rendition under derived/{mediaId}/ and record them on the media item. Idempotent: the
 * same event twice writes the same objects and the same attributes.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

import { PermanentError } from '../../shared/errors.js';
import { SHA256_ATTRIBUTE, sha256Of, verifyChecksum } from '../../shared/checksums.js';
import { claimOriginal, getMedia, markProcessing } from '../../shared/media-store.js';
import { originalRequest, replacedOriginal } from '../../shared/originals.js';
import { recordRenditions, type RenditionStore } from '../../shared/rendition-store.js';
import type { S3ObjectRef } from '../../shared/s3-event.js';
import { IMMUTABLE_CACHE_CONTROL, RECIPE_VERSIONS, renditionKey, variantFileName, type StoredRendition } from '../../shared/renditions.js';
import { renderVariants, type RenderOptions, type RenderResult } from './pipeline.js';

export const PROCESSOR_NAME = 'image-variants';

export type VariantsDeps = RenditionStore;

export interface VariantsOptions extends RenderOptions {
  /** Uploads larger than this are refused before download (the API caps them too). */
  readonly maxInputBytes: number;
  /** The version of `recipe` (default RECIPE_VERSIONS['image-variants'], which goes with VARIANT_RECIPE). */
  readonly recipeVersion?: number;
}

export type VariantsOutcome = 'ready' | 'media-missing' | 'superseded';

async function readOriginal(s3: S3Client, object: S3ObjectRef, maxBytes: number): Promise<Uint8Array | undefined> {
  if (object.size > maxBytes) throw new PermanentError('too_large', `the file is ${object.size} bytes; the limit is ${maxBytes}`);
  try {
    const response = await s3.send(new GetObjectCommand(originalRequest(object)));
    if ((response.ContentLength ?? 0) > maxBytes) throw new PermanentError('too_large', `the file is ${response.ContentLength} bytes; the limit is ${maxBytes}`);
    return await response.Body!.transformToByteArray();
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw replacedOriginal(error);
  }
}

export async function produceVariants(deps: VariantsDeps, object: S3ObjectRef, mediaId: string, options: VariantsOptions): Promise<VariantsOutcome> {
  const startedAt = new Date();
  const claim = await claimOriginal(deps, mediaId, object);
  if (claim !== 'current') return claim;
  await markProcessing(deps, mediaId);
  const bytes = await readOriginal(deps.s3, object, options.maxInputBytes);
  if (!bytes) return 'media-missing';
  const media = await getMedia(deps, mediaId);
  if (!media) return 'media-missing';
  verifyChecksum(media[SHA256_ATTRIBUTE], sha256Of(bytes));
  const rendered: RenderResult = await renderVariants(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), options);

  const recipeVersion = options.recipeVersion ?? RECIPE_VERSIONS[PROCESSOR_NAME]!;
  const stored: Record<string, StoredRendition> = {};
  await Promise.all(
    rendered.variants.map(async (variant) => {
      const key = renditionKey(mediaId, recipeVersion, variantFileName(variant));
      await deps.s3.send(
        new PutObjectCommand({
          Bucket: deps.derivedBucket,
          Key: key,
          Body: variant.data,
          ContentType: variant.contentType,
          CacheControl: IMMUTABLE_CACHE_CONTROL,
          // Object metadata, not image metadata: lets the labeller skip tiny images without a download.
          Metadata: { width: String(variant.width), height: String(variant.height) },
        }),
      );
      stored[variant.name] = { key, width: variant.width, height: variant.height, format: variant.format, bytes: variant.bytes };
    }),
  );

  const attributes = { original: rendered.original, ...(rendered.location ? { location: rendered.location } : {}) };
  return recordRenditions(deps, mediaId, PROCESSOR_NAME, stored, attributes, { startedAt, recipeVersion, capturedAt: rendered.original.capturedAt });
}
