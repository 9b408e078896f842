import { expect } from 'chai';

import { documentedRoutes } from '../../src/api/openapi-document.js';
import { validateBody, validateQuery } from '../../src/api/openapi.js';
import type { ApiDeps } from '../../src/api/routes.js';
import { createRoutes } from '../../src/api/routes.js';
import { rejectionOf } from '../support/fixtures.js';

// Routes are only listed here, never called: their dependencies can be empty.
const routerRoutes = createRoutes({} as ApiDeps).map((r) => `${r.method} ${r.path}`);

describe('OpenAPI document', () => {
  it('states exactly the routes the router serves', () => {
    expect(routerRoutes.filter((r) => !documentedRoutes().includes(r)), 'in the router, not the document').to.deep.equal([]);
    expect(documentedRoutes().filter((r) => !routerRoutes.includes(r)), 'in the document, not the router').to.deep.equal([]);
  });

  it('documents every error status a route can give in the one error shape', async () => {
    const document = (await import('../../src/api/openapi.json', { with: { type: 'json' } })).default as { paths: Record<string, Record<string, { responses?: Record<string, unknown>; security?: unknown[] }>> };
    let open = 0;
    for (const route of documentedRoutes().filter((r) => r !== 'GET /api/health')) {
      const [method, path] = route.split(' ') as [string, string];
      const operation = document.paths[path]![method.toLowerCase()]!;
      const statuses = Object.keys(operation.responses ?? {});
      // A route open to anyone (share links) cannot answer 401; it answers 404 to a bad token, and 429 when throttled.
      if (Array.isArray(operation.security) && operation.security.length === 0) {
        open += 1;
        expect(statuses, route).to.include.members(['404', '429']).and.not.include('401');
      } else {
        expect(statuses, route).to.include.members(['401']);
      }
    }
    expect(open, 'the share-link routes are open').to.equal(3);
  });
});

describe('validateBody', () => {
  it('accepts a body that matches the schema', () => {
    expect(validateBody('POST', '/api/albums', { name: 'Trip', description: 'x' })).to.deep.equal({ name: 'Trip', description: 'x' });
  });

  it('lists unknown fields and type errors as details of a 400', async () => {
    const error = (await rejectionOf(() => validateBody('POST', '/api/albums/{albumId}/uploads', { fileName: '', contentType: 'image/png', bytes: 1.5, extra: 1 }))) as { status: number; details: { path: string; message: string }[] };
    expect(error.status).to.equal(400);
    expect(error.details.map((d) => d.message)).to.include('unknown field extra');
    expect(error.details.map((d) => d.path)).to.include.members(['body/fileName', 'body/bytes']);
  });

  it('rejects a missing body where one is required', async () => {
    const error = (await rejectionOf(() => validateBody('POST', '/api/albums', undefined))) as { status: number };
    expect(error.status).to.equal(400);
  });
});

describe('validateQuery', () => {
  it('coerces limit and applies its default', () => {
    expect(validateQuery('GET', '/api/albums', { limit: '10' })).to.deep.equal({ limit: 10 });
    expect(validateQuery('GET', '/api/albums', {})).to.deep.equal({ limit: 25 });
  });

  it('refuses out-of-range and unknown parameters', async () => {
    for (const query of [{ limit: '101' }, { limit: 'ten' }, { order: 'asc' }]) {
      expect(((await rejectionOf(() => validateQuery('GET', '/api/albums', query))) as { status: number }).status, JSON.stringify(query)).to.equal(400);
    }
  });
});
