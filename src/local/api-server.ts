/**
 * The local stand-in for API Gateway (HTTP API): turns HTTP requests into payload-format 2.0
 * events for the same handler Lambda runs. Identity comes only from a verified token; without a
 * verifier the event carries no claims, so no header can claim to be anyone.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

import { lambdaContext } from './lambda-context.js';

export type ApiHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export type JwtClaims = Record<string, string | number | boolean | string[]>;

/** Resolves the claims of a valid bearer token, or undefined when absent or invalid. */
export type TokenVerifier = (authorization: string | undefined) => Promise<JwtClaims | undefined>;

export interface ApiServerOptions {
  readonly handler: ApiHandler;
  readonly verifyToken?: TokenVerifier;
  /** API Gateway refuses payloads over 10 MB; the API never carries media bytes anyway. */
  readonly maxBodyBytes?: number;
  readonly timeoutMs?: number;
}

const TEXT_TYPES = /^(application\/(json|x-www-form-urlencoded|xml)|text\/)/;

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function toApiEvent(request: IncomingMessage, body: Buffer, claims: JwtClaims | undefined): Promise<APIGatewayProxyEventV2WithJWTAuthorizer> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const now = new Date();
  const method = (request.method ?? 'GET').toUpperCase();
  const isText = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(headers.cookie ? { cookies: headers.cookie.split(/;\s*/) } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: { method, path: url.pathname, protocol: `HTTP/${request.httpVersion}`, sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
  // Without a verified token there is no authorizer at all, exactly as for an API Gateway route without auth.
  if (!claims) delete (event.requestContext as { authorizer?: unknown }).authorizer;
  return event as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | number | boolean | string[]> = { ...(result.headers ?? {}) };
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode ?? 200, { ...headers, 'content-length': body.length });
  response.end(body);
}

const problem = (status: number, code: string, message: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ error: { code, message } }),
});

export function createApiServer(options: ApiServerOptions): Server {
  const limit = options.maxBodyBytes ?? 10 * 1024 * 1024;
  return createServer((request, response) => {
    void (async () => {
      const body = await readBody(request, limit);
      if (body === 'too-large') return send(response, problem(413, 'payload_too_large', `request body exceeds ${limit} bytes`));
      const claims = await options.verifyToken?.(request.headers.authorization);
      const event = await toApiEvent(request, body, claims);
      send(response, await options.handler(event, lambdaContext('api', options.timeoutMs ?? 29_000)));
    })().catch(() => {
      if (!response.headersSent) send(response, problem(502, 'bad_gateway', 'the API handler failed'));
      else response.destroy();
    });
  });
}
