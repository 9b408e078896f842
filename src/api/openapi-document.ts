/**
 * The OpenAPI document (src/api/openapi.json) as data: its routes and the request schemas of each
 * operation. The API does not load it at run time; tools/api/validators.ts compiles these schemas
 * into src/api/generated/, and the tests read the document through here.
 */
import document from './openapi.json' with { type: 'json' };

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
  readonly components: { readonly parameters: Readonly<Record<string, Parameter>>; readonly schemas: Readonly<Record<string, unknown>> };
};

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Every `METHOD /path` the document states. */
export const documentedRoutes = (): string[] =>
  Object.entries(openApiDocument.paths).flatMap(([path, item]) => HTTP_METHODS.filter((m) => m in item).map((m) => `${m.toUpperCase()} ${path}`));

const resolveParameter = (p: Parameter | Reference): Parameter =>
  '$ref' in p ? openApiDocument.components.parameters[p.$ref.replace('#/components/parameters/', '')]! : p;

export interface OperationSchemas {
  /** `METHOD /path`, as the router names routes. */
  readonly route: string;
  /** The JSON body's schema, a $ref into the document's components; absent without a body. */
  readonly bodyRef?: string;
  /** The query parameters as one object schema: unknown parameters are refused. */
  readonly query: Record<string, unknown>;
  /** The path parameters as one object schema; absent when the path has none. */
  readonly path?: Record<string, unknown>;
}

/** The request schemas of every documented operation. */
export function operationSchemas(doc = openApiDocument): OperationSchemas[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => m in item).map((method) => {
      const op = item[method] as Operation;
      const shared = (item.parameters ?? []) as readonly (Parameter | Reference)[];
      const parameters = [...shared, ...(op.parameters ?? [])].map(resolveParameter);
      const query = parameters.filter((p) => p.in === 'query');
      const inPath = parameters.filter((p) => p.in === 'path');
      const bodyRef = op.requestBody?.content['application/json'].schema.$ref;
      return {
        route: `${method.toUpperCase()} ${path}`,
        ...(bodyRef ? { bodyRef } : {}),
        query: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
          required: query.filter((p) => p.required).map((p) => p.name),
        },
        ...(inPath.length > 0 ? { path: { type: 'object', properties: Object.fromEntries(inPath.map((p) => [p.name, p.schema])), required: inPath.map((p) => p.name) } } : {}),
      };
    }),
  );
}
