import { expect } from 'chai';

import { ApiError, json } from '../../src/api/http.js';
import { createRouter, healthRoute, type Route } from '../../src/api/router.js';
import { apiEvent } from './api-events.js';
import { expectDocumented, schemaProblems } from './documented-response.js';

describe('createRouter', () => {
  const echo: Route = { method: 'GET', path: '/api/albums/{albumId}', handle: async (_e, params) => json(200, params) };
  const secret: Route = { method: 'GET', path: '/api/secret', handle: async () => { throw new Error('AccessDenied: arn:aws:iam::123456789012:role/x at stack line 3'); } };
  const teapot: Route = { method: 'POST', path: '/api/teapot', handle: async () => { throw new ApiError(409, 'conflict', 'already brewing', { pot: 1 }); } };
  const route = createRouter([healthRoute, echo, secret, teapot]);

  it('answers GET /api/health with 200 JSON', async () => {
    const result = await route(apiEvent('GET', '/api/health'));
    expect(result.statusCode).to.equal(200);
    expect(JSON.parse(result.body!)).to.deep.equal({ status: 'ok' });
    expectDocumented({ method: 'GET', path: '/api/health', status: 200, contentType: result.headers?.['content-type'] as string, body: JSON.parse(result.body!) });
  });

  it('extracts and decodes path parameters', async () => {
    const result = await route(apiEvent('GET', '/api/albums/a%20b'));
    expect(JSON.parse(result.body!)).to.deep.equal({ albumId: 'a b' });
  });

  it('answers a path parameter that is not valid percent-encoding with 400, not an internal error', async () => {
    const result = await route(apiEvent('GET', '/api/albums/%E0%A4%A'));
    expect(result.statusCode).to.equal(400);
    expect(JSON.parse(result.body!).error.code).to.equal('invalid_request');
    expect(schemaProblems('Error', JSON.parse(result.body!))).to.deep.equal([]);
  });

  it('answers unknown paths 404 and wrong methods 405 in the error shape', async () => {
    const missing = await route(apiEvent('GET', '/api/nope'));
    expect(missing.statusCode).to.equal(404);
    expect(JSON.parse(missing.body!).error.code).to.equal('not_found');
    const wrong = await route(apiEvent('DELETE', '/api/health'));
    expect(wrong.statusCode).to.equal(405);
    // Not operations of the document, but still the one error shape it states.
    for (const result of [missing, wrong]) expect(schemaProblems('Error', JSON.parse(result.body!))).to.deep.equal([]);
  });

  it('turns ApiError into its status, code, message and details', async () => {
    const result = await route(apiEvent('POST', '/api/teapot'));
    expect(result.statusCode).to.equal(409);
    expect(JSON.parse(result.body!)).to.deep.equal({ error: { code: 'conflict', message: 'already brewing', details: { pot: 1 } } });
  });

  it('hides unknown errors behind a generic 500 without AWS text or stack', async () => {
    const result = await route(apiEvent('GET', '/api/secret'));
    expect(result.statusCode).to.equal(500);
    expect(result.body).to.not.match(/AccessDenied|arn:aws|stack/);
    expect(JSON.parse(result.body!)).to.deep.equal({ error: { code: 'internal_error', message: 'internal error' } });
    expect(schemaProblems('Error', JSON.parse(result.body!))).to.deep.equal([]);
  });
});
