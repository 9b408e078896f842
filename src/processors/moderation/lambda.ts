/** The Lambda handler of a moderation processor; image-moderation and poster-moderation differ only in name and input. */
import { awsRuntimeSpec, integer, loadConfig, string } from '../../shared/config.js';
import { recordRejection } from '../../shared/media-store.js';
import { rekognitionHandlerParts } from '../rekognition.js';
import { sqsBatchHandler } from '../sqs-processor.js';
import { moderateMedia } from './moderation.js';

export function moderationHandler(processor: string) {
  const config = loadConfig({
    ...awsRuntimeSpec,
    TABLE_NAME: string(),
    DERIVED_BUCKET: string(),
    MODERATION_MIN_CONFIDENCE: integer({ fallback: 60, min: 0, max: 100 }),
    // Comma-separated top-level categories; empty flags every category.
    MODERATION_IGNORED_CATEGORIES: string(''),
  });
  const { deps, claim } = rekognitionHandlerParts(processor, config);
  const options = {
    minConfidence: config.MODERATION_MIN_CONFIDENCE,
    ignoredCategories: new Set(config.MODERATION_IGNORED_CATEGORIES.split(',').map((c) => c.trim()).filter(Boolean)),
  };
  return sqsBatchHandler({
    name: processor,
    claim,
    process: (object, { mediaId }) => moderateMedia(deps, processor, object, mediaId, options),
    reject: recordRejection(deps, processor),
  });
}
