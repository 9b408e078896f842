/**
 * Moderation: Rekognition DetectModerationLabels on a derived JPEG (a photo's `web` rendition or a
 * video's poster frame). An item is flagged when a label reaches the configured confidence in a
 * category the deployment has not chosen to ignore; the finding keeps every label found.
 */
import { DetectModerationLabelsCommand, type ModerationLabel as RekognitionLabel, type RekognitionClient } from '@aws-sdk/client-rekognition';
import type { S3Client } from '@aws-sdk/client-s3';

import { getMedia, type MediaStore, recordProcessorResult } from '../../shared/media-store.js';
import { MODERATION_ATTRIBUTE, type ModerationFinding, type ModerationLabel } from '../../shared/moderation.js';
import type { S3ObjectRef } from '../../shared/s3-event.js';
import { rekognitionFailure, renditionSize, tooSmallForRekognition } from '../rekognition.js';

export interface ModerationOptions {
  /** Lowest confidence, in percent, at which a label counts. */
  readonly minConfidence: number;
  /** Top-level categories that never flag an item (e.g. "Swimwear or Underwear" for a beach club). */
  readonly ignoredCategories: ReadonlySet<string>;
}

export interface ModerationDeps extends MediaStore {
  readonly s3: S3Client;
  readonly rekognition: RekognitionClient;
}

/** Each label's top-level category: Rekognition's taxonomy is three levels deep, parents named. */
function withCategories(labels: readonly RekognitionLabel[]): ModerationLabel[] {
  const parentOf = new Map(labels.filter((l) => l.Name).map((l) => [l.Name!, l.ParentName ?? '']));
  const categoryOf = (name: string): string => {
    let current = name;
    for (let depth = 0; depth < 5 && parentOf.get(current); depth++) current = parentOf.get(current)!;
    return current;
  };
  return labels.filter((l) => l.Name).map((l) => ({ name: l.Name!, category: categoryOf(l.Name!), confidence: Math.round((l.Confidence ?? 0) * 100) / 100 }));
}

export async function detectModeration(rekognition: RekognitionClient, object: { bucket: string; key: string }, options: ModerationOptions): Promise<ModerationFinding> {
  try {
    const { ModerationLabels = [], ModerationModelVersion } = await rekognition.send(
      new DetectModerationLabelsCommand({ Image: { S3Object: { Bucket: object.bucket, Name: object.key } }, MinConfidence: options.minConfidence }),
    );
    const labels = withCategories(ModerationLabels).filter((l) => l.confidence >= options.minConfidence);
    const categories = [...new Set(labels.map((l) => l.category))].filter((c) => !options.ignoredCategories.has(c));
    return { flagged: categories.length > 0, categories, labels, ...(ModerationModelVersion ? { modelVersion: ModerationModelVersion } : {}) };
  } catch (error) {
    throw rekognitionFailure(error, object, 'moderation');
  }
}

export type ModerationOutcome = 'clear' | 'flagged' | 'skipped' | 'media-missing';

export async function moderateMedia(deps: ModerationDeps, processor: string, object: S3ObjectRef, mediaId: string, options: ModerationOptions, now = new Date()): Promise<ModerationOutcome> {
  if (!(await getMedia(deps, mediaId))) return 'media-missing';
  const size = await renditionSize(deps.s3, object);
  if (size === 'missing') return 'media-missing';
  const reason = tooSmallForRekognition(size);
  if (reason) {
    // Unchecked, so held back from share links until its owner allows it; an earlier finding goes.
    await recordProcessorResult(deps, mediaId, processor, { status: 'skipped', reason, startedAt: now, attributes: { [MODERATION_ATTRIBUTE]: null } }, now);
    return 'skipped';
  }
  const finding = await detectModeration(deps.rekognition, object, options);
  const updated = await recordProcessorResult(deps, mediaId, processor, { status: 'succeeded', startedAt: now, attributes: { [MODERATION_ATTRIBUTE]: finding } }, now);
  if (!updated) return 'media-missing';
  return finding.flagged ? 'flagged' : 'clear';
}
