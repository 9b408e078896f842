/**
 * Creates the local stack from the topology, idempotently: running it twice leaves the same
 * resources. Mirrors what terraform/ builds from the same registry.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException, UpdateTimeToLiveCommand, type AttributeDefinition } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketCorsCommand, PutBucketVersioningCommand, PutBucketNotificationConfigurationCommand, S3Client, type TopicConfiguration, type FilterRule } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SetSubscriptionAttributesCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';

import type { BucketRole, Topology } from '../shared/topology.js';

export interface LocalClients {
  readonly s3: S3Client;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
}

export interface ProvisionedQueue {
  readonly processor: string;
  readonly url: string;
  readonly arn: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
}

export interface ProvisionedStack {
  readonly topology: Topology;
  readonly topicArns: Readonly<Record<string, string>>;
  readonly queues: Readonly<Record<string, ProvisionedQueue>>;
  /** Queue-fed jobs' queues, by job name (fed by our own code, so no subscription). */
  readonly jobQueues: Readonly<Record<string, Omit<ProvisionedQueue, 'processor'>>>;
}

export interface ProvisionOptions {
  /** Origins allowed to upload straight to the originals bucket from a browser. */
  readonly corsOrigins?: readonly string[];
  /** Overrides every processor queue's visibility timeout from the registry (tests that kill pollers). */
  readonly visibilityTimeoutSeconds?: number;
  readonly log?: (line: string) => void;
}

const accountOf = (arn: string): string => arn.split(':')[4] ?? '';

export async function provision(clients: LocalClients, topology: Topology, options: ProvisionOptions = {}): Promise<ProvisionedStack> {
  const log = options.log ?? (() => undefined);
  for (const role of ['originals', 'derived'] as const) {
    await createBucket(clients.s3, topology.buckets[role]);
  }
  // As in Terraform: a second upload to a used key becomes a new version, so the first one's bytes
  // survive for the sweeper to restore.
  await clients.s3.send(new PutBucketVersioningCommand({ Bucket: topology.buckets.originals, VersioningConfiguration: { Status: 'Enabled' } }));
  await clients.s3.send(
    new PutBucketCorsCommand({
      Bucket: topology.buckets.originals,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedMethods: ['POST', 'PUT'],
            AllowedOrigins: [...(options.corsOrigins ?? ['http://127.0.0.1:3000', 'http://localhost:3000'])],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag'],
            MaxAgeSeconds: 3000,
          },
        ],
      },
    }),
  );
  log(`buckets: ${topology.buckets.originals}, ${topology.buckets.derived}`);

  const topicArns: Record<string, string> = {};
  for (const topic of topology.topics) {
    const { TopicArn } = await clients.sns.send(new CreateTopicCommand({ Name: topic.name }));
    if (!TopicArn) throw new Error(`no ARN for topic ${topic.name}`);
    topicArns[topic.id] = TopicArn;
    await clients.sns.send(
      new SetTopicAttributesCommand({
        TopicArn,
        AttributeName: 'Policy',
        AttributeValue: JSON.stringify(topicPolicy(TopicArn, topology.buckets[topic.bucket])),
      }),
    );
  }
  log(`topics: ${topology.topics.map((t) => t.name).join(', ')}`);

  const queues: Record<string, ProvisionedQueue> = {};
  for (const spec of topology.queues) {
    const dlqUrl = await createQueue(clients.sqs, spec.dlqName, { MessageRetentionPeriod: String(14 * 24 * 3600) });
    const dlqArn = await queueArn(clients.sqs, dlqUrl);
    const url = await createQueue(clients.sqs, spec.name, {
      VisibilityTimeout: String(options.visibilityTimeoutSeconds || spec.visibilityTimeoutSeconds),
      ReceiveMessageWaitTimeSeconds: '20',
    });
    const arn = await queueArn(clients.sqs, url);
    const topicArn = topicArns[spec.topicId];
    if (!topicArn) throw new Error(`queue ${spec.name} consumes unknown topic ${spec.topicId}`);
    await clients.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: url,
        Attributes: {
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.receiveLimit }),
          Policy: JSON.stringify(queuePolicy(arn, topicArn)),
        },
      }),
    );
    const { SubscriptionArn } = await clients.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: arn, ReturnSubscriptionArn: true }));
    if (!SubscriptionArn) throw new Error(`no subscription for ${spec.name}`);
    // Raw delivery makes each queue message body exactly the S3 event notification.
    await clients.sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'RawMessageDelivery', AttributeValue: 'true' }));
    queues[spec.processor] = { processor: spec.processor, url, arn, dlqUrl, dlqArn };
  }
  log(`queues: ${topology.queues.map((q) => `${q.name} (+dlq, ${q.receiveLimit} receives)`).join(', ')}`);

  const jobQueues: Record<string, Omit<ProvisionedQueue, 'processor'>> = {};
  for (const spec of topology.jobQueues) {
    const dlqUrl = await createQueue(clients.sqs, spec.dlqName, { MessageRetentionPeriod: String(14 * 24 * 3600) });
    const dlqArn = await queueArn(clients.sqs, dlqUrl);
    const url = await createQueue(clients.sqs, spec.name, {
      VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
      ReceiveMessageWaitTimeSeconds: '20',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.receiveLimit }),
    });
    jobQueues[spec.job] = { url, arn: await queueArn(clients.sqs, url), dlqUrl, dlqArn };
  }
  if (topology.jobQueues.length > 0) log(`job queues: ${topology.jobQueues.map((q) => `${q.name} (+dlq, ${q.receiveLimit} receives)`).join(', ')}`);

  for (const role of ['originals', 'derived'] as const) {
    await putNotifications(clients.s3, topology, role, topicArns);
  }
  await createTable(clients.dynamodb, topology);
  log(`table: ${topology.tableName}`);
  return { topology, topicArns, queues, jobQueues };
}

async function createBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if ((error as Error).name !== 'BucketAlreadyOwnedByYou') throw error;
  }
}

async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error(`no URL for queue ${name}`);
  // Attributes are set separately: CreateQueue fails on an existing queue whose attributes differ.
  await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
  return QueueUrl;
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`no ARN for queue ${url}`);
  return arn;
}

async function putNotifications(s3: S3Client, topology: Topology, role: BucketRole, topicArns: Record<string, string>): Promise<void> {
  const configurations: TopicConfiguration[] = topology.topics
    .filter((topic) => topic.bucket === role)
    .map((topic) => {
      const rules: FilterRule[] = [{ Name: 'prefix', Value: topic.filter.prefix }];
      if (topic.filter.suffix) rules.push({ Name: 'suffix', Value: topic.filter.suffix });
      const arn = topicArns[topic.id];
      if (!arn) throw new Error(`no topic ${topic.id}`);
      return { Id: topic.name, TopicArn: arn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: rules } } };
    });
  await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: topology.buckets[role], NotificationConfiguration: { TopicConfigurations: configurations } }));
}

async function createTable(dynamodb: DynamoDBClient, topology: Topology): Promise<void> {
  const { table, tableName } = topology;
  const keys = [table.hashKey, table.rangeKey, ...table.globalSecondaryIndexes.flatMap((i) => [i.hashKey, i.rangeKey])];
  const attributes: AttributeDefinition[] = [...new Set(keys)].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributes,
        KeySchema: [
          { AttributeName: table.hashKey, KeyType: 'HASH' },
          { AttributeName: table.rangeKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.hashKey, KeyType: 'HASH' },
            { AttributeName: index.rangeKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  await dynamodb.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true } }));
}

function topicPolicy(topicArn: string, bucket: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowOurBucketOnly',
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'SNS:Publish',
        Resource: topicArn,
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${bucket}` }, StringEquals: { 'aws:SourceAccount': accountOf(topicArn) } },
      },
    ],
  };
}

function queuePolicy(queueArn: string, topicArn: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowOurTopicOnly',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  };
}
