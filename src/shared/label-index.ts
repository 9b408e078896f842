/**
 * The label index, shared by image-labels (which writes it) and the API (which reads it and
 * deletes media). Two kinds of item:
 *   one per (media, label)   pk=MEDIA#<mediaId> sk=LABEL#<label>  gsi2pk=OWNER#<ownerId>#LABEL#<label>
 *                            gsi2sk=<createdAt>#<mediaId>  (an owner's media by label, newest first)
 *   one per (owner, label)   pk=USER#<ownerId>  sk=LABEL#<label>  count  (an owner's labels with counts)
 * Each entry and its counter change in one transaction, conditional on the entry's absence or
 * presence, so a retried or duplicated run can never count a label twice.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { transactWrite } from './transactions.js';

export const labelKey = (name: string): string => name.trim().toLowerCase();

export interface LabelIndexStore {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}

export interface LabelledMedia {
  readonly mediaId: string;
  readonly ownerId: string;
  readonly createdAt: string;
}

export interface IndexedLabel {
  readonly name: string;
  readonly confidence: number;
}

const counterKey = (ownerId: string, label: string) => ({ pk: `USER#${ownerId}`, sk: `LABEL#${label}` });
const entryKey = (mediaId: string, label: string) => ({ pk: `MEDIA#${mediaId}`, sk: `LABEL#${label}` });

/** Runs a conditional transaction; false when its condition found the work already done. */
async function transactIfNeeded(store: LabelIndexStore, items: ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']): Promise<boolean> {
  try {
    await transactWrite(store.doc, { TransactItems: items });
    return true;
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
    throw error;
  }
}

/** The labels a media item is indexed under. */
export async function indexedLabels(store: LabelIndexStore, mediaId: string): Promise<string[]> {
  const labels: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :label)',
        ExpressionAttributeValues: { ':pk': `MEDIA#${mediaId}`, ':label': 'LABEL#' },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    labels.push(...(page.Items ?? []).map((item) => String(item.sk).slice('LABEL#'.length)));
    start = page.LastEvaluatedKey;
  } while (start);
  return labels;
}

export async function addLabel(store: LabelIndexStore, media: LabelledMedia, label: IndexedLabel): Promise<boolean> {
  const key = labelKey(label.name);
  return transactIfNeeded(store, [
    {
      Put: {
        TableName: store.tableName,
        Item: {
          ...entryKey(media.mediaId, key),
          type: 'label',
          mediaId: media.mediaId,
          ownerId: media.ownerId,
          label: key,
          displayName: label.name,
          confidence: label.confidence,
          gsi2pk: `OWNER#${media.ownerId}#LABEL#${key}`,
          gsi2sk: `${media.createdAt}#${media.mediaId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: store.tableName,
        Key: counterKey(media.ownerId, key),
        UpdateExpression: 'ADD #count :one SET #type = :type, #label = :label, #displayName = :displayName',
        ExpressionAttributeNames: { '#count': 'count', '#type': 'type', '#label': 'label', '#displayName': 'displayName' },
        ExpressionAttributeValues: { ':one': 1, ':type': 'label-count', ':label': key, ':displayName': label.name },
      },
    },
  ]);
}

export async function removeLabel(store: LabelIndexStore, media: { mediaId: string; ownerId: string }, label: string): Promise<boolean> {
  return transactIfNeeded(store, [
    { Delete: { TableName: store.tableName, Key: entryKey(media.mediaId, label), ConditionExpression: 'attribute_exists(pk)' } },
    {
      Update: {
        TableName: store.tableName,
        Key: counterKey(media.ownerId, label),
        UpdateExpression: 'ADD #count :minusOne',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':minusOne': -1 },
      },
    },
  ]);
}

/** Makes the index hold exactly these labels for a media item; reruns converge and count once. */
export async function replaceLabels(store: LabelIndexStore, media: LabelledMedia, labels: readonly IndexedLabel[]): Promise<void> {
  const wanted = new Map(labels.map((label) => [labelKey(label.name), label]));
  const existing = new Set(await indexedLabels(store, media.mediaId));
  for (const label of existing) if (!wanted.has(label)) await removeLabel(store, media, label);
  for (const [key, label] of wanted) if (!existing.has(key)) await addLabel(store, media, label);
}

export interface LabelCount {
  readonly label: string;
  readonly displayName: string;
  readonly count: number;
}

/** One page of an owner's labels with how many of their media carry each, in label order. */
export async function listOwnerLabels(store: LabelIndexStore, ownerId: string, limit: number, start: Record<string, unknown> | undefined): Promise<{ items: LabelCount[]; next?: Record<string, unknown> }> {
  const page = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :label)',
      // Counters of labels no media carries any more stay at zero rather than racing a delete.
      FilterExpression: '#count > :zero',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':pk': `USER#${ownerId}`, ':label': 'LABEL#', ':zero': 0 },
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  const items = (page.Items ?? []).map((item) => ({ label: String(item.label), displayName: String(item.displayName ?? item.label), count: Number(item.count) }));
  return { items, ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}) };
}
