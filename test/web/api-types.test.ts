/**
 * The web app's API types are generated from src/api/openapi.json and committed; this fails when
 * someone changes the document without regenerating them (npm run -s gen:api), which is how the
 * app and the API are kept from drifting apart.
 */
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';

// @ts-expect-error: a plain ESM script without type declarations
import { API_TYPES_FILE, generateApiTypes, OPENAPI_DOCUMENT } from '../../web/api-types.mjs';

describe('web app API types', () => {
  it('are exactly what openapi-typescript generates from the API document', async () => {
    const committed = await readFile(API_TYPES_FILE as string, 'utf8');
    expect(committed).to.equal(await (generateApiTypes as () => Promise<string>)());
  });

  it('change when the document changes, so the check above can fail', async () => {
    const document = JSON.parse(await readFile(OPENAPI_DOCUMENT as string, 'utf8')) as { components: { schemas: { Album: { properties: Record<string, unknown> } } } };
    document.components.schemas.Album.properties.renamedField = { type: 'string' };
    const dir = await mkdtemp(join(tmpdir(), 'api-types-'));
    try {
      await writeFile(join(dir, 'openapi.json'), JSON.stringify(document));
      const changed = await (generateApiTypes as (path: string) => Promise<string>)(join(dir, 'openapi.json'));
      expect(changed).to.include('renamedField');
      expect(changed).not.to.equal(await readFile(API_TYPES_FILE as string, 'utf8'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
