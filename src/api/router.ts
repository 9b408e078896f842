import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

import { ApiError, errorResponse, json } from './http.js';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export interface Route {
  readonly method: string;
  /** `/api/albums/{albumId}` style, as API Gateway and the OpenAPI document write it. */
  readonly path: string;
  readonly handle: (event: ApiEvent, params: Readonly<Record<string, string>>) => Promise<ApiResult>;
}

interface CompiledRoute extends Route {
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');

const compile = (route: Route): CompiledRoute => {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!parameter) return escapeRegExp(segment);
      names.push(parameter);
      return '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), names };
};

/** A malformed escape such as `%E0%A4%A` is the caller's mistake: a 400, not an internal error. */
function decodePathParameter(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ApiError(400, 'invalid_request', `path parameter ${name} is not valid percent-encoding`);
  }
}

export function createRouter(routes: readonly Route[]) {
  // A literal segment wins over a parameter (GET /api/media/months is not media "months"), as in API Gateway.
  const compiled = routes.map(compile).sort((a, b) => a.names.length - b.names.length);
  return async (event: ApiEvent): Promise<ApiResult> => {
    try {
      const method = event.requestContext.http.method.toUpperCase();
      const path = event.rawPath;
      const matches = compiled.filter((route) => route.pattern.test(path));
      if (matches.length === 0) throw new ApiError(404, 'not_found', `no route for ${path}`);
      const route = matches.find((r) => r.method === method);
      if (!route) {
        const allowed = [...new Set(matches.map((r) => r.method))].sort().join(', ');
        throw new ApiError(405, 'method_not_allowed', `${method} is not allowed on ${path}`, undefined, { allow: allowed });
      }
      const values = route.pattern.exec(path)!.slice(1);
      const params = Object.fromEntries(route.names.map((name, i) => [name, decodePathParameter(name, values[i] ?? '')]));
      return await route.handle(event, params);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export const healthRoute: Route = {
  method: 'GET',
  path: '/api/health',
  handle: async () => json(200, { status: 'ok' }),
};
