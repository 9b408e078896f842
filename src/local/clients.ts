import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

import type { LocalClients } from './provision.js';

/** Credentials moto accepts; they open nothing anywhere else. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface LocalAws {
  readonly endpoint: string;
  readonly region: string;
}

/** Real SDK clients pointed at moto. S3 goes path-style because loopback has no bucket subdomains. */
export function localClients({ endpoint, region }: LocalAws): LocalClients {
  const common = { endpoint, region, credentials: LOCAL_CREDENTIALS };
  return {
    s3: new S3Client({ ...common, forcePathStyle: true }),
    sns: new SNSClient(common),
    sqs: new SQSClient(common),
    dynamodb: new DynamoDBClient(common),
  };
}

/** The environment a local Lambda or worker process gets, as Terraform would set it in AWS. */
export function localAwsEnvironment({ endpoint, region }: LocalAws): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  };
}
