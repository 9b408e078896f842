/** Lambda entry for the HTTP API (API Gateway v2 with a Cognito JWT authorizer). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';

import { logger } from '../shared/logger.js';
import { loadApiConfig } from './config.js';
import { apiDeps } from './deps.js';
import { createRouter, type ApiEvent, type ApiResult } from './router.js';
import { createRoutes } from './routes.js';

// Clients and configuration once per container; the handler only routes.
const config = loadApiConfig();
const route = createRouter(createRoutes(apiDeps(config, { s3: new S3Client({ forcePathStyle: config.S3_FORCE_PATH_STYLE }), dynamodb: new DynamoDBClient({}) })));

export const handler = async (event: ApiEvent, context: Context): Promise<ApiResult> => {
  logger.addContext(context);
  return route(event);
};
