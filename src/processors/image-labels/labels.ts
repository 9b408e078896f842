/**
 * AI labels for a photo: Rekognition DetectLabels on the derived `web` JPEG (never the original,
 * which may be HEIC, TIFF or 16-bit PNG, all formats Rekognition refuses).
 */
import { DetectLabelsCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { HeadObjectCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { PermanentError, TransientError } from '../../shared/errors.js';
import { replaceLabels } from '../../shared/label-index.js';
import { getMedia, type MediaStore, recordProcessorResult } from '../../shared/media-store.js';
import type { S3ObjectRef } from '../../shared/s3-event.js';

export const PROCESSOR_NAME = 'image-labels';

/** Rekognition rejects images under 80 pixels on either side. */
export const REKOGNITION_MIN_SIDE = 80;

export interface Label {
  readonly name: string;
  readonly confidence: number;
}

export interface LabelOptions {
  readonly minConfidence: number;
  readonly maxLabels: number;
}

export interface LabelDeps extends MediaStore {
  readonly s3: S3Client;
  readonly rekognition: RekognitionClient;
  readonly doc: DynamoDBDocumentClient;
}

const PERMANENT_REKOGNITION_ERRORS = new Set(['InvalidImageFormatException', 'ImageTooLargeException', 'InvalidParameterException']);

/**
 * Rekognition's word for "I could not read that object". labelMedia has just seen the rendition
 * with HeadObject, so the object exists: what is missing is access (the bucket policy, the role,
 * a KMS key). That is the deployment's fault, fixed by a deploy, so it is retried and ends in the
 * DLQ with its alarm rather than dropping this image's labels for good.
 */
const REKOGNITION_ACCESS_ERROR = 'InvalidS3ObjectException';

export async function detectLabels(rekognition: RekognitionClient, object: { bucket: string; key: string }, options: LabelOptions): Promise<Label[]> {
  try {
    const { Labels = [] } = await rekognition.send(
      new DetectLabelsCommand({
        Image: { S3Object: { Bucket: object.bucket, Name: object.key } },
        MinConfidence: options.minConfidence,
        MaxLabels: options.maxLabels,
      }),
    );
    return Labels.filter((l) => l.Name && (l.Confidence ?? 0) >= options.minConfidence).map((l) => ({
      name: l.Name!,
      confidence: Math.round((l.Confidence ?? 0) * 100) / 100,
    }));
  } catch (error) {
    const name = (error as Error).name;
    if (name === REKOGNITION_ACCESS_ERROR) {
      throw new TransientError('labels_s3_access', `Rekognition could not read ${object.key} from ${object.bucket}: check its access to the bucket and the bucket's KMS key`, { cause: error });
    }
    if (PERMANENT_REKOGNITION_ERRORS.has(name)) {
      throw new PermanentError('labels_rejected', `Rekognition cannot label this image (${name.replace(/Exception$/, '')})`, { cause: error });
    }
    throw new TransientError('labels_unavailable', `Rekognition call failed (${name})`, { cause: error });
  }
}

/** The dimensions image-variants stored with the rendition, so tiny images skip the paid call. */
async function renditionSize(s3: S3Client, object: S3ObjectRef): Promise<{ width: number; height: number } | 'missing'> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key }));
    return { width: Number(head.Metadata?.width ?? NaN), height: Number(head.Metadata?.height ?? NaN) };
  } catch (error) {
    if (error instanceof NotFound || (error as Error).name === 'NotFound') return 'missing';
    throw error;
  }
}

export type LabelOutcome = 'labelled' | 'skipped' | 'media-missing';

export async function labelMedia(deps: LabelDeps, object: S3ObjectRef, mediaId: string, options: LabelOptions, now = new Date()): Promise<LabelOutcome> {
  const media = await getMedia(deps, mediaId);
  if (!media) return 'media-missing';
  const size = await renditionSize(deps.s3, object);
  if (size === 'missing') return 'media-missing';
  if (size.width < REKOGNITION_MIN_SIDE || size.height < REKOGNITION_MIN_SIDE) {
    const reason = `image is ${size.width}x${size.height}; Rekognition needs at least ${REKOGNITION_MIN_SIDE} pixels a side`;
    await recordProcessorResult(deps, mediaId, PROCESSOR_NAME, { status: 'skipped', reason, startedAt: now, attributes: { labels: [] } }, now);
    return 'skipped';
  }
  const labels = await detectLabels(deps.rekognition, object, options);
  await replaceLabels(deps, media, labels);
  const updated = await recordProcessorResult(deps, mediaId, PROCESSOR_NAME, { status: 'succeeded', startedAt: now, attributes: { labels } }, now);
  if (!updated) {
    // Deleted while we worked: take back the index entries we just wrote.
    await replaceLabels(deps, media, []);
    return 'media-missing';
  }
  return 'labelled';
}
