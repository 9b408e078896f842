/** Lambda entry: image-variants, fed by the queue subscribed to image originals. */
import { S3Client } from '@aws-sdk/client-s3';

import { awsRuntimeSpec, integer, loadConfig, string } from '../../shared/config.js';
import { recordRejection } from '../../shared/media-store.js';
import { documentClient } from '../../shared/document-client.js';
import { DEFAULT_MAX_BYTES } from '../../shared/media-types.js';
import { parseOriginalKey } from '../../shared/media-keys.js';
import { sqsBatchHandler } from '../sqs-processor.js';
import { configureSharp } from './pipeline.js';
import { PROCESSOR_NAME, produceVariants } from './variants-job.js';

const config = loadConfig({
  ...awsRuntimeSpec,
  TABLE_NAME: string(),
  ORIGINALS_BUCKET: string(),
  DERIVED_BUCKET: string(),
  MAX_INPUT_PIXELS: integer({ fallback: 100_000_000, min: 1_000_000 }),
  MAX_INPUT_BYTES: integer({ fallback: DEFAULT_MAX_BYTES.image, min: 1024 }),
  SHARP_CONCURRENCY: integer({ fallback: 0, min: 0, max: 64 }),
});

configureSharp({ concurrency: config.SHARP_CONCURRENCY });

const deps = {
  s3: new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }),
  doc: documentClient(),
  tableName: config.TABLE_NAME,
  derivedBucket: config.DERIVED_BUCKET,
};
const options = { maxInputPixels: config.MAX_INPUT_PIXELS, maxInputBytes: config.MAX_INPUT_BYTES };

export const { handler, batchProcessor } = sqsBatchHandler({
  name: PROCESSOR_NAME,
  claim: (object) => {
    const original = object.bucket === config.ORIGINALS_BUCKET ? parseOriginalKey(object.key) : undefined;
    return original?.mediaClass === 'image' ? { mediaId: original.mediaId } : undefined;
  },
  process: (object, { mediaId }) => produceVariants(deps, object, mediaId, options),
  reject: recordRejection(deps, PROCESSOR_NAME),
}, { processInParallel: false });
