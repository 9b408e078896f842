/**
 * Which deployed stack a command talks to. `local` is the one `make dev` is running (it records
 * its moto endpoint in .local/stack.json, or wherever LOCAL_STACK_FILE says); `aws` is a real
 * environment, reached with the usual credential chain and named by its resource prefix (e.g.
 * photo-album-prod).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';

import { localClients, type LocalAws } from '../local/clients.js';
import { projectRoot } from '../local/paths.js';
import { loadConfig, string } from '../shared/config.js';
import { registry } from '../shared/registry.js';
import { topologyFor, type Topology } from '../shared/topology.js';
import type { WebConfig } from '../shared/web-config.js';

export const DEFAULT_LOCAL_STACK_FILE = join(projectRoot, '.local', 'stack.json');

/**
 * Where `make dev` records its stack. A test stack names its own file, so it never overwrites
 * (or, on stopping, deletes) the record of a `make dev` someone is using.
 */
export function localStackFile(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return resolve(loadConfig({ LOCAL_STACK_FILE: string(DEFAULT_LOCAL_STACK_FILE) }, env).LOCAL_STACK_FILE);
}

/** This process's stack file, as its environment names it. */
export const LOCAL_STACK_FILE = localStackFile();

export interface LocalStackRecord extends LocalAws {
  readonly prefix: string;
  /** Written by dev.ts since the album API; absent in records of older stacks. */
  readonly apiUrl?: string;
  readonly userPool?: { readonly userPoolId: string; readonly clientId: string };
  /** Written by dev.ts since the web app: where it is served and the `/config.json` it gets. */
  readonly webUrl?: string;
  readonly webConfig?: WebConfig;
  /** Process ids as started, moto's and every supervised process's by name, so the load command can read the CPU each uses. */
  readonly pids?: Readonly<Record<string, number>>;
}

/** The record `make dev` wrote, or a clear error when no local stack is running. */
export function readLocalStack(file: string = LOCAL_STACK_FILE): LocalStackRecord {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalStackRecord;
  } catch {
    throw new Error(`no local stack is running (${file} is missing): start one with "make dev"`);
  }
}

export interface StackTarget {
  readonly topology: Topology;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
}

export async function connect(stack: 'local' | 'aws', prefix: string | undefined): Promise<StackTarget> {
  if (stack === 'aws') {
    if (!prefix) throw new Error('--prefix is required with --stack aws (e.g. photo-album-prod)');
    const sqs = new SQSClient({});
    // Terraform suffixes bucket names with the account id; a queue URL carries it, no STS needed.
    const firstQueue = topologyFor(prefix).queues[0]!.name;
    const { QueueUrl = '' } = await sqs.send(new GetQueueUrlCommand({ QueueName: firstQueue }));
    const account = /\/(\d{12})\//.exec(QueueUrl)?.[1];
    if (!account) throw new Error(`cannot tell the account from the URL of queue ${firstQueue}: ${QueueUrl}`);
    return { topology: topologyFor(prefix, registry, { bucketSuffix: account }), s3: new S3Client({}), sqs, dynamodb: new DynamoDBClient({}) };
  }
  const record = readLocalStack();
  const clients = localClients(record);
  return { topology: topologyFor(prefix ?? record.prefix), s3: clients.s3, sqs: clients.sqs, dynamodb: clients.dynamodb };
}
