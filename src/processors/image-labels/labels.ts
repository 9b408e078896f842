/**
 * AI labels for a photo: Rekognition DetectLabels on the derived `web` JPEG (never the original,
 * which may be HEIC, TIFF or 16-bit PNG, all formats Rekognition refuses).
 */
import { DetectLabelsCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { replaceLabels } from '../../shared/label-index.js';
import { getMedia, type MediaStore, recordProcessorResult } from '../../shared/media-store.js';
import type { S3ObjectRef } from '../../shared/s3-event.js';
import { rekognitionFailure, renditionSize, tooSmallForRekognition } from '../rekognition.js';

export const PROCESSOR_NAME = 'image-labels';

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
    throw rekognitionFailure(error, object, 'labels');
  }
}

export type LabelOutcome = 'labelled' | 'skipped' | 'media-missing';

export async function labelMedia(deps: LabelDeps, object: S3ObjectRef, mediaId: string, options: LabelOptions, now = new Date()): Promise<LabelOutcome> {
  const media = await getMedia(deps, mediaId);
  if (!media) return 'media-missing';
  const size = await renditionSize(deps.s3, object);
  if (size === 'missing') return 'media-missing';
  const reason = tooSmallForRekognition(size);
  if (reason) {
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
