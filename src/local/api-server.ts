/**
 * The local stand-in for API Gateway (HTTP API) and CloudFront: requests under `/api` become
 * payload-format 2.0 events for the same handler Lambda runs; everything else is the built web
 * app and its `/config.json`, served as the distribution serves them, so the browser sees one
 * origin locally as in AWS. Identity comes only from a verified token; without a verifier the
 * event carries no claims, so no header can claim to be anyone.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';

import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

import { WEB_CONFIG_PATH, type WebConfig } from '../shared/web-config.js';
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
  /** The built web app (dist/web); without it only `/api` and `/config.json` answer. */
  readonly webRoot?: string;
  /** Served as `/config.json`, which the web app fetches at start. */
  readonly webConfig?: WebConfig;
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

/**
 * What CloudFront's response headers policy adds to the web app, minus HSTS (meaningless over
 * plain http) and the CSP (it names the AWS hosts, not moto).
 */
const WEB_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
} as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Content-hashed names under /assets never change content; everything else is revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');

/** The path part of the request target, before any query string, still percent-encoded. */
const rawPathOf = (request: IncomingMessage): string => (request.url ?? '/').split(/[?#]/, 1)[0] ?? '/';

const quotedEtag = (parts: readonly (string | number)[]): string => `"${parts.map((part) => (typeof part === 'number' ? Math.floor(part).toString(16) : part)).join('-')}"`;

/** RFC 9110's weak comparison, which is what If-None-Match uses. */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === opaque(etag));
}

interface WebResponse {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer;
}

const webProblem = (status: number, code: string, message: string, extra: OutgoingHttpHeaders = {}): WebResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra },
  body: Buffer.from(JSON.stringify({ error: { code, message } })),
});

function cacheable(request: IncomingMessage, body: Buffer, etag: string, headers: OutgoingHttpHeaders): WebResponse {
  if (matchesEtag(request.headers['if-none-match'], etag)) return { status: 304, headers: { etag, 'cache-control': headers['cache-control'] }, body: Buffer.alloc(0) };
  return { status: 200, headers: { ...headers, etag }, body };
}

/**
 * The segments of a request path, decoded; undefined when decoding fails or any segment could
 * climb out of the web root (`..`, `%2e%2e`, an encoded slash or backslash, a NUL).
 */
function safeSegments(rawPath: string): string[] | undefined {
  const segments: string[] = [];
  for (const encoded of rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return undefined;
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return undefined;
    if (segment !== '') segments.push(segment);
  }
  return segments;
}

/** The real path of a regular file inside the web root, else undefined (missing, a directory, or a symlink leading out). */
async function fileInside(root: string, segments: readonly string[]): Promise<{ path: string; size: number; mtimeMs: number } | undefined> {
  try {
    const realRoot = await realpath(root);
    const path = await realpath(join(realRoot, ...segments));
    if (!path.startsWith(realRoot + sep)) return undefined;
    const stats = await stat(path);
    return stats.isFile() ? { path, size: stats.size, mtimeMs: stats.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

async function serveWebFile(request: IncomingMessage, root: string, segments: readonly string[], rawPath: string): Promise<WebResponse | undefined> {
  const file = await fileInside(root, segments);
  if (!file) return undefined;
  const headers = {
    'content-type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'cache-control': rawPath.startsWith('/assets/') ? IMMUTABLE : REVALIDATE,
  };
  // Size and modification time change with every rebuild, so a 304 needs no read of the file.
  const etag = quotedEtag([file.size, file.mtimeMs]);
  if (matchesEtag(request.headers['if-none-match'], etag)) return cacheable(request, Buffer.alloc(0), etag, headers);
  return cacheable(request, await readFile(file.path), etag, headers);
}

type WebHandler = (request: IncomingMessage) => Promise<WebResponse>;

/** What CloudFront does in front of the web bucket: files, `/config.json`, and index.html for client-side routes. */
function webHandler(options: ApiServerOptions): WebHandler {
  const config = options.webConfig ? Buffer.from(JSON.stringify(options.webConfig)) : undefined;
  const configEtag = config ? quotedEtag([createHash('sha256').update(config).digest('base64url').slice(0, 27)]) : '';
  return async (request) => {
    const method = (request.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return webProblem(405, 'method_not_allowed', `${method} is not allowed here`, { allow: 'GET, HEAD' });
    const rawPath = rawPathOf(request);
    if (config && rawPath === WEB_CONFIG_PATH) return cacheable(request, config, configEtag, { 'content-type': 'application/json; charset=utf-8', 'cache-control': REVALIDATE });
    const segments = safeSegments(rawPath);
    if (!segments) return webProblem(404, 'not_found', 'no such file');
    if (!options.webRoot) return webProblem(404, 'not_found', 'the web app is not served here');
    const found = await serveWebFile(request, options.webRoot, segments, rawPath);
    if (found) return found;
    // As the distribution's SPA function does: a last segment without an extension is a client-side route.
    if (!(segments.at(-1) ?? '').includes('.')) {
      const index = await serveWebFile(request, options.webRoot, ['index.html'], '/index.html');
      if (index) return index;
    }
    return webProblem(404, 'not_found', 'no such file');
  };
}

function sendWeb(request: IncomingMessage, response: ServerResponse, result: WebResponse): void {
  const headers: OutgoingHttpHeaders = { ...WEB_SECURITY_HEADERS, ...result.headers };
  if (result.status !== 304) headers['content-length'] = result.body.length;
  response.writeHead(result.status, headers);
  response.end(request.method?.toUpperCase() === 'HEAD' || result.status === 304 ? undefined : result.body);
}

export function createApiServer(options: ApiServerOptions): Server {
  const limit = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const serveWeb = webHandler(options);
  return createServer((request, response) => {
    if (!isApiPath(rawPathOf(request))) {
      // The body of a request the web side refuses is never read; let the connection go with it.
      serveWeb(request)
        .then((result) => sendWeb(request, response, result))
        .catch(() => {
          if (!response.headersSent) sendWeb(request, response, webProblem(500, 'internal_error', 'the web app could not be served'));
          else response.destroy();
        });
      return;
    }
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
