/**
 * The API's one error shape, `{"error":{"code","message","details"?}}`, and the single place that
 * turns any thrown value into a response. Unknown errors become a generic 500: no stack traces
 * and no AWS error text ever reach a client.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

import { logger } from '../shared/logger.js';

export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Headers the answer needs beside the body, such as a 405's `Allow`. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'resource'): ApiError => new ApiError(404, 'not_found', `${what} not found`);
export const unauthorized = (): ApiError => new ApiError(401, 'unauthorized', 'a valid bearer token is required');

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

export const json = (status: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { ...JSON_HEADERS },
  body: JSON.stringify(body),
});

export function errorResponse(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (error instanceof ApiError) {
    const body = { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
    const response = json(error.status, body);
    return error.headers ? { ...response, headers: { ...response.headers, ...error.headers } } : response;
  }
  logger.error('unhandled error', { error: error as Error });
  return json(500, { error: { code: 'internal_error', message: 'internal error' } });
}
