/**
 * The API's request validators are compiled from src/api/openapi.json ahead of time and committed;
 * this fails when the document changed and `npm run -s gen:api` was not run, so the API cannot
 * validate against an older document than the one it publishes.
 */
import { readFile } from 'node:fs/promises';

import { expect } from 'chai';

import { openApiDocument } from '../../src/api/openapi-document.js';
import { generatedFiles, generateValidators } from '../../tools/api/validators.js';

describe('compiled request validators', () => {
  it('are exactly what Ajv compiles from the API document', async () => {
    for (const file of generatedFiles()) expect(await readFile(file.path, 'utf8'), `${file.path} is stale: run npm run -s gen:api`).to.equal(file.contents);
  });

  it('change when the document changes, so the check above can fail', () => {
    const changed = structuredClone(openApiDocument) as unknown as { components: { schemas: { CreateAlbumRequest: { properties: { name: { maxLength: number } } } } } };
    changed.components.schemas.CreateAlbumRequest.properties.name.maxLength = 7;
    const body = generateValidators('body', changed as unknown as typeof openApiDocument);
    expect(body).not.to.equal(generateValidators('body'));
    expect(body).to.include('> 7');
  });
});
