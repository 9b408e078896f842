/**
 * The API's request validators, compiled ahead of time: Ajv turns the body and query schemas of
 * every operation in src/api/openapi.json into standalone JavaScript in src/api/generated/, so a
 * cold Lambda neither loads Ajv nor compiles schemas before its first answer. `npm run -s gen:api`
 * rewrites the files; test/api/validators.test.ts fails when they and the document disagree.
 *
 *   tsx tools/api/validators.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import standaloneCode from 'ajv/dist/standalone/index.js';

import { openApiDocument, operationSchemas } from '../../src/api/openapi-document.js';
import { projectRoot } from '../../src/local/paths.js';

export const GENERATED_DIR = join(projectRoot, 'src', 'api', 'generated');
const DOCUMENT_ID = 'openapi.json';

const HEADER = '// Generated from src/api/openapi.json by `npm run -s gen:api` (tools/api/validators.ts). Do not edit.\n';

const DECLARATION = `${HEADER}import type { ValidateFunction } from 'ajv';

/** Each operation's validator, by \`METHOD /path\`. */
export declare const byRoute: Readonly<Record<string, ValidateFunction>>;
`;

/** Ajv's options per kind: query strings are coerced to their declared types and take defaults. */
const KINDS = {
  // strict: false because the document carries OpenAPI keywords (description, example...) beside JSON Schema.
  body: { strict: false, allErrors: true },
  query: { strict: false, allErrors: true, coerceTypes: true, useDefaults: true },
  path: { strict: false, allErrors: true },
} satisfies Record<string, Options>;

/** Ajv runtime helpers that are one function closing over nothing, so their source can be copied. */
const INLINE_HELPERS: Readonly<Record<string, (...args: never[]) => unknown>> = { ucs2length: ucs2length.default };

export type ValidatorKind = keyof typeof KINDS;

/** The module of one kind's validators: standalone code plus a `byRoute` map. */
export function generateValidators(kind: ValidatorKind, doc = openApiDocument): string {
  const ajv = new Ajv2020({ ...KINDS[kind], code: { source: true, esm: true, lines: true } });
  ajv.addSchema({ $id: DOCUMENT_ID, components: doc.components });
  const exports: Record<string, string> = {};
  const routes: [string, string][] = [];
  // Operations with the same schema (most take no query parameters) share one validator.
  const bySchema = new Map<string, string>();
  for (const operation of operationSchemas(doc)) {
    const schema = kind === 'body' ? (operation.bodyRef ? { $ref: `${DOCUMENT_ID}${operation.bodyRef}` } : undefined) : kind === 'path' ? operation.path : operation.query;
    if (!schema) continue;
    const text = JSON.stringify(schema);
    let name = bySchema.get(text);
    if (!name) {
      name = `validator${bySchema.size}`;
      bySchema.set(text, name);
      ajv.addSchema(schema, name);
      exports[name] = name;
    }
    routes.push([operation.route, name]);
  }
  // Ajv's standalone code reaches its runtime helpers with require(), which ESM has not got, and
  // Node and tsx disagree on a CommonJS module's default export: the self-contained ones are
  // written into the module instead, and any other helper stops the build until handled.
  const code = standaloneCode.default(ajv, exports).replace(/require\("ajv\/dist\/runtime\/([\w-]+)"\)\.default/g, (_match, helper: string) => {
    const inlined = INLINE_HELPERS[helper];
    if (!inlined) throw new Error(`the validators need Ajv's runtime helper "${helper}", which tools/api/validators.ts does not inline yet`);
    return `(${inlined.toString()})`;
  });
  if (code.includes('require(')) throw new Error('the compiled validators still call require()');
  const byRoute = `export const byRoute = {\n${routes.map(([route, name]) => `  ${JSON.stringify(route)}: ${name},`).join('\n')}\n};\n`;
  return `${HEADER}/* eslint-disable */\n${code.replace(/^"use strict";/, '')}\n${byRoute}`;
}

export const generatedFiles = (): { path: string; contents: string }[] =>
  (Object.keys(KINDS) as ValidatorKind[]).flatMap((kind) => [
    { path: join(GENERATED_DIR, `${kind}-validators.js`), contents: generateValidators(kind) },
    { path: join(GENERATED_DIR, `${kind}-validators.d.ts`), contents: DECLARATION },
  ]);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of generatedFiles()) {
    const current = await readFile(file.path, 'utf8').catch(() => '');
    if (current !== file.contents) await writeFile(file.path, file.contents);
    process.stdout.write(`${current === file.contents ? 'unchanged' : 'wrote'} ${file.path}\n`);
  }
}
