/**
 * What every maintenance job reads from its environment and builds from it, once per container:
 * the table and both buckets (what deleting touches) and the album deletion queue. Terraform gives
 * every job these variables (terraform/jobs.tf); the local stack sets the same (src/local/dev.ts).
 */
import { S3Client } from '@aws-sdk/client-s3';

import { type AlbumDeletionQueue, sqsAlbumDeletionQueue } from '../shared/album-deletion-requests.js';
import { awsRuntimeSpec, type ConfigSpec, loadConfig, string } from '../shared/config.js';
import { documentClient } from '../shared/document-client.js';
import type { MediaDeletionStore } from '../shared/media-deletion.js';
import { sqsMessageSender } from '../shared/message-sender.js';

const jobSpec = {
  ...awsRuntimeSpec,
  TABLE_NAME: string(),
  ORIGINALS_BUCKET: string(),
  DERIVED_BUCKET: string(),
  ALBUM_DELETION_QUEUE_URL: string(),
};

type JobConfig = { readonly [K in keyof typeof jobSpec]: ReturnType<(typeof jobSpec)[K]['read']> };

/** The shared variables plus the job's own (`extra`), the store and the queue. */
export function jobEnvironment<Extra>(extra: ConfigSpec<Extra>): { config: Readonly<JobConfig & Extra>; store: MediaDeletionStore; albumDeletions: AlbumDeletionQueue } {
  const config = loadConfig<JobConfig & Extra>({ ...jobSpec, ...extra } as ConfigSpec<JobConfig & Extra>);
  return {
    config,
    store: {
      doc: documentClient(),
      s3: new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }),
      tableName: config.TABLE_NAME,
      originalsBucket: config.ORIGINALS_BUCKET,
      derivedBucket: config.DERIVED_BUCKET,
    },
    albumDeletions: sqsAlbumDeletionQueue(sqsMessageSender(), config.ALBUM_DELETION_QUEUE_URL),
  };
}
