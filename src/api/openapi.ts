/**
 * Request validation that follows the OpenAPI document (src/api/openapi.json): the body schema and
 * query parameters of each operation are compiled once with Ajv (JSON Schema 2020-12, the dialect
 * of OpenAPI 3.1). The document is the contract; test/api/openapi.test.ts holds it and the router
 * together.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

import document from './openapi.json' with { type: 'json' };
import { ApiError } from './http.js';

interface Parameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header';
  readonly required?: boolean;
  readonly schema: Record<string, unknown>;
}
type Reference = { readonly $ref: string };
interface Operation {
  readonly parameters?: readonly (Parameter | Reference)[];
  readonly requestBody?: { readonly content: { readonly 'application/json': { readonly schema: Reference } } };
}

export const openApiDocument = document as unknown as {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation | readonly (Parameter | Reference)[]>>>>;
  readonly components: { readonly parameters: Readonly<Record<string, Parameter>> };
};

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Every `METHOD /path` the document states. */
export const documentedRoutes = (): string[] =>
  Object.entries(openApiDocument.paths).flatMap(([path, item]) => HTTP_METHODS.filter((m) => m in item).map((m) => `${m.toUpperCase()} ${path}`));

const DOCUMENT_ID = 'openapi.json';
// strict: false because the document carries OpenAPI keywords (description, example...) beside JSON Schema.
const bodies = new Ajv2020({ strict: false, allErrors: true });
const queries = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true, useDefaults: true });
for (const ajv of [bodies, queries]) ajv.addSchema({ $id: DOCUMENT_ID, components: document.components });

const resolveParameter = (p: Parameter | Reference): Parameter =>
  '$ref' in p ? openApiDocument.components.parameters[p.$ref.replace('#/components/parameters/', '')]! : p;

interface CompiledOperation {
  readonly body?: ValidateFunction;
  readonly query: ValidateFunction;
}

const compiled = new Map<string, CompiledOperation>();

function operation(method: string, path: string): CompiledOperation {
  const id = `${method.toUpperCase()} ${path}`;
  const cached = compiled.get(id);
  if (cached) return cached;
  const item = openApiDocument.paths[path];
  const op = item?.[method.toLowerCase()] as Operation | undefined;
  if (!item || !op) throw new Error(`${id} is not in the OpenAPI document`);
  const shared = (item.parameters ?? []) as readonly (Parameter | Reference)[];
  const query = [...shared, ...(op.parameters ?? [])].map(resolveParameter).filter((p) => p.in === 'query');
  const ref = op.requestBody?.content['application/json'].schema.$ref;
  const result: CompiledOperation = {
    ...(ref ? { body: bodies.compile({ $ref: `${DOCUMENT_ID}${ref}` }) } : {}),
    query: queries.compile({
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
      required: query.filter((p) => p.required).map((p) => p.name),
    }),
  };
  compiled.set(id, result);
  return result;
}

const describe = (errors: ErrorObject[] | null | undefined, where: string) =>
  (errors ?? []).map((e) => ({
    path: `${where}${e.instancePath}`,
    message: e.keyword === 'additionalProperties' ? `unknown field ${String((e.params as { additionalProperty?: string }).additionalProperty)}` : (e.message ?? 'is invalid'),
  }));

/** The validated JSON body of an operation; 400 with every problem listed otherwise. */
export function validateBody(method: string, path: string, body: unknown): unknown {
  const validate = operation(method, path).body;
  if (!validate) return undefined;
  if (!validate(body)) throw new ApiError(400, 'invalid_request', 'the request body does not match the API schema', describe(validate.errors, 'body'));
  return body;
}

/** The query parameters, coerced to their declared types with defaults; unknown ones are a 400. */
export function validateQuery(method: string, path: string, query: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...query };
  const validate = operation(method, path).query;
  if (!validate(values)) throw new ApiError(400, 'invalid_request', 'the query parameters do not match the API schema', describe(validate.errors, 'query'));
  return values;
}

export const hasBody = (method: string, path: string): boolean => operation(method, path).body !== undefined;
