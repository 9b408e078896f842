import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { expect } from 'chai';

import { createApiServer, type JwtClaims } from '../../src/local/api-server.js';

describe('createApiServer (local API Gateway stand-in)', () => {
  let server: Server;
  let base: string;
  const seen: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
  const verified: JwtClaims = { sub: 'user-1', email: 'a@example.com' };

  before(async () => {
    server = createApiServer({
      handler: async (event) => {
        seen.push(event);
        return { statusCode: 201, headers: { 'content-type': 'application/json', 'x-echo': event.rawPath }, body: JSON.stringify({ ok: true }) };
      },
      verifyToken: async (authorization) => (authorization === 'Bearer good' ? verified : undefined),
      maxBodyBytes: 64,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('builds a payload-format 2.0 event and relays the handler result', async () => {
    const response = await fetch(`${base}/api/albums?limit=5&x=1&x=2`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Custom': 'v' }, body: '{"name":"a"}' });
    expect(response.status).to.equal(201);
    expect(response.headers.get('x-echo')).to.equal('/api/albums');
    const event = seen.at(-1)!;
    expect(event.version).to.equal('2.0');
    expect(event.rawPath).to.equal('/api/albums');
    expect(event.rawQueryString).to.equal('limit=5&x=1&x=2');
    expect(event.queryStringParameters).to.deep.equal({ limit: '5', x: '1,2' });
    expect(event.headers['x-custom']).to.equal('v');
    expect(event.requestContext.http.method).to.equal('POST');
    expect(event.body).to.equal('{"name":"a"}');
    expect(event.isBase64Encoded).to.equal(false);
  });

  it('sets authorizer claims only from a verified token; a forged identity header gives none', async () => {
    await fetch(`${base}/api/x`, { headers: { authorization: 'Bearer good' } });
    expect(seen.at(-1)!.requestContext.authorizer.jwt.claims).to.deep.equal(verified);
    await fetch(`${base}/api/x`, { headers: { authorization: 'Bearer forged', 'x-user-id': 'user-1' } });
    expect(seen.at(-1)!.requestContext.authorizer).to.equal(undefined);
  });

  it('refuses bodies over the limit with 413 before calling the handler', async () => {
    const before = seen.length;
    const response = await fetch(`${base}/api/x`, { method: 'POST', body: 'x'.repeat(65) });
    expect(response.status).to.equal(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).to.equal('payload_too_large');
    expect(seen.length).to.equal(before);
  });
});
