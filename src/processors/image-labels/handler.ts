/** Lambda entry: image-labels, fed by the queue subscribed to the derived `web` rendition. */
import { awsRuntimeSpec, integer, loadConfig, string } from '../../shared/config.js';
import { recordRejection } from '../../shared/media-store.js';
import { rekognitionHandlerParts } from '../rekognition.js';
import { sqsBatchHandler } from '../sqs-processor.js';
import { labelMedia, PROCESSOR_NAME } from './labels.js';

const config = loadConfig({
  ...awsRuntimeSpec,
  TABLE_NAME: string(),
  DERIVED_BUCKET: string(),
  LABELS_MIN_CONFIDENCE: integer({ fallback: 80, min: 0, max: 100 }),
  LABELS_MAX: integer({ fallback: 20, min: 1, max: 1000 }),
});

const { deps, claim } = rekognitionHandlerParts(PROCESSOR_NAME, config);
const options = { minConfidence: config.LABELS_MIN_CONFIDENCE, maxLabels: config.LABELS_MAX };

export const { handler, batchProcessor } = sqsBatchHandler({
  name: PROCESSOR_NAME,
  claim,
  process: async (object, { mediaId }) => {
    await labelMedia(deps, object, mediaId, options);
  },
  reject: recordRejection(deps, PROCESSOR_NAME),
});
