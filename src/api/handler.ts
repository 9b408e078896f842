/** Lambda entry for the HTTP API (API Gateway v2 with a Cognito JWT authorizer). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';

import { logger } from '../shared/logger.js';
import { loadApiConfig } from './config.js';
import { apiDeps, apiS3Clients } from './deps.js';
import { createRouter, type ApiEvent, type ApiResult } from './router.js';
import { requireOriginSecret } from './origin-verify.js';
import { createRoutes } from './routes.js';

// Clients and configuration once per container; the handler only routes.
const config = loadApiConfig();
const route = requireOriginSecret(config.ORIGIN_VERIFY_SECRET, createRouter(createRoutes(apiDeps(config, { ...apiS3Clients(config), dynamodb: new DynamoDBClient({}) }))));

export const handler = async (event: ApiEvent, context: Context): Promise<ApiResult> => {
  logger.addContext(context);
  return route(event);
};
