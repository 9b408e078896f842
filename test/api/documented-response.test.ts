import { expect } from 'chai';

import { expectDocumented, pathTemplate, responseProblems, schemaProblems } from './documented-response.js';

const album = { albumId: 'a1', name: 'Trip', mediaCount: 0, counts: { photos: 0, videos: 0, failed: 0 }, createdAt: '2030-01-01T00:00:00.000Z', updatedAt: '2030-01-01T00:00:00.000Z' };
const JSON_TYPE = 'application/json; charset=utf-8';

describe('response validation against openapi.json', () => {
  it('maps concrete paths to their templates', () => {
    expect(pathTemplate('/api/albums/3f2a/media?limit=2')).to.equal('/api/albums/{albumId}/media');
    expect(pathTemplate('/api/labels/beach/media')).to.equal('/api/labels/{label}/media');
    expect(pathTemplate('/api/nope')).to.equal(undefined);
    expect(pathTemplate('/api/media/months')).to.equal('/api/media/months');
    expect(pathTemplate('/api/media/m-1/original')).to.equal('/api/media/{mediaId}/original');
  });

  it('accepts a response that matches its operation, status and schema', () => {
    expect(responseProblems({ method: 'GET', path: '/api/albums/a1', status: 200, contentType: JSON_TYPE, body: album })).to.deep.equal([]);
    expect(responseProblems({ method: 'DELETE', path: '/api/media/m1', status: 204, body: undefined })).to.deep.equal([]);
    expect(responseProblems({ method: 'GET', path: '/api/albums', status: 401, contentType: JSON_TYPE, body: { error: { code: 'unauthorized', message: 'no' } } })).to.deep.equal([]);
  });

  it('catches a body that departs from the schema: an extra field, a missing one, a wrong type', () => {
    const cases = [
      { ...album, ownerId: 'someone' },
      { albumId: 'a1', name: 'Trip', createdAt: 'x' },
      { ...album, name: 42 },
    ];
    for (const body of cases) {
      expect(() => expectDocumented({ method: 'GET', path: '/api/albums/a1', status: 200, contentType: JSON_TYPE, body }), JSON.stringify(body)).to.throw(/does not match openapi\.json/);
    }
    // Through a $ref'd response and a nested $ref: a media page whose item has an unknown status.
    const page = { items: [{ mediaId: 'm', albumId: 'a', mediaClass: 'image', status: 'deleting', fileName: 'f', contentType: 'image/png', createdAt: 'c', variants: {} }] };
    expect(responseProblems({ method: 'GET', path: '/api/albums/a/media', status: 200, contentType: JSON_TYPE, body: page }).join()).to.match(/items\/0\/status must be equal to one of the allowed values/);
  });

  it('catches an undocumented status, a missing or wrong content type, a body where none is documented, an unknown operation', () => {
    expect(responseProblems({ method: 'GET', path: '/api/albums/a1', status: 409, contentType: JSON_TYPE, body: { error: { code: 'c', message: 'm' } } }).join()).to.match(/status not documented/);
    expect(responseProblems({ method: 'GET', path: '/api/albums/a1', status: 200, contentType: 'text/html', body: album }).join()).to.match(/content type text\/html/);
    expect(responseProblems({ method: 'DELETE', path: '/api/albums/a1', status: 204, body: {} }).join()).to.match(/without a body/);
    expect(responseProblems({ method: 'PUT', path: '/api/albums/a1', status: 200, contentType: JSON_TYPE, body: album }).join()).to.match(/not an operation/);
  });

  it('checks named schemas on their own', () => {
    expect(schemaProblems('Error', { error: { code: 'c', message: 'm', details: [1] } })).to.deep.equal([]);
    expect(schemaProblems('Error', { error: { code: 'c' } })).to.have.length(1);
  });
});
