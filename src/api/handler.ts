/** Lambda entry for the HTTP API (API Gateway v2 with a Cognito JWT authorizer). */
import type { Context } from 'aws-lambda';

import { logger } from '../shared/logger.js';
import { createRouter, healthRoute, type ApiEvent, type ApiResult } from './router.js';

const route = createRouter([healthRoute]);

export const handler = async (event: ApiEvent, context: Context): Promise<ApiResult> => {
  logger.addContext(context);
  return route(event);
};
