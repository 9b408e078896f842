/** The Lambda handler of a moderation processor; image-moderation and poster-moderation differ only in name and input. */
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';

import { awsRuntimeSpec, integer, loadConfig, string } from '../../shared/config.js';
import { documentClient } from '../../shared/document-client.js';
import { parseDerivedKey } from '../../shared/media-keys.js';
import { recordRejection } from '../../shared/media-store.js';
import { consumedFileName } from '../../shared/registry.js';
import { sqsBatchHandler } from '../sqs-processor.js';
import { moderateMedia } from './moderation.js';

export function moderationHandler(processor: string) {
  const config = loadConfig({
    ...awsRuntimeSpec,
    TABLE_NAME: string(),
    DERIVED_BUCKET: string(),
    MODERATION_MIN_CONFIDENCE: integer({ fallback: 80, min: 0, max: 100 }),
    // Comma-separated top-level categories; empty flags every category.
    MODERATION_IGNORED_CATEGORIES: string(''),
  });
  const deps = {
    s3: new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }),
    rekognition: new RekognitionClient({}),
    doc: documentClient(),
    tableName: config.TABLE_NAME,
  };
  const renditionFile = consumedFileName(processor);
  const options = {
    minConfidence: config.MODERATION_MIN_CONFIDENCE,
    ignoredCategories: new Set(config.MODERATION_IGNORED_CATEGORIES.split(',').map((c) => c.trim()).filter(Boolean)),
  };
  return sqsBatchHandler({
    name: processor,
    claim: (object) => {
      const derived = object.bucket === config.DERIVED_BUCKET ? parseDerivedKey(object.key) : undefined;
      return derived?.fileName === renditionFile ? { mediaId: derived.mediaId } : undefined;
    },
    process: (object, { mediaId }) => moderateMedia(deps, processor, object, mediaId, options),
    reject: recordRejection(deps, processor),
  });
}
