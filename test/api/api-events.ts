/** API Gateway HTTP API (payload 2.0) events for unit tests, shaped like the real JWT-authorizer sample in ../shared/fixtures/events. */
import { readFileSync } from 'node:fs';

import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

import { fixture } from '../support/fixtures.js';

const sample = JSON.parse(readFileSync(fixture('events/apigw-v2-request-jwt-authorizer.json'), 'utf8')) as APIGatewayProxyEventV2WithJWTAuthorizer;

export function apiEvent(method: string, path: string, options: { sub?: string; body?: unknown; query?: Record<string, string> } = {}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { authorizer, ...context } = sample.requestContext;
  return {
    ...sample,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    ...(options.query ? { queryStringParameters: options.query } : { queryStringParameters: undefined }),
    ...(options.body === undefined ? { body: undefined } : { body: JSON.stringify(options.body), isBase64Encoded: false, headers: { ...sample.headers, 'content-type': 'application/json' } }),
    requestContext: {
      ...context,
      http: { ...sample.requestContext.http, method, path },
      ...(options.sub ? { authorizer: { ...authorizer, jwt: { ...authorizer.jwt, claims: { ...authorizer.jwt.claims, sub: options.sub } } } } : {}),
    } as APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'],
  };
}
