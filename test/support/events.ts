/** Typed event factories, shaped like the real samples in ../shared/fixtures/events. */
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

import { lambdaContext } from '../../src/local/lambda-context.js';
import { encodeS3Key } from '../../src/shared/s3-event.js';

export function s3Notification(bucket: string, keys: readonly string[], eventName = 'ObjectCreated:Put'): string {
  return JSON.stringify({
    Records: keys.map((key, i) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'ap-southeast-2',
      eventTime: new Date(0).toISOString(),
      eventName,
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'test',
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        // Encoded the way S3 encodes keys in notifications.
        object: { key: encodeS3Key(key), size: 1, eTag: 'etag', sequencer: `00${i}` },
      },
    })),
  });
}

export function sqsRecord(body: string, messageId: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-southeast-2:123456789012:q',
    awsRegion: 'ap-southeast-2',
  };
}

export const sqsEvent = (bodies: readonly string[]): SQSEvent => ({ Records: bodies.map((b, i) => sqsRecord(b, `m${i}`)) });

export const testContext = (name = 'test'): Context => lambdaContext(name, 30_000);
