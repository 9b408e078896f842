/**
 * Duplicate uploads: an owner's files by SHA-256. The API records, beside each media item uploaded
 * with a checksum, a lookup item `USER#<owner>` / `SHA256#<base64>` naming it. The lookup is a hint
 * checked against the item it names (which carries the same `sha256`), so a lookup left behind by
 * a failed or deleted item never hides a new upload.
 */
import { createHash, type Hash } from 'node:crypto';

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { PermanentError } from './errors.js';

/** Base64 of the 32-byte digest: the form S3's `x-amz-checksum-sha256` takes. */
export const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

export const SHA256_ATTRIBUTE = 'sha256';

export const checksumKey = (ownerId: string, sha256: string) => ({ pk: `USER#${ownerId}`, sk: `SHA256#${sha256}` });

export const newChecksum = (): Hash => createHash('sha256');

export const sha256Of = (bytes: Uint8Array): string => newChecksum().update(bytes).digest('base64');

/**
 * The processors' check, for S3 deployments that do not verify a POST's checksum (and the local
 * emulator, which never does): bytes that are not the ones the upload declared are not processed.
 */
export function verifyChecksum(expected: unknown, actual: string): void {
  if (typeof expected !== 'string' || expected === actual) return;
  throw new PermanentError('checksum_mismatch', 'The file that arrived is not the one the upload described (its SHA-256 differs), so it was not processed. Upload it again.');
}

/** Drops the lookup of a media item being deleted, unless it already names another item. */
export async function releaseChecksum(store: { readonly doc: DynamoDBDocumentClient; readonly tableName: string }, media: { readonly ownerId: string; readonly mediaId: string; readonly [attribute: string]: unknown }): Promise<void> {
  const sha256 = media[SHA256_ATTRIBUTE];
  if (typeof sha256 !== 'string') return;
  try {
    await store.doc.send(
      new DeleteCommand({
        TableName: store.tableName,
        Key: checksumKey(media.ownerId, sha256),
        ConditionExpression: 'mediaId = :mediaId',
        ExpressionAttributeValues: { ':mediaId': media.mediaId },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
