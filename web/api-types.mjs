/**
 * The web app's API types, generated from src/api/openapi.json by openapi-typescript into
 * web/src/api/schema.d.ts. `npm run -s gen:api` rewrites the file; test/web/api-types.test.ts fails
 * when the committed file and the document disagree, so the app and the API cannot drift apart.
 *
 *   node web/api-types.mjs [--check]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import openapiTS, { astToString } from 'openapi-typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_DOCUMENT = join(ROOT, 'src', 'api', 'openapi.json');
export const API_TYPES_FILE = join(ROOT, 'web', 'src', 'api', 'schema.d.ts');

const HEADER = '// Generated from src/api/openapi.json by `npm run -s gen:api` (web/api-types.mjs). Do not edit.\n\n';

export async function generateApiTypes(documentPath = OPENAPI_DOCUMENT) {
  const document = JSON.parse(await readFile(documentPath, 'utf8'));
  const ast = await openapiTS(document, { alphabetize: false, exportType: false });
  return HEADER + astToString(ast);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const generated = await generateApiTypes();
  if (process.argv.includes('--check')) {
    const committed = await readFile(API_TYPES_FILE, 'utf8').catch(() => '');
    if (committed !== generated) {
      console.error(`${API_TYPES_FILE} is out of date with src/api/openapi.json: run npm run -s gen:api`);
      process.exit(1);
    }
  } else {
    await writeFile(API_TYPES_FILE, generated);
    console.log(`wrote ${API_TYPES_FILE}`);
  }
}
