/**
 * What the API does with requests at the edge of what its document allows: every one is refused
 * with the status the document states, before any AWS call (the clients here cannot reach AWS, so
 * a request that got through validation would fail differently).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SSMClient } from '@aws-sdk/client-ssm';
import { expect } from 'chai';

import { loadApiConfig } from '../../src/api/config.js';
import { apiDeps, apiS3Clients } from '../../src/api/deps.js';
import { openApiDocument } from '../../src/api/openapi-document.js';
import { createRouter, type ApiEvent } from '../../src/api/router.js';
import { createRoutes } from '../../src/api/routes.js';
import { ALLOWED_TYPES, DEFAULT_MAX_BYTES } from '../../src/shared/media-types.js';
import { apiEvent } from './api-events.js';
import { expectDocumented } from './documented-response.js';

const AWS = { region: 'ap-southeast-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 };
const config = loadApiConfig({ TABLE_NAME: 'table', ORIGINALS_BUCKET: 'album-originals', DERIVED_BUCKET: 'album-derived', ALBUM_DELETION_QUEUE_URL: 'http://127.0.0.1:1/000000000000/album-deleter', CURSOR_KEY: 'k'.repeat(40) });
const route = createRouter(createRoutes(apiDeps(config, { ...apiS3Clients(config, AWS), dynamodb: new DynamoDBClient(AWS), ssm: new SSMClient(AWS) })));

async function send(event: ApiEvent, documented = true) {
  const result = await route(event);
  const body = result.body ? (JSON.parse(result.body) as { error: { code: string; message: string; details?: unknown } }) : undefined;
  const { method } = event.requestContext.http;
  if (documented) expectDocumented({ method, path: event.rawPath, status: result.statusCode ?? 200, contentType: result.headers?.['content-type'] as string | undefined, body });
  return { status: result.statusCode, headers: result.headers ?? {}, error: body?.error };
}

const withBody = (method: string, path: string, body: string, contentType?: string): ApiEvent => {
  const event = apiEvent(method, path, { sub: 'owner-1' });
  return { ...event, body, isBase64Encoded: false, headers: contentType ? { 'content-type': contentType } : {} };
};

describe('API input edges', () => {
  it('validates path parameters against the document: a 5,000-character label or album id is a 400', async () => {
    const label = await send(apiEvent('GET', `/api/labels/${'a'.repeat(5000)}/media`, { sub: 'owner-1' }));
    expect(label.status).to.equal(400);
    expect(label.error?.details).to.deep.include({ path: 'path/label', message: 'must NOT have more than 100 characters' });
    expect((await send(apiEvent('GET', `/api/albums/${'b'.repeat(65)}`, { sub: 'owner-1' }))).status).to.equal(400);
    expect((await send(apiEvent('DELETE', `/api/media/${'c'.repeat(65)}`, { sub: 'owner-1' }))).status).to.equal(400);
  });

  it('refuses a JSON string holding a lone UTF-16 surrogate with a 400, not a 500', async () => {
    for (const body of ['{"name":"\\ud800"}', '{"name":"trip \\udfff"}', '{"name":"ok","description":"\\ud83d"}']) {
      const reply = await send(withBody('POST', '/api/albums', body, 'application/json'));
      expect(reply.status, body).to.equal(400);
      expect(reply.error?.code).to.equal('invalid_json');
    }
  });

  it('refuses a body sent as text/plain or with no content type with a 415; JSON with a charset passes that check', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const reply = await send(withBody('POST', '/api/albums', '{"name":"Trip"}', contentType));
      expect(reply.status, String(contentType)).to.equal(415);
      expect(reply.error?.code).to.equal('unsupported_media_type');
    }
    // Past the content-type check, an empty name is the schema's 400.
    expect((await send(withBody('POST', '/api/albums', '{"name":""}', 'application/json; charset=utf-8'))).status).to.equal(400);
  });

  it('names the allowed methods in a 405', async () => {
    const reply = await send(apiEvent('DELETE', '/api/albums', { sub: 'owner-1' }), false);
    expect(reply.status).to.equal(405);
    expect(reply.headers.allow).to.equal('GET, POST');
    expect((await send(apiEvent('PUT', '/api/albums/some-album', { sub: 'owner-1' }), false)).headers.allow).to.equal('DELETE, GET, PATCH');
  });

  it('states the accepted content types and the size ceiling in the document, and answers an unknown type 415', async () => {
    const upload = (openApiDocument.components.schemas.CreateUploadRequest as { properties: { contentType: { enum: string[] }; bytes: { maximum: number } } }).properties;
    expect(upload.contentType.enum).to.deep.equal(Object.keys(ALLOWED_TYPES));
    expect(upload.bytes.maximum).to.equal(Math.max(...Object.values(DEFAULT_MAX_BYTES)));
    const reply = await send(withBody('POST', '/api/albums/some-album/uploads', JSON.stringify({ fileName: 'notes.txt', contentType: 'text/plain', bytes: 10 }), 'application/json'));
    expect(reply.status).to.equal(415);
    expect(reply.error?.details).to.deep.equal({ allowed: Object.keys(ALLOWED_TYPES) });
  });
});
