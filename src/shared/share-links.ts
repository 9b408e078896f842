/**
 * Share links: read-only access to one album for anyone holding a token, without an account.
 *
 *   lookup   pk=SHARE#<SHA-256 of the token>  sk=SHARE                       (what a viewer's request reads)
 *   listing  pk=USER#<ownerId>                sk=SHARE#<albumId>#<shareId>   (the owner's list; holds the hash)
 *
 * The token (32 random bytes, base64url) is returned once, when the link is made; only its hash is
 * stored, so a copy of the table opens nothing. Both items are written and deleted together, and a
 * viewer's request reads the lookup item with a consistent read: a revocation takes effect on the
 * next request. Expired items stay (so the owner sees "expired") until DynamoDB's TTL removes them
 * a month after their expiry.
 */
import { createHash, randomBytes } from 'node:crypto';

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { transactWrite } from './transactions.js';

import { albumKey } from './media-store.js';

export interface ShareStore {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}

export interface ShareLink {
  readonly shareId: string;
  readonly ownerId: string;
  readonly albumId: string;
  readonly allowDownload: boolean;
  readonly createdAt: string;
  /** ISO instant; absent: until revoked. */
  readonly validUntil?: string;
}

/** 256 bits, base64url without padding: 43 characters. */
export const SHARE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const newShareToken = (): string => randomBytes(32).toString('base64url');
export const shareTokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');

const lookupKey = (tokenHash: string) => ({ pk: `SHARE#${tokenHash}`, sk: 'SHARE' });
const listingKey = (ownerId: string, albumId: string, shareId: string) => ({ pk: `USER#${ownerId}`, sk: `SHARE#${albumId}#${shareId}` });

/** Expired links linger this long for their owner to see, then TTL removes them. */
const EXPIRED_LINKS_KEPT_SECONDS = 30 * 24 * 3600;

const fields = (share: ShareLink) => ({
  shareId: share.shareId,
  ownerId: share.ownerId,
  albumId: share.albumId,
  allowDownload: share.allowDownload,
  createdAt: share.createdAt,
  ...(share.validUntil ? { validUntil: share.validUntil, expiresAt: Math.floor(Date.parse(share.validUntil) / 1000) + EXPIRED_LINKS_KEPT_SECONDS } : {}),
});

const toShare = (item: Record<string, unknown>): ShareLink => ({
  shareId: String(item.shareId),
  ownerId: String(item.ownerId),
  albumId: String(item.albumId),
  allowDownload: item.allowDownload === true,
  createdAt: String(item.createdAt),
  ...(typeof item.validUntil === 'string' ? { validUntil: item.validUntil } : {}),
});

/**
 * Makes a link to an album that exists and is not being deleted, in one transaction with that
 * check. Returns the token, which exists nowhere else, or undefined when the album is gone or going.
 */
export async function createShareLink(store: ShareStore, share: ShareLink, token: string = newShareToken()): Promise<string | undefined> {
  const tokenHash = shareTokenHash(token);
  try {
    await transactWrite(store.doc, {
        TransactItems: [
          { ConditionCheck: { TableName: store.tableName, Key: albumKey(share.ownerId, share.albumId), ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletingSince)' } },
          { Put: { TableName: store.tableName, Item: { ...lookupKey(tokenHash), type: 'share', ...fields(share) }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: store.tableName, Item: { ...listingKey(share.ownerId, share.albumId, share.shareId), type: 'share-listing', tokenHash, ...fields(share) } } },
        ],
      });
    return token;
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return undefined;
    throw error;
  }
}

/** The album's links, newest first (share ids are time-ordered). */
export async function listShareLinks(store: ShareStore, ownerId: string, albumId: string): Promise<(ShareLink & { readonly tokenHash: string })[]> {
  const links: (ShareLink & { readonly tokenHash: string })[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `USER#${ownerId}`, ':prefix': `SHARE#${albumId}#` },
        ScanIndexForward: false,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) links.push({ ...toShare(item), tokenHash: String(item.tokenHash) });
    start = page.LastEvaluatedKey;
  } while (start);
  return links;
}

/** Revokes one link (both its items at once); false when the owner's album has no such link. */
export async function revokeShareLink(store: ShareStore, ownerId: string, albumId: string, shareId: string): Promise<boolean> {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: listingKey(ownerId, albumId, shareId), ConsistentRead: true }));
  if (!Item) return false;
  await transactWrite(store.doc, {
    TransactItems: [
      { Delete: { TableName: store.tableName, Key: lookupKey(String(Item.tokenHash)) } },
      { Delete: { TableName: store.tableName, Key: listingKey(ownerId, albumId, shareId) } },
    ],
  });
  return true;
}

/** Every link of an album goes with it (the album deleter's last step). */
export async function deleteAlbumShareLinks(store: ShareStore, ownerId: string, albumId: string): Promise<void> {
  for (const link of await listShareLinks(store, ownerId, albumId)) {
    await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: lookupKey(link.tokenHash) }));
    await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: listingKey(ownerId, albumId, link.shareId) }));
  }
}

/**
 * The link a token opens right now, read consistently: undefined for a malformed, unknown,
 * revoked or expired token alike, so no answer tells one from another.
 */
export async function openShareLink(store: ShareStore, token: string | undefined, now: Date): Promise<ShareLink | undefined> {
  if (!token || !SHARE_TOKEN.test(token)) return undefined;
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: lookupKey(shareTokenHash(token)), ConsistentRead: true }));
  if (!Item) return undefined;
  const share = toShare(Item);
  return share.validUntil && Date.parse(share.validUntil) <= now.getTime() ? undefined : share;
}
