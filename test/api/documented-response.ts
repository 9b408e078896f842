/**
 * Response validation for tests: every response a test sees is held against the OpenAPI
 * document (status, content type and body), as request validation already is in the handler.
 * The whole document is one Ajv schema, so a response schema is reached by JSON pointer and its
 * `#/components/...` references resolve exactly as they do in the document.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { AssertionError } from 'chai';

import document from '../../src/api/openapi.json' with { type: 'json' };
import { HTTP_METHODS, openApiDocument } from '../../src/api/openapi-document.js';

export interface ObservedResponse {
  readonly method: string;
  /** The concrete path, e.g. /api/albums/3f2a...; a query string is ignored. */
  readonly path: string;
  readonly status: number;
  /** The Content-Type header; undefined when the response has none. */
  readonly contentType?: string | undefined;
  /** The parsed JSON body, or undefined for an empty one. */
  readonly body: unknown;
}

interface ResponseObject {
  readonly $ref?: string;
  readonly content?: Readonly<Record<string, { readonly schema?: unknown }>>;
}

const DOCUMENT_ID = 'openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(document, DOCUMENT_ID);
const validators = new Map<string, ValidateFunction>();

const pointer = (...segments: string[]): string => segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The documented path template a concrete path matches, e.g. /api/albums/{albumId}. */
export function pathTemplate(path: string): string | undefined {
  const bare = path.split('?')[0]!;
  // A literal segment wins over a parameter, as in the router and API Gateway.
  const templates = Object.keys(openApiDocument.paths).sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  return templates.find((template) =>
    new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`).test(bare),
  );
}

function validator(ref: string): ValidateFunction {
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

const errorsOf = (validate: ValidateFunction, where: string): string[] =>
  (validate.errors ?? []).map((e) => `${where}: body${e.instancePath} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);

/** Problems of a value against one of the document's named schemas (components/schemas). */
export function schemaProblems(name: string, value: unknown): string[] {
  const validate = validator(`${DOCUMENT_ID}#/components/schemas/${pointer(name)}`);
  return validate(value) ? [] : errorsOf(validate, name);
}

/** Every way the response departs from the document; empty when it conforms. */
export function responseProblems(response: ObservedResponse): string[] {
  const method = response.method.toLowerCase();
  const template = pathTemplate(response.path);
  const item = template === undefined ? undefined : (document.paths as Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>)[template];
  if (!template || !item || !(HTTP_METHODS as readonly string[]).includes(method) || !item[method]) {
    return [`${response.method} ${response.path} is not an operation of the document`];
  }
  const where = `${response.method.toUpperCase()} ${template} → ${response.status}`;
  const responses = item[method]!.responses ?? {};
  const status = String(response.status);
  let declared = responses[status];
  let declaredPath = ['paths', template, method, 'responses', status];
  if (!declared) return [`${where}: status not documented (documented: ${Object.keys(responses).join(', ')})`];
  if (declared.$ref) {
    const name = declared.$ref.replace('#/components/responses/', '');
    declared = (document.components.responses as Record<string, ResponseObject>)[name]!;
    declaredPath = ['components', 'responses', name];
  }
  const json = declared.content?.['application/json'];
  if (!json) return response.body === undefined ? [] : [`${where}: documented without a body, but has one: ${JSON.stringify(response.body)}`];
  const problems: string[] = [];
  if (!/^application\/json\b/.test(response.contentType ?? '')) problems.push(`${where}: content type ${response.contentType ?? 'missing'}, documented application/json`);
  const validate = validator(`${DOCUMENT_ID}#/${pointer(...declaredPath, 'content', 'application/json', 'schema')}`);
  if (!validate(response.body)) problems.push(...errorsOf(validate, where));
  return problems;
}

/** Fails the test with every problem when the response does not match the document. */
export function expectDocumented(response: ObservedResponse): void {
  const problems = responseProblems(response);
  if (problems.length > 0) throw new AssertionError(`response does not match openapi.json:\n  ${problems.join('\n  ')}\n  body: ${JSON.stringify(response.body)}`);
}
