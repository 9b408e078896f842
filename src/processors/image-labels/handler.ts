/** Lambda entry: image-labels, fed by the queue subscribed to the derived `web` rendition. */
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { S3Client } from '@aws-sdk/client-s3';

import { awsRuntimeSpec, integer, loadConfig, string } from '../../shared/config.js';
import { recordRejection } from '../../shared/media-store.js';
import { consumedFileName } from '../../shared/registry.js';
import { documentClient } from '../../shared/document-client.js';
import { parseDerivedKey } from '../../shared/media-keys.js';
import { sqsBatchHandler } from '../sqs-processor.js';
import { labelMedia, PROCESSOR_NAME } from './labels.js';

const config = loadConfig({
  ...awsRuntimeSpec,
  TABLE_NAME: string(),
  DERIVED_BUCKET: string(),
  LABELS_MIN_CONFIDENCE: integer({ fallback: 80, min: 0, max: 100 }),
  LABELS_MAX: integer({ fallback: 20, min: 1, max: 1000 }),
});

const deps = {
  s3: new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }),
  rekognition: new RekognitionClient({}),
  doc: documentClient(),
  tableName: config.TABLE_NAME,
};
const renditionFile = consumedFileName(PROCESSOR_NAME);
const options = { minConfidence: config.LABELS_MIN_CONFIDENCE, maxLabels: config.LABELS_MAX };

export const { handler, batchProcessor } = sqsBatchHandler({
  name: PROCESSOR_NAME,
  claim: (object) => {
    const derived = object.bucket === config.DERIVED_BUCKET ? parseDerivedKey(object.key) : undefined;
    return derived?.fileName === renditionFile ? { mediaId: derived.mediaId } : undefined;
  },
  process: async (object, { mediaId }) => {
    await labelMedia(deps, object, mediaId, options);
  },
  reject: recordRejection(deps, PROCESSOR_NAME),
});
