import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { expect } from 'chai';

import { createApiServer, type JwtClaims } from '../../src/local/api-server.js';
import { parseWebConfig, type WebConfig } from '../../src/shared/web-config.js';

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

describe('createApiServer serving the web app (local CloudFront stand-in)', () => {
  const webConfig: WebConfig = {
    apiBase: '',
    region: 'ap-southeast-2',
    userPoolId: 'ap-southeast-2_pool',
    userPoolClientId: 'client',
    cognitoEndpoint: 'http://127.0.0.1:5000/',
    selfSignUp: false,
    maxUploadBytes: { image: 50, video: 500 },
  };
  const INDEX = '<!doctype html><title>album</title><script type="module" src="/assets/main-3F2A9C1B.js"></script>';
  const SECRET = 'outside the web root';
  let temp: string;
  let webRoot: string;
  let server: Server;
  let base: string;
  let handled = 0;

  /** node:http sends the path exactly as given; fetch would normalise `..` away before we see it. */
  const raw = (path: string, options: { method?: string; headers?: Record<string, string> } = {}) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const request = httpRequest(`${base}${path}`, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      request.on('error', reject);
      request.end();
    });

  before(async () => {
    temp = await mkdtemp(join(tmpdir(), 'web-root-'));
    webRoot = join(temp, 'web');
    await mkdir(join(webRoot, 'assets'), { recursive: true });
    await writeFile(join(webRoot, 'index.html'), INDEX);
    await writeFile(join(webRoot, 'assets', 'main-3F2A9C1B.js'), 'console.log("album");');
    await writeFile(join(webRoot, 'assets', 'main-3F2A9C1B.js.map'), '{"version":3}');
    await writeFile(join(webRoot, 'assets', 'main-7D1E0A2B.css'), 'body{margin:0}');
    await writeFile(join(webRoot, 'assets', 'inter-5C4B3A21.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
    await writeFile(join(webRoot, 'assets', 'logo-1A2B3C4D.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(webRoot, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
    await writeFile(join(webRoot, 'robots.txt'), 'User-agent: *\n');
    await writeFile(join(temp, 'secret.txt'), SECRET);
    await mkdir(join(temp, 'outside'));
    await writeFile(join(temp, 'outside', 'secret.txt'), SECRET);
    await symlink(join(temp, 'secret.txt'), join(webRoot, 'link-out.txt'));
    await symlink(join(temp, 'outside'), join(webRoot, 'linked-dir'));
    server = createApiServer({
      handler: async (event) => {
        handled += 1;
        return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: event.rawPath }) };
      },
      webRoot,
      webConfig,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(temp, { recursive: true, force: true });
  });

  it('still sends everything under /api to the handler, without the web headers', async () => {
    const before = handled;
    const response = await fetch(`${base}/api/albums/x`);
    expect(await response.json()).to.deep.equal({ path: '/api/albums/x' });
    expect(response.headers.get('x-frame-options')).to.equal(null);
    await fetch(`${base}/api`, { method: 'DELETE' });
    expect(handled).to.equal(before + 2);
  });

  it('serves /config.json from the options, valid for the web app and revalidated on every load', async () => {
    const response = await fetch(`${base}/config.json`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    expect(response.headers.get('cache-control')).to.equal('no-cache');
    const body: unknown = await response.json();
    expect(body).to.deep.equal(webConfig);
    expect(parseWebConfig(body)).to.have.property('config');
  });

  it('serves index.html at / and hashed assets as immutable, each with its content type', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).to.equal(200);
    expect(index.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).to.equal('no-cache');
    expect(await index.text()).to.equal(INDEX);
    const expected: Record<string, string> = {
      '/assets/main-3F2A9C1B.js': 'text/javascript; charset=utf-8',
      '/assets/main-3F2A9C1B.js.map': 'application/json; charset=utf-8',
      '/assets/main-7D1E0A2B.css': 'text/css; charset=utf-8',
      '/assets/inter-5C4B3A21.woff2': 'font/woff2',
      '/assets/logo-1A2B3C4D.svg': 'image/svg+xml',
    };
    for (const [path, type] of Object.entries(expected)) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).to.equal(200);
      expect(response.headers.get('content-type'), path).to.equal(type);
      expect(response.headers.get('cache-control'), path).to.equal('public, max-age=31536000, immutable');
    }
    const robots = await fetch(`${base}/robots.txt`);
    expect(robots.headers.get('content-type')).to.equal('text/plain; charset=utf-8');
    expect(robots.headers.get('cache-control')).to.equal('no-cache');
    expect((await fetch(`${base}/favicon.ico`)).headers.get('content-type')).to.equal('image/x-icon');
  });

  it('sends the security headers CloudFront adds, but not its CSP, which names AWS hosts', async () => {
    for (const path of ['/', '/config.json', '/assets/main-3F2A9C1B.js', '/nothing.png']) {
      const response = await fetch(`${base}${path}`);
      expect(response.headers.get('x-content-type-options'), path).to.equal('nosniff');
      expect(response.headers.get('x-frame-options'), path).to.equal('DENY');
      expect(response.headers.get('referrer-policy'), path).to.equal('strict-origin-when-cross-origin');
      expect(response.headers.get('content-security-policy'), path).to.equal(null);
    }
  });

  it('answers client-side routes (no extension, no file) with index.html, and a missing file with 404', async () => {
    for (const path of ['/albums/x', '/albums/x/', '/assets', '/settings?tab=2']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).to.equal(200);
      expect(response.headers.get('cache-control'), path).to.equal('no-cache');
      expect(await response.text(), path).to.equal(INDEX);
    }
    for (const path of ['/assets/main-00000000.js', '/missing.png', '/albums/x.json']) {
      expect((await fetch(`${base}${path}`)).status, path).to.equal(404);
    }
  });

  it('never serves a file outside the web root: dot segments, encoded ones, symlinks out', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2E%2E/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2F..%2Fsecret.txt', '/..%5csecret.txt', '/%00', '/%E0%A4%A', '/link-out.txt', '/linked-dir/secret.txt']) {
      const response = await raw(path);
      expect(response.status, path).to.be.oneOf([400, 404]);
      expect(response.body, path).not.to.include(SECRET);
    }
  });

  it('answers HEAD like GET without a body, and refuses other methods off /api with 405', async () => {
    const head = await raw('/assets/main-3F2A9C1B.js', { method: 'HEAD' });
    expect(head.status).to.equal(200);
    expect(head.headers['content-length']).to.equal(String('console.log("album");'.length));
    expect(head.body).to.equal('');
    const before = handled;
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await fetch(`${base}/index.html`, { method, ...(method === 'DELETE' ? {} : { body: 'x' }) });
      expect(response.status, method).to.equal(405);
      expect(response.headers.get('allow'), method).to.equal('GET, HEAD');
    }
    expect(handled).to.equal(before);
  });

  it('answers a matching If-None-Match with 304 and no body, and a changed file with a new ETag', async () => {
    for (const path of ['/', '/config.json', '/assets/main-7D1E0A2B.css']) {
      const first = await fetch(`${base}${path}`);
      const etag = first.headers.get('etag');
      expect(etag, path).to.match(/^"[^"]+"$/);
      const again = await raw(path, { headers: { 'if-none-match': `"other", W/${etag!}` } });
      expect(again.status, path).to.equal(304);
      expect(again.body, path).to.equal('');
      expect(again.headers.etag, path).to.equal(etag);
      expect((await raw(path, { headers: { 'if-none-match': '"other"' } })).status, path).to.equal(200);
    }
    const before = (await fetch(`${base}/robots.txt`)).headers.get('etag');
    await writeFile(join(webRoot, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
    const after = await fetch(`${base}/robots.txt`, { headers: { 'if-none-match': before! } });
    expect(after.status).to.equal(200);
    expect(after.headers.get('etag')).not.to.equal(before);
  });

  it('without a web root serves /config.json alone, and 404 elsewhere off /api', async () => {
    const bare = createApiServer({ handler: async () => ({ statusCode: 204 }), webConfig });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareBase = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${bareBase}/config.json`)).status).to.equal(200);
      expect((await fetch(`${bareBase}/`)).status).to.equal(404);
      expect((await fetch(`${bareBase}/api/health`)).status).to.equal(204);
    } finally {
      await new Promise<void>((resolve) => bare.close(() => resolve()));
    }
  });
});
