/**
 * Request validation that follows the OpenAPI document (src/api/openapi.json): the body schema and
 * query parameters of each operation, compiled ahead of time by Ajv (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1) into src/api/generated/ (tools/api/validators.ts), so a cold start
 * compiles nothing. test/api/openapi.test.ts holds the document and the router together.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';

import { byRoute as bodyValidators } from './generated/body-validators.js';
import { byRoute as pathValidators } from './generated/path-validators.js';
import { byRoute as queryValidators } from './generated/query-validators.js';
import { ApiError } from './http.js';

const route = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

function queryValidator(method: string, path: string): ValidateFunction {
  const validate = queryValidators[route(method, path)];
  if (!validate) throw new Error(`${route(method, path)} is not in the OpenAPI document`);
  return validate;
}

const describe = (errors: ErrorObject[] | null | undefined, where: string) =>
  (errors ?? []).map((e) => ({
    path: `${where}${e.instancePath}`,
    message: e.keyword === 'additionalProperties' ? `unknown field ${String((e.params as { additionalProperty?: string }).additionalProperty)}` : (e.message ?? 'is invalid'),
  }));

/** The validated JSON body of an operation; 400 with every problem listed otherwise. */
export function validateBody(method: string, path: string, body: unknown): unknown {
  const validate = bodyValidators[route(method, path)];
  if (!validate) return undefined;
  if (!validate(body)) {
    // A media type outside the document's enum is an unsupported media type, not a malformed request.
    const [only, ...others] = validate.errors ?? [];
    if (only && others.length === 0 && only.keyword === 'enum' && only.instancePath === '/contentType') {
      throw new ApiError(415, 'unsupported_media_type', `content type ${String((body as { contentType?: unknown }).contentType)} is not accepted`, { allowed: (only.params as { allowedValues: unknown[] }).allowedValues });
    }
    throw new ApiError(400, 'invalid_request', 'the request body does not match the API schema', describe(validate.errors, 'body'));
  }
  return body;
}

/** The query parameters, coerced to their declared types with defaults; unknown ones are a 400. */
export function validateQuery(method: string, path: string, query: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...query };
  const validate = queryValidator(method, path);
  if (!validate(values)) throw new ApiError(400, 'invalid_request', 'the query parameters do not match the API schema', describe(validate.errors, 'query'));
  return values;
}

/** The path parameters, as the document constrains them (a label's length, say); 400 otherwise. */
export function validatePath(method: string, path: string, params: Readonly<Record<string, string>>): void {
  const validate = pathValidators[route(method, path)];
  if (validate && !validate({ ...params })) throw new ApiError(400, 'invalid_request', 'the path parameters do not match the API schema', describe(validate.errors, 'path'));
}

export const hasBody = (method: string, path: string): boolean => bodyValidators[route(method, path)] !== undefined;
