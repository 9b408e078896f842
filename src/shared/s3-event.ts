/**
 * What a processor queue message means. With SNS raw delivery the body is exactly an S3 event
 * notification, or the s3:TestEvent S3 sends when a notification configuration is saved.
 */
import type { S3Event, S3EventRecord } from 'aws-lambda';

import { PermanentError } from './errors.js';

export interface S3ObjectRef {
  readonly bucket: string;
  /** Decoded: S3 sends keys form-URL-encoded (`red+flower.jpg` for `red flower.jpg`). */
  readonly key: string;
  readonly size: number;
  readonly eTag?: string;
  /** Present when the bucket is versioned (absent from moto's events). */
  readonly versionId?: string;
  /** Orders the events of one key; absent from some emulators. */
  readonly sequencer?: string;
  readonly eventName: string;
  readonly eventTime: string;
}

export type QueueMessage = { readonly kind: 'test-event' } | { readonly kind: 's3-objects'; readonly objects: readonly S3ObjectRef[] };

/** A key as S3 writes it into a notification: form-URL-encoded, slashes left as they are. */
export const encodeS3Key = (key: string): string => encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');

export const decodeS3Key = (encoded: string): string => {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch (error) {
    throw new PermanentError('malformed_event', `object key "${encoded}" is not valid URL encoding`, { cause: error });
  }
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseQueueMessage(body: string): QueueMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new PermanentError('malformed_event', 'queue message body is not JSON', { cause: error });
  }
  if (isRecord(parsed) && parsed.Event === 's3:TestEvent') return { kind: 'test-event' };
  if (!isRecord(parsed) || !Array.isArray(parsed.Records)) {
    throw new PermanentError('malformed_event', 'queue message is neither an S3 event notification nor an s3:TestEvent');
  }
  const objects = (parsed as unknown as S3Event).Records.map(toObjectRef);
  return { kind: 's3-objects', objects };
}

function toObjectRef(record: S3EventRecord): S3ObjectRef {
  const bucket = record?.s3?.bucket?.name;
  const key = record?.s3?.object?.key;
  if (typeof bucket !== 'string' || typeof key !== 'string') {
    throw new PermanentError('malformed_event', 'S3 event record has no bucket name or object key');
  }
  return {
    bucket,
    key: decodeS3Key(key),
    size: Number(record.s3.object.size ?? 0),
    eventName: String(record.eventName ?? ''),
    eventTime: String(record.eventTime ?? ''),
    ...(record.s3.object.eTag ? { eTag: record.s3.object.eTag } : {}),
    ...(record.s3.object.versionId ? { versionId: record.s3.object.versionId } : {}),
    ...(record.s3.object.sequencer ? { sequencer: record.s3.object.sequencer } : {}),
  };
}

/** The notification S3 would have sent, key encoded as S3 encodes it: how reprocess and retry feed a processor. */
export function syntheticNotification(bucket: string, object: { readonly key: string; readonly size: number; readonly eTag?: string; readonly versionId?: string }, now: Date): string {
  const { key, size, eTag, versionId } = object;
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventTime: now.toISOString(),
        eventName: 'ObjectCreated:Reprocess',
        s3: { s3SchemaVersion: '1.0', configurationId: 'reprocess', bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, object: { key: encodeS3Key(key), size, ...(eTag ? { eTag: eTag.replace(/"/g, '') } : {}), ...(versionId ? { versionId } : {}) } },
      },
    ],
  });
}
