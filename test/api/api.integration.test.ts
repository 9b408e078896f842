/**
 * The album API end to end in a local stack: moto (S3, DynamoDB, Cognito), the local API Gateway
 * stand-in verifying real Cognito JWTs, and the same routes the Lambda serves. Covers the
 * authorization matrix (owner, another user, no token, expired, tampered) for every route, the
 * upload flow through a real presigned POST, deletion, pagination and validation.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { PurgeQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import { importJWK, type JWK, SignJWT } from 'jose';

import { loadApiConfig } from '../../src/api/config.js';
import { apiDeps } from '../../src/api/deps.js';
import { documentClient } from '../../src/shared/document-client.js';
import { audit } from '../../src/maintenance/audit.js';
import { changeCountedMedia } from '../../src/shared/media-counts.js';
import { markProcessing, recordProcessorResult } from '../../src/shared/media-store.js';
import { recordRenditions } from '../../src/shared/rendition-store.js';
import { shareTokenHash } from '../../src/shared/share-links.js';
import { inlineAlbumDeletions } from '../support/album-deletions.js';
import { documentedRoutes } from '../../src/api/openapi-document.js';
import { createRouter } from '../../src/api/router.js';
import { createRoutes } from '../../src/api/routes.js';
import { albumKey } from '../../src/api/store.js';
import { createApiServer } from '../../src/local/api-server.js';
import { localClients } from '../../src/local/clients.js';
import { cognitoClient, cognitoTokenVerifier, createLocalUser, motoJwksUrl, provisionUserPool, type LocalUser } from '../../src/local/cognito.js';
import { projectRoot } from '../../src/local/paths.js';
import { addLabel } from '../../src/shared/label-index.js';
import { fixture } from '../support/fixtures.js';
import { startTestStack, TEST_REGION, type TestStack } from '../support/local-stack.js';
import { apiEvent } from './api-events.js';
import { expectDocumented } from './documented-response.js';

interface Reply {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * moto signs every pool's tokens with one RSA key it ships (n, e and d only). WebCrypto needs the
 * CRT parameters too, so moto's own Python environment recovers them: the expired token the test
 * signs is then a real token of the pool in every respect but its expiry.
 */
function motoSigningJwk(): JWK {
  const script = [
    'import gzip, json, base64, moto, os',
    'from cryptography.hazmat.primitives.asymmetric import rsa',
    "path = os.path.join(os.path.dirname(moto.__file__), 'cognitoidp', 'resources', 'jwks-private.json.gz')",
    'k = json.loads(gzip.open(path).read())',
    "i = lambda s: int.from_bytes(base64.urlsafe_b64decode(s + '=' * (-len(s) % 4)), 'big')",
    "b = lambda v: base64.urlsafe_b64encode(v.to_bytes((v.bit_length() + 7) // 8, 'big')).rstrip(b'=').decode()",
    "n, e, d = i(k['n']), i(k['e']), i(k['d'])",
    'p, q = rsa.rsa_recover_prime_factors(n, e, d)',
    "print(json.dumps({**k, 'p': b(p), 'q': b(q), 'dp': b(d % (p - 1)), 'dq': b(d % (q - 1)), 'qi': b(pow(q, -1, p))}))",
  ].join('\n');
  return JSON.parse(execFileSync(join(projectRoot, '.venv', 'bin', 'python'), ['-c', script], { encoding: 'utf8' })) as JWK;
}
const decodePart = (token: string, i: number) => JSON.parse(Buffer.from(token.split('.')[i]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('album API in the local stack', function () {
  this.timeout(180_000);
  let test: TestStack;
  let server: Server;
  let base: string;
  let alice: LocalUser;
  let bob: LocalUser;
  let expired: string;
  let resigned: string;
  let tampered: string;
  let doc: DynamoDBDocumentClient;
  let buckets: { originals: string; derived: string };

  const call = async (method: string, path: string, options: { token?: string; body?: unknown; raw?: string; shareToken?: string } = {}): Promise<Reply> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.shareToken !== undefined) headers['x-share-token'] = options.shareToken;
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    const reply = { status: response.status, body: text ? JSON.parse(text) : undefined };
    // Every response this suite sees must be one the OpenAPI document states.
    expectDocumented({ method, path, status: reply.status, contentType: response.headers.get('content-type') ?? undefined, body: reply.body });
    return reply;
  };
  const as = (user: LocalUser) => (method: string, path: string, body?: unknown) => call(method, path, { token: user.idToken, body });

  const newAlbum = async (user: LocalUser, name = 'Holidays'): Promise<string> => {
    const reply = await as(user)('POST', '/api/albums', { name });
    expect(reply.status).to.equal(201);
    return reply.body.albumId as string;
  };
  const newUpload = async (user: LocalUser, albumId: string, fileName = 'IMG_0001.jpg'): Promise<Reply> =>
    as(user)('POST', `/api/albums/${albumId}/uploads`, { fileName, contentType: 'image/jpeg', bytes: 20_000 });

  before(async () => {
    test = await startTestStack('photo-album-api-test');
    const aws = { endpoint: test.moto.endpoint, region: TEST_REGION };
    const cognito = cognitoClient(aws);
    const pool = await provisionUserPool(cognito, 'photo-album-api-test');
    [alice, bob] = [await createLocalUser(cognito, pool, 'alice'), await createLocalUser(cognito, pool, 'bob')];
    const topology = test.stack.topology;
    buckets = topology.buckets;
    const config = loadApiConfig({
      TABLE_NAME: topology.tableName,
      ORIGINALS_BUCKET: buckets.originals,
      DERIVED_BUCKET: buckets.derived,
      ALBUM_DELETION_QUEUE_URL: test.stack.jobQueues['album-deleter']!.url,
      CURSOR_KEY: 'k'.repeat(40),
      S3_FORCE_PATH_STYLE: 'true',
      MAX_BODY_BYTES: '2048',
      PROCESSOR_QUEUE_URLS: JSON.stringify(Object.fromEntries(Object.values(test.stack.queues).map((q) => [q.processor, q.url]))),
    });
    const deletionStore = { doc: documentClient(test.clients.dynamodb), s3: test.clients.s3, tableName: topology.tableName, originalsBucket: buckets.originals, derivedBucket: buckets.derived };
    // Album deletes finish within the request here; test/maintenance shows the queued, paged deleter.
    const deps = apiDeps(config, { s3: test.clients.s3, dynamodb: test.clients.dynamodb, sqs: test.clients.sqs, albumDeletions: inlineAlbumDeletions(deletionStore) });
    doc = deps.store.doc;
    const route = createRouter(createRoutes(deps));
    server = createApiServer({
      handler: (event) => route(event),
      verifyToken: cognitoTokenVerifier({ ...pool, region: TEST_REGION, jwksUrl: motoJwksUrl(test.moto.endpoint, pool.userPoolId) }),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // Expired: the pool's own key (moto ships it) signs alice's claims with an exp in the past.
    const key = await importJWK(motoSigningJwk(), 'RS256');
    const past = Math.floor(Date.now() / 1000) - 3600;
    resigned = await new SignJWT({ ...decodePart(alice.idToken, 1) }).setProtectedHeader(decodePart(alice.idToken, 0) as { alg: string }).sign(key);
    expired = await new SignJWT({ ...decodePart(alice.idToken, 1), iat: past - 3600, exp: past }).setProtectedHeader(decodePart(alice.idToken, 0) as { alg: string }).sign(key);
    // Tampered: alice's signature on a payload that claims to be bob.
    const [header, , signature] = alice.idToken.split('.');
    tampered = `${header}.${Buffer.from(JSON.stringify({ ...decodePart(alice.idToken, 1), sub: bob.sub })).toString('base64url')}.${signature}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await test?.moto.stop();
  });

  describe('authorization matrix', () => {
    let albumId: string;
    let doomedAlbumId: string;
    let mediaId: string;
    let doomedMediaId: string;
    let shareId: string;
    /** Every route: a path for alice's resources and the status alice gets. */
    let cases: { route: string; path: string; body?: unknown; owner: number }[];

    before(async () => {
      albumId = await newAlbum(alice);
      doomedAlbumId = await newAlbum(alice, 'to delete');
      mediaId = (await newUpload(alice, albumId)).body.mediaId;
      doomedMediaId = (await newUpload(alice, albumId)).body.mediaId;
      // As image-labels indexes a photo; twice, as a duplicated event would, which must count once.
      const labelStore = { doc, tableName: test.stack.topology.tableName };
      for (const mediaIdToLabel of [mediaId, mediaId, doomedMediaId]) {
        await addLabel(labelStore, { mediaId: mediaIdToLabel, ownerId: alice.sub, createdAt: '2020-01-01T00:00:00.000Z' }, { name: 'Beach', confidence: 99 });
      }
      shareId = (await as(alice)('POST', `/api/albums/${albumId}/shares`, {})).body.shareId;
      cases = [
        { route: 'GET /api/health', path: '/api/health', owner: 200 },
        { route: 'GET /api/albums/{albumId}/shares', path: `/api/albums/${albumId}/shares`, owner: 200 },
        { route: 'POST /api/albums/{albumId}/shares', path: `/api/albums/${albumId}/shares`, body: { allowDownload: true }, owner: 201 },
        { route: 'DELETE /api/albums/{albumId}/shares/{shareId}', path: `/api/albums/${albumId}/shares/${shareId}`, owner: 204 },
        // Open to anyone, and without a share token nobody gets anything.
        { route: 'GET /api/shared', path: '/api/shared', owner: 404 },
        { route: 'GET /api/shared/media', path: '/api/shared/media', owner: 404 },
        { route: 'GET /api/shared/media/{mediaId}/original', path: `/api/shared/media/${mediaId}/original`, owner: 404 },
        { route: 'GET /api/albums', path: '/api/albums', owner: 200 },
        { route: 'POST /api/albums', path: '/api/albums', body: { name: 'New' }, owner: 201 },
        { route: 'GET /api/albums/{albumId}', path: `/api/albums/${albumId}`, owner: 200 },
        { route: 'PATCH /api/albums/{albumId}', path: `/api/albums/${albumId}`, body: { name: 'Renamed' }, owner: 200 },
        { route: 'POST /api/albums/{albumId}/uploads', path: `/api/albums/${albumId}/uploads`, body: { fileName: 'a.png', contentType: 'image/png', bytes: 10 }, owner: 201 },
        { route: 'GET /api/albums/{albumId}/media', path: `/api/albums/${albumId}/media`, owner: 200 },
        { route: 'GET /api/media/{mediaId}', path: `/api/media/${mediaId}`, owner: 200 },
        { route: 'GET /api/media', path: '/api/media', owner: 200 },
        { route: 'GET /api/media/months', path: '/api/media/months', owner: 200 },
        { route: 'POST /api/media/bulk', path: '/api/media/bulk', body: { action: 'move', mediaIds: ['00000000-0000-4000-8000-000000000001'], albumId }, owner: 200 },
        { route: 'PATCH /api/media/{mediaId}', path: `/api/media/${mediaId}`, body: { caption: 'Sunset' }, owner: 200 },
        // Still uploading: nothing to download and nothing failed to retry, yet the owner is told why.
        { route: 'GET /api/media/{mediaId}/original', path: `/api/media/${mediaId}/original`, owner: 409 },
        { route: 'POST /api/media/{mediaId}/retry', path: `/api/media/${mediaId}/retry`, owner: 409 },
        { route: 'GET /api/labels', path: '/api/labels', owner: 200 },
        { route: 'GET /api/labels/{label}/media', path: '/api/labels/Beach/media', owner: 200 },
        { route: 'DELETE /api/media/{mediaId}', path: `/api/media/${doomedMediaId}`, owner: 204 },
        { route: 'DELETE /api/albums/{albumId}', path: `/api/albums/${doomedAlbumId}`, owner: 204 },
      ];
    });

    it('covers every route in the OpenAPI document', () => {
      expect(cases.map((c) => c.route).sort()).to.deep.equal(documentedRoutes().sort());
    });

    it('answers 401 without a token, with an expired token and with a tampered token (health stays open)', async () => {
      for (const c of cases) {
        for (const [what, token] of [['none', undefined], ['expired', expired], ['tampered', tampered]] as const) {
          const reply = await call(c.route.split(' ')[0]!, c.path, { ...(token ? { token } : {}), body: c.body });
          const expected = c.route === 'GET /api/health' ? 200 : c.route.startsWith('GET /api/shared') ? 404 : 401;
          expect(reply.status, `${c.route} with ${what} token`).to.equal(expected);
          if (expected === 401) expect(reply.body.error.code).to.equal('unauthorized');
          if (expected === 404) expect(reply.body.error.message).to.equal('This link does not work. It may have expired or been revoked.');
        }
      }
    });

    it("answers another user's album and media ids 404, the same as a missing id, and lists none of them", async () => {
      for (const c of cases) {
        const reply = await as(bob)(c.route.split(' ')[0]!, c.path, c.body);
        if (c.path.includes(albumId) || c.path.includes(doomedAlbumId) || c.path.includes(mediaId) || c.path.includes(doomedMediaId)) {
          expect(reply.status, `${c.route} as another user`).to.equal(404);
          const missing = await as(alice)(c.route.split(' ')[0]!, c.path.replace(/[0-9a-f-]{36}/, '00000000-0000-4000-8000-000000000000'), c.body);
          expect(missing.status, `${c.route} with a missing id`).to.equal(404);
          expect(reply.body).to.deep.equal({ error: { code: 'not_found', message: missing.body.error.message } });
        } else if (['GET /api/albums', 'GET /api/labels', 'GET /api/labels/{label}/media', 'GET /api/media', 'GET /api/media/months'].includes(c.route)) {
          expect(reply.status).to.equal(200);
          expect(JSON.stringify(reply.body)).to.not.include(albumId).and.not.include(mediaId).and.not.include('beach');
        } else if (c.route.startsWith('GET /api/shared')) {
          expect(reply.status).to.equal(404);
        } else if (c.route === 'POST /api/media/bulk') {
          // bob cannot move anything into alice's album: it is not one of his.
          expect(reply.status).to.equal(400);
          expect(reply.body.error.code).to.equal('invalid_album');
        } else if (c.route === 'POST /api/albums') {
          // bob's new album is bob's: alice cannot see it.
          expect(reply.status).to.equal(201);
          expect((await as(alice)('GET', `/api/albums/${reply.body.albumId}`)).status).to.equal(404);
        } else {
          expect(c.route, 'a route without an other-user expectation').to.equal('GET /api/health');
          expect(reply.status).to.equal(200);
        }
      }
    });

    it('serves every route to the owner', async () => {
      for (const c of cases) {
        const reply = await as(alice)(c.route.split(' ')[0]!, c.path, c.body);
        expect(reply.status, `${c.route} as owner: ${JSON.stringify(reply.body)}`).to.equal(c.owner);
      }
      expect((await as(alice)('GET', `/api/media/${doomedMediaId}`)).status).to.equal(404);
      expect((await as(alice)('GET', `/api/albums/${doomedAlbumId}`)).status).to.equal(404);
      const labelled = await as(alice)('GET', '/api/labels/beach/media');
      expect(labelled.body.items.map((m: { mediaId: string }) => m.mediaId)).to.deep.equal([mediaId]);
      // Two photos were labelled Beach (one of them twice); deleting one of them took its count with it.
      expect((await as(alice)('GET', '/api/labels')).body).to.deep.equal({ items: [{ label: 'beach', displayName: 'Beach', count: 1 }] });
    });

    it('accepts the same claims signed with the same key when unexpired (so the expired case fails on expiry alone)', async () => {
      expect((await call('GET', `/api/albums/${albumId}`, { token: resigned })).status).to.equal(200);
    });

    it('accepts access tokens of the app client too, as the JWT authorizer does', async () => {
      expect((await call('GET', `/api/albums/${albumId}`, { token: alice.accessToken })).status).to.equal(200);
    });
  });

  describe('upload, view and delete', () => {
    it('issues a presigned POST that takes the file, shows signed variant URLs, and deletes every object', async () => {
      const albumId = await newAlbum(alice);
      const photo = readFileSync(fixture('images/exif/Canon_40D.jpg'));
      const issued = await as(alice)('POST', `/api/albums/${albumId}/uploads`, { fileName: 'my photo.jpg', contentType: 'image/jpeg', bytes: photo.length });
      expect(issued.status).to.equal(201);
      const { mediaId, upload } = issued.body as { mediaId: string; upload: { url: string; fields: Record<string, string>; expiresAt: string } };
      const key = `originals/image/${mediaId}.jpg`;
      expect(upload.fields.key).to.equal(key);
      expect(upload.fields['Content-Type']).to.equal('image/jpeg');
      expect(Date.parse(upload.expiresAt)).to.be.greaterThan(Date.now());

      const form = new FormData();
      for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
      form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'my photo.jpg');
      const posted = await fetch(upload.url, { method: 'POST', body: form });
      expect(posted.status, await posted.text()).to.be.oneOf([200, 201, 204]);
      await test.clients.s3.send(new HeadObjectCommand({ Bucket: buckets.originals, Key: key }));

      const uploading = await as(alice)('GET', `/api/media/${mediaId}`);
      expect(uploading.body).to.include({ mediaId, albumId, status: 'uploading', fileName: 'my photo.jpg', mediaClass: 'image' });
      expect(uploading.body.variants).to.deep.equal({});

      // Stand in for image-variants: a rendition in the derived bucket and the item marked ready.
      const thumbKey = `derived/${mediaId}/thumb.webp`;
      await test.clients.s3.send(new PutObjectCommand({ Bucket: buckets.derived, Key: thumbKey, Body: Buffer.from('thumb-bytes'), ContentType: 'image/webp' }));
      await doc.send(
        new UpdateCommand({
          TableName: test.stack.topology.tableName,
          Key: { pk: `MEDIA#${mediaId}`, sk: 'MEDIA' },
          UpdateExpression: 'SET #s = :ready, variants = :v',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':ready': 'ready', ':v': { thumb: { key: thumbKey, width: 160, height: 120, format: 'webp', bytes: 11 } } },
        }),
      );
      const listed = await as(alice)('GET', `/api/albums/${albumId}/media`);
      expect(listed.status).to.equal(200);
      const [item] = listed.body.items;
      expect(item).to.include({ mediaId, status: 'ready' });
      expect(item.variants.thumb).to.include({ width: 160, height: 120, format: 'webp', bytes: 11 });
      const image = await fetch(item.variants.thumb.url);
      expect(image.status).to.equal(200);
      expect(Buffer.from(await image.arrayBuffer()).toString()).to.equal('thumb-bytes');

      expect((await as(alice)('DELETE', `/api/media/${mediaId}`)).status).to.equal(204);
      for (const bucket of [buckets.originals, buckets.derived]) {
        const { Contents = [] } = await test.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
        expect(Contents.map((o) => o.Key).filter((k) => k?.includes(mediaId))).to.deep.equal([]);
      }
      expect((await as(alice)('GET', `/api/media/${mediaId}`)).status).to.equal(404);
      expect((await as(alice)('DELETE', `/api/media/${mediaId}`)).status).to.equal(404);
    });

    it('deleting an album deletes its media, their originals and labels', async () => {
      const albumId = await newAlbum(alice);
      const { mediaId } = (await newUpload(alice, albumId)).body as { mediaId: string };
      const key = `originals/image/${mediaId}.jpg`;
      await test.clients.s3.send(new PutObjectCommand({ Bucket: buckets.originals, Key: key, Body: Buffer.from('x') }));
      expect((await as(alice)('DELETE', `/api/albums/${albumId}`)).status).to.equal(204);
      expect((await as(alice)('GET', `/api/media/${mediaId}`)).status).to.equal(404);
      const { Contents = [] } = await test.clients.s3.send(new ListObjectsV2Command({ Bucket: buckets.originals, Prefix: key }));
      expect(Contents).to.deep.equal([]);
    });

    it('an album whose deletion has begun is hidden and takes no upload; a retried delete finishes it with its media', async () => {
      const albumId = await newAlbum(alice, 'Closing');
      const { mediaId } = (await newUpload(alice, albumId)).body as { mediaId: string };
      // A delete that stopped after closing the album (the first thing it does), e.g. on a timeout.
      await doc.send(new UpdateCommand({ TableName: test.stack.topology.tableName, Key: albumKey(alice.sub, albumId), UpdateExpression: 'SET deletingSince = :t', ExpressionAttributeValues: { ':t': new Date().toISOString() } }));

      const upload = await newUpload(alice, albumId);
      expect(upload.status).to.equal(404);
      expect((await as(alice)('GET', `/api/albums/${albumId}`)).status).to.equal(404);
      expect((await as(alice)('PATCH', `/api/albums/${albumId}`, { name: 'Reopened' })).status).to.equal(404);
      const listed = (await as(alice)('GET', '/api/albums?limit=100')).body as { items: { albumId: string }[] };
      expect(listed.items.map((a) => a.albumId)).to.not.include(albumId);

      expect((await as(alice)('DELETE', `/api/albums/${albumId}`)).status).to.equal(204);
      expect((await as(alice)('GET', `/api/media/${mediaId}`)).status).to.equal(404);
      expect((await as(alice)('DELETE', `/api/albums/${albumId}`)).status).to.equal(404);
    });

    it('refuses unsupported types with 415 and oversized uploads with 413, before recording anything', async () => {
      const albumId = await newAlbum(alice);
      const pdf = await as(alice)('POST', `/api/albums/${albumId}/uploads`, { fileName: 'a.pdf', contentType: 'application/pdf', bytes: 10 });
      expect(pdf.status).to.equal(415);
      expect(pdf.body.error.code).to.equal('unsupported_media_type');
      const huge = await as(alice)('POST', `/api/albums/${albumId}/uploads`, { fileName: 'a.jpg', contentType: 'image/jpeg', bytes: 51 * 1024 * 1024 });
      expect(huge.status).to.equal(413);
      expect(huge.body.error.message).to.match(/image uploads are limited to 52428800 bytes/);
      expect((await as(alice)('GET', `/api/albums/${albumId}/media`)).body.items).to.deep.equal([]);
    });
  });

  describe('album media count and cover', () => {
    const table = () => test.stack.topology.tableName;
    /** Moves a media item as the processors (or a delete half-way) would, at a chosen place in the album's newest-first order. */
    const setMedia = async (mediaId: string, createdAt: string, status: string, thumb?: { key: string; width: number; height: number }) =>
      // Through the counters, as every status change of the processors goes.
      changeCountedMedia({ doc, tableName: table() }, mediaId, () => ({
        set: { status, createdAt, gsi1sk: `${createdAt}#${mediaId}`, ...(thumb ? { variants: { thumb: { ...thumb, format: 'webp', bytes: 11 } } } : {}) },
      }));
    const upload = async (albumId: string) => (await newUpload(alice, albumId)).body.mediaId as string;

    it('counts every item but those deleted or being deleted, and shows the newest ready thumb as the cover, in every album response', async () => {
      const albumId = await newAlbum(alice, 'Counted');
      const created = await as(alice)('GET', `/api/albums/${albumId}`);
      expect(created.body).to.include({ mediaCount: 0 }).and.not.have.property('cover');

      const [olderReady, newerReady, failed, processing, beingDeleted, deleted] = [
        await upload(albumId), await upload(albumId), await upload(albumId), await upload(albumId), await upload(albumId), await upload(albumId),
      ] as [string, string, string, string, string, string];
      const thumbOf = (mediaId: string) => ({ key: `derived/${mediaId}/thumb.webp`, width: 320, height: 240 });
      await setMedia(olderReady, '2030-01-01T00:00:01.000Z', 'ready', thumbOf(olderReady));
      await setMedia(newerReady, '2030-01-01T00:00:02.000Z', 'ready', thumbOf(newerReady));
      await setMedia(failed, '2030-01-01T00:00:03.000Z', 'failed');
      await setMedia(processing, '2030-01-01T00:00:04.000Z', 'processing', thumbOf(processing));
      // Newest of all and ready, but its delete has begun: neither counted nor the cover.
      await setMedia(beingDeleted, '2030-01-01T00:00:05.000Z', 'ready', thumbOf(beingDeleted));
      // The first step of a delete that stopped there.
      await changeCountedMedia({ doc, tableName: table() }, beingDeleted, () => ({ set: { deletingSince: new Date().toISOString() } }));
      expect((await as(alice)('DELETE', `/api/media/${deleted}`)).status).to.equal(204);
      await test.clients.s3.send(new PutObjectCommand({ Bucket: buckets.derived, Key: thumbOf(newerReady).key, Body: Buffer.from('cover-bytes'), ContentType: 'image/webp' }));

      const fetched = (await as(alice)('GET', `/api/albums/${albumId}`)).body;
      expect(fetched.mediaCount).to.equal(4); // two ready, one failed, one processing
      expect(fetched.counts).to.deep.equal({ photos: 4, videos: 0, failed: 1 });
      expect(fetched.cover).to.include({ width: 320, height: 240 });
      expect(new URL(fetched.cover.url).pathname).to.include(thumbOf(newerReady).key);
      expect(Buffer.from(await (await fetch(fetched.cover.url)).arrayBuffer()).toString()).to.equal('cover-bytes');
      // The same URL the media listing gives the thumb, so the browser has it cached already.
      const listed = (await as(alice)('GET', `/api/albums/${albumId}/media`)).body.items as { mediaId: string; variants: { thumb?: { url: string } } }[];
      expect(listed.find((m) => m.mediaId === newerReady)!.variants.thumb!.url).to.equal(fetched.cover.url);

      const inList = ((await as(alice)('GET', '/api/albums?limit=100')).body.items as { albumId: string }[]).find((a) => a.albumId === albumId);
      expect(inList).to.deep.equal(fetched);
      const renamed = (await as(alice)('PATCH', `/api/albums/${albumId}`, { name: 'Renamed' })).body;
      expect(renamed).to.deep.include({ name: 'Renamed', mediaCount: 4, cover: fetched.cover });

      // Once the cover's item is gone, the next newest ready one takes its place.
      expect((await as(alice)('DELETE', `/api/media/${newerReady}`)).status).to.equal(204);
      const after = (await as(alice)('GET', `/api/albums/${albumId}`)).body;
      expect(after.mediaCount).to.equal(3);
      expect(after.counts).to.deep.equal({ photos: 3, videos: 0, failed: 1 });
      expect(new URL(after.cover.url).pathname).to.include(thumbOf(olderReady).key);
    });
  });

  describe('timeline, captions, moves, covers, originals and retry', () => {
    const table = () => test.stack.topology.tableName;
    const store = () => ({ doc, tableName: table() });
    const upload = async (user: LocalUser, albumId: string, fileName = 'IMG_0001.jpg') => (await newUpload(user, albumId, fileName)).body.mediaId as string;
    /** As the image processor does: renditions recorded, then the capture time it read from EXIF. */
    const processed = async (mediaId: string, capturedAt: string | undefined, attributes: Record<string, unknown> = {}) => {
      const thumb = { key: `derived/${mediaId}/v1/thumb.webp`, width: 320, height: 240, format: 'webp', bytes: 11 };
      await recordRenditions({ ...store(), s3: test.clients.s3, derivedBucket: buckets.derived }, mediaId, 'image-variants', { thumb }, attributes, { startedAt: new Date(), recipeVersion: 1, capturedAt });
      await recordProcessorResult(store(), mediaId, 'image-labels', { status: 'succeeded' });
    };
    const ids = (reply: Reply) => (reply.body.items as { mediaId: string }[]).map((m) => m.mediaId);
    let dave: LocalUser;

    before(async () => {
      const aws = { endpoint: test.moto.endpoint, region: TEST_REGION };
      dave = await createLocalUser(cognitoClient(aws), await provisionUserPool(cognitoClient(aws), 'photo-album-api-test'), 'dave');
    });

    it('lists media across albums newest taken first, by month and time range, and an album by either order', async () => {
      const summer = await newAlbum(dave, 'Summer');
      const winter = await newAlbum(dave, 'Winter');
      const [in2019, in2021, in2015, undated] = [await upload(dave, summer), await upload(dave, winter), await upload(dave, summer), await upload(dave, winter)];
      await processed(in2019, '2019-07-14T10:00:00+02:00');
      await processed(in2021, '2021-01-02T09:30:00');
      await processed(in2015, '2015-07-01T12:00:00Z');
      // A second delivery of the same event: the same time again, counted once.
      await processed(in2015, '2015-07-01T12:00:00Z');
      await processed(undated, undefined);

      const timeline = await as(dave)('GET', '/api/media');
      expect(ids(timeline), 'newest taken first; the undated one at its upload time').to.deep.equal([undated, in2021, in2019, in2015]);
      const item2019 = timeline.body.items[2];
      expect(item2019).to.include({ takenAt: '2019-07-14T08:00:00.000Z', capturedAt: '2019-07-14T10:00:00+02:00' });
      expect(timeline.body.items[0].takenAt).to.equal(timeline.body.items[0].createdAt);

      const thisMonth = new Date().toISOString().slice(0, 7);
      expect((await as(dave)('GET', '/api/media/months')).body).to.deep.equal({
        months: [
          { month: thisMonth, count: 1 },
          { month: '2021-01', count: 1 },
          { month: '2019-07', count: 1 },
          { month: '2015-07', count: 1 },
        ],
      });

      expect(ids(await as(dave)('GET', '/api/media?from=2016-01-01&to=2021-01-02T09:30:00Z')), 'from inclusive, to exclusive').to.deep.equal([in2019]);
      expect(ids(await as(dave)('GET', '/api/media?to=2020-01-01'))).to.deep.equal([in2019, in2015]);
      expect((await as(dave)('GET', '/api/media?from=2021-01-01&to=2020-01-01')).status).to.equal(400);
      expect((await as(dave)('GET', '/api/media?from=last-week')).status).to.equal(400);

      // One item per page through the whole timeline: cursors carry the range and order.
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await as(dave)('GET', `/api/media?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        paged.push(...ids(page));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(paged).to.deep.equal([undated, in2021, in2019, in2015]);

      expect(ids(await as(dave)('GET', `/api/albums/${summer}/media?sort=taken`))).to.deep.equal([in2019, in2015]);
      expect(ids(await as(dave)('GET', `/api/albums/${summer}/media`)), 'uploaded order').to.deep.equal([in2015, in2019]);
      const firstByUpload = await as(dave)('GET', `/api/albums/${summer}/media?limit=1`);
      const crossed = await as(dave)('GET', `/api/albums/${summer}/media?sort=taken&cursor=${encodeURIComponent(firstByUpload.body.nextCursor)}`);
      expect(crossed.status, 'a cursor of one order cannot page the other').to.equal(400);
    });

    it('keeps the capture location out of every listing and view unless the owner asks for that one item', async () => {
      const albumId = await newAlbum(dave, 'Tuscany');
      const mediaId = await upload(dave, albumId);
      const location = { latitude: 43.4674483, longitude: 11.8851267 };
      await processed(mediaId, '2008-10-22T16:28:39', { location, original: { format: 'jpeg', width: 640, height: 480, cameraMake: 'NIKON', cameraModel: 'COOLPIX P6000' } });

      const plain = await as(dave)('GET', `/api/media/${mediaId}`);
      expect(plain.body).to.include({ camera: 'NIKON COOLPIX P6000', width: 640, height: 480 }).and.not.have.property('location');
      for (const path of [`/api/albums/${albumId}/media`, '/api/media', `/api/albums/${albumId}/media?sort=taken`]) {
        expect(JSON.stringify((await as(dave)('GET', path)).body), path).not.to.include('43.46').and.not.include('latitude');
      }
      expect((await as(dave)('GET', `/api/media/${mediaId}?include=location`)).body.location).to.deep.equal(location);
      expect((await as(dave)('GET', `/api/media/${mediaId}?include=everything`)).status).to.equal(400);
      expect((await as(bob)('GET', `/api/media/${mediaId}?include=location`)).status, "another user's item").to.equal(404);
    });

    it('sets and clears a caption, and refuses one that is too long', async () => {
      const mediaId = await upload(dave, await newAlbum(dave, 'Captions'));
      expect((await as(dave)('PATCH', `/api/media/${mediaId}`, { caption: '  Nonna at the lake  ' })).body.caption).to.equal('Nonna at the lake');
      expect((await as(dave)('GET', `/api/media/${mediaId}`)).body.caption).to.equal('Nonna at the lake');
      expect((await as(dave)('PATCH', `/api/media/${mediaId}`, { caption: '' })).body).not.to.have.property('caption');
      expect((await as(dave)('PATCH', `/api/media/${mediaId}`, { caption: 'x'.repeat(2001) })).status).to.equal(400);
      expect((await as(dave)('PATCH', `/api/media/${mediaId}`, {})).status).to.equal(400);
    });

    it("moves an item to another of the owner's albums with both albums' counts, never into someone else's", async () => {
      const from = await newAlbum(dave, 'From');
      const to = await newAlbum(dave, 'To');
      const [moving, staying] = [await upload(dave, from), await upload(dave, from)];
      // Counted once its bytes arrive, as a processor marks it.
      await markProcessing(store(), staying);
      await recordProcessorResult(store(), moving, 'image-variants', { status: 'failed', code: 'retries_exhausted', reason: 'gave up' });
      expect((await as(dave)('GET', `/api/albums/${from}`)).body.counts).to.deep.equal({ photos: 2, videos: 0, failed: 1 });

      const moved = await as(dave)('PATCH', `/api/media/${moving}`, { albumId: to, caption: 'moved' });
      expect(moved.body).to.include({ albumId: to, caption: 'moved' });
      expect((await as(dave)('GET', `/api/albums/${from}`)).body.counts).to.deep.equal({ photos: 1, videos: 0, failed: 0 });
      expect((await as(dave)('GET', `/api/albums/${to}`)).body.counts).to.deep.equal({ photos: 1, videos: 0, failed: 1 });
      expect(ids(await as(dave)('GET', `/api/albums/${from}/media`))).to.deep.equal([staying]);
      expect(ids(await as(dave)('GET', `/api/albums/${to}/media?sort=taken`))).to.deep.equal([moving]);
      // The same move again changes nothing.
      await as(dave)('PATCH', `/api/media/${moving}`, { albumId: to });
      expect((await as(dave)('GET', `/api/albums/${to}`)).body.counts).to.deep.equal({ photos: 1, videos: 0, failed: 1 });

      const bobsAlbum = await newAlbum(bob, 'Not yours');
      for (const target of [bobsAlbum, '00000000-0000-4000-8000-000000000000']) {
        const refused = await as(dave)('PATCH', `/api/media/${staying}`, { albumId: target });
        expect(refused.status).to.equal(400);
        expect(refused.body.error.code).to.equal('invalid_album');
      }
      expect((await as(bob)('GET', `/api/albums/${bobsAlbum}`)).body.counts).to.deep.equal({ photos: 0, videos: 0, failed: 0 });
    });

    it('shows a chosen cover while it is in the album and ready, and falls back when it leaves', async () => {
      const albumId = await newAlbum(dave, 'Covers');
      const other = await newAlbum(dave, 'Elsewhere');
      const [older, newer, pending] = [await upload(dave, albumId), await upload(dave, albumId), await upload(dave, albumId)];
      await processed(older, undefined);
      await processed(newer, undefined);
      const coverPath = async () => new URL((await as(dave)('GET', `/api/albums/${albumId}`)).body.cover.url).pathname;
      expect(await coverPath(), 'automatic: the newest ready item').to.include(`derived/${newer}/v1/thumb.webp`);

      const chosen = await as(dave)('PATCH', `/api/albums/${albumId}`, { coverMediaId: older });
      expect(chosen.body.coverMediaId).to.equal(older);
      expect(new URL(chosen.body.cover.url).pathname).to.include(`derived/${older}/v1/thumb.webp`);
      const listed = ((await as(dave)('GET', '/api/albums?limit=100')).body.items as { albumId: string; cover: { url: string } }[]).find((a) => a.albumId === albumId)!;
      expect(new URL(listed.cover.url).pathname).to.include(`derived/${older}/v1/thumb.webp`);

      expect((await as(dave)('PATCH', `/api/albums/${albumId}`, { coverMediaId: pending })).status, 'not ready').to.equal(409);
      const elsewhere = await upload(dave, other);
      expect((await as(dave)('PATCH', `/api/albums/${albumId}`, { coverMediaId: elsewhere })).status, 'another album').to.equal(400);

      await as(dave)('PATCH', `/api/media/${older}`, { albumId: other });
      expect(await coverPath(), 'the cover moved away').to.include(`derived/${newer}/v1/thumb.webp`);
      await as(dave)('PATCH', `/api/media/${older}`, { albumId });
      expect(await coverPath(), 'and came back').to.include(`derived/${older}/v1/thumb.webp`);
      const automatic = await as(dave)('PATCH', `/api/albums/${albumId}`, { coverMediaId: null });
      expect(automatic.body).not.to.have.property('coverMediaId');
      expect(new URL(automatic.body.cover.url).pathname).to.include(`derived/${newer}/v1/thumb.webp`);
    });

    it('downloads the original under its own name through a short-lived URL', async () => {
      const albumId = await newAlbum(dave, 'Originals');
      const photo = readFileSync(fixture('images/exif/Nikon_D70.jpg'));
      const issued = await as(dave)('POST', `/api/albums/${albumId}/uploads`, { fileName: 'Zoë at the "lake".jpg', contentType: 'image/jpeg', bytes: photo.length });
      const { mediaId, upload: post } = issued.body as { mediaId: string; upload: { url: string; fields: Record<string, string> } };
      expect((await as(dave)('GET', `/api/media/${mediaId}/original`)).status, 'not uploaded yet').to.equal(409);
      const form = new FormData();
      for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
      form.append('file', new Blob([photo], { type: 'image/jpeg' }));
      expect((await fetch(post.url, { method: 'POST', body: form })).ok).to.equal(true);
      await markProcessing(store(), mediaId);

      const download = await as(dave)('GET', `/api/media/${mediaId}/original`);
      expect(download.status).to.equal(200);
      expect(download.body.fileName).to.equal('Zoë at the lake.jpg');
      const lifetime = Date.parse(download.body.expiresAt) - Date.now();
      expect(lifetime).to.be.within(0, 300_000);
      const media = (await as(dave)('GET', `/api/media/${mediaId}`)).body;
      expect(download.body.url, 'separate from the rendition URLs').not.to.equal(media.variants.thumb?.url);
      const response = await fetch(download.body.url);
      expect(response.status).to.equal(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(photo)).to.equal(true);
      expect(response.headers.get('content-disposition')).to.equal(`attachment; filename="Zo_ at the lake.jpg"; filename*=UTF-8''Zo%C3%AB%20at%20the%20lake.jpg`);
      expect((await as(bob)('GET', `/api/media/${mediaId}/original`)).status).to.equal(404);
    });

    it('deletes or moves a page of items in one call, reporting each item, and touches nothing of anyone else', async () => {
      const from = await newAlbum(dave, 'Bulk from');
      const to = await newAlbum(dave, 'Bulk to');
      const mine = [await upload(dave, from), await upload(dave, from), await upload(dave, from)];
      for (const mediaId of mine) await markProcessing(store(), mediaId);
      const bobs = await upload(bob, await newAlbum(bob, 'Bob bulk'));
      const missing = '00000000-0000-4000-8000-00000000dead';

      const moved = await as(dave)('POST', '/api/media/bulk', { action: 'move', albumId: to, mediaIds: [mine[0], bobs, mine[1], missing] });
      expect(moved.body.results).to.deep.equal([
        { mediaId: mine[0], outcome: 'moved' },
        { mediaId: bobs, outcome: 'not_found' },
        { mediaId: mine[1], outcome: 'moved' },
        { mediaId: missing, outcome: 'not_found' },
      ]);
      expect((await as(dave)('POST', '/api/media/bulk', { action: 'move', albumId: to, mediaIds: [mine[0]] })).body.results, 'again').to.deep.equal([{ mediaId: mine[0], outcome: 'unchanged' }]);
      expect((await as(dave)('GET', `/api/albums/${to}`)).body.counts.photos).to.equal(2);
      expect((await as(dave)('GET', `/api/albums/${from}`)).body.counts.photos).to.equal(1);

      const deleted = await as(dave)('POST', '/api/media/bulk', { action: 'delete', mediaIds: [mine[0], mine[2], bobs] });
      expect(deleted.body.results.map((r: { outcome: string }) => r.outcome)).to.deep.equal(['deleted', 'deleted', 'not_found']);
      expect((await as(dave)('POST', '/api/media/bulk', { action: 'delete', mediaIds: [mine[0]] })).body.results[0].outcome, 'again').to.equal('not_found');
      expect((await as(bob)('GET', `/api/media/${bobs}`)).status, "bob's item is untouched").to.equal(200);
      expect(ids(await as(dave)('GET', `/api/albums/${to}/media`))).to.deep.equal([mine[1]]);
      expect((await as(dave)('GET', `/api/albums/${from}`)).body.counts.photos).to.equal(0);

      expect((await as(dave)('POST', '/api/media/bulk', { action: 'move', mediaIds: [mine[1]] })).status, 'a move without a target').to.equal(400);
      expect((await as(dave)('POST', '/api/media/bulk', { action: 'delete', mediaIds: Array.from({ length: 101 }, (_, i) => `id-${i}`) })).status, 'more than a page').to.equal(400);
      expect((await as(dave)('POST', '/api/media/bulk', { action: 'delete', mediaIds: [mine[1], mine[1]] })).status, 'the same id twice').to.equal(400);
    });

    it('a bulk delete: an item whose objects cannot be removed now is deleted for its owner and finished later; one whose record cannot be changed is reported failed; neither stops its neighbours', async () => {
      const albumId = await newAlbum(dave, 'Bulk fault');
      const [first, slowObjects, refused, last] = [await upload(dave, albumId), await upload(dave, albumId), await upload(dave, albumId), await upload(dave, albumId)];
      for (const mediaId of [first, slowObjects, refused, last]) await markProcessing(store(), mediaId);
      // S3 refuses one item's original, as an outage of one partition would; DynamoDB throttles another's record.
      const clients = localClients({ endpoint: test.moto.endpoint, region: TEST_REGION });
      clients.s3.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'DeleteObjectCommand' && (args.input as { Key?: string }).Key?.includes(slowObjects)) throw Object.assign(new Error('SlowDown'), { name: 'SlowDown' });
          return next(args);
        },
        { step: 'initialize', name: 'refuseOneKey' },
      );
      clients.dynamodb.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'TransactWriteItemsCommand' && JSON.stringify(args.input).includes(refused)) throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ThrottlingException' });
          return next(args);
        },
        { step: 'initialize', name: 'throttleOneItem' },
      );
      const config = loadApiConfig({ TABLE_NAME: table(), ORIGINALS_BUCKET: buckets.originals, DERIVED_BUCKET: buckets.derived, ALBUM_DELETION_QUEUE_URL: 'unused', CURSOR_KEY: 'k'.repeat(40), S3_FORCE_PATH_STYLE: 'true' });
      const faultyStore = { ...store(), s3: clients.s3, originalsBucket: buckets.originals, derivedBucket: buckets.derived };
      const faultyRoute = createRouter(createRoutes(apiDeps(config, { s3: clients.s3, dynamodb: clients.dynamodb, albumDeletions: inlineAlbumDeletions(faultyStore) })));
      const reply = await faultyRoute(apiEvent('POST', '/api/media/bulk', { sub: dave.sub, body: { action: 'delete', mediaIds: [first, slowObjects, refused, last] } }));
      expect(reply.statusCode).to.equal(200);
      expect(JSON.parse(String(reply.body)).results).to.deep.equal([
        { mediaId: first, outcome: 'deleted' },
        { mediaId: slowObjects, outcome: 'deleted' },
        { mediaId: refused, outcome: 'failed', error: { code: 'try_again', message: 'This item could not be changed just now. Please try again.' } },
        { mediaId: last, outcome: 'deleted' },
      ]);
      // Deleted for its owner: hidden and counted out; only the refused item is still there, as it was.
      expect((await as(dave)('GET', `/api/media/${slowObjects}`)).status).to.equal(404);
      expect((await as(dave)('GET', `/api/media/${refused}`)).body).to.include({ mediaId: refused, status: 'processing' });
      expect((await as(dave)('GET', `/api/albums/${albumId}`)).body.counts.photos).to.equal(1);
      // What was left of it (its record, marked) is finished by the sweeper once the delete counts as stuck...
      const stuckSince = new Date(Date.now() + 60 * 60 * 1000);
      const report = await audit(faultyStore, { now: stuckSince, uploadWindowSeconds: 900 });
      expect(report.findings.filter((f) => 'mediaId' in f && f.mediaId === slowObjects).map((f) => f.kind)).to.deep.equal(['stuck-deleting']);
      // ...or at once by deleting it again.
      expect((await as(dave)('POST', '/api/media/bulk', { action: 'delete', mediaIds: [slowObjects, refused] })).body.results.map((r: { outcome: string }) => r.outcome)).to.deep.equal(['deleted', 'deleted']);
      for (const mediaId of [slowObjects, refused]) expect((await doc.send(new GetCommand({ TableName: table(), Key: { pk: `MEDIA#${mediaId}`, sk: 'MEDIA' } }))).Item).to.equal(undefined);
      expect((await as(dave)('GET', `/api/albums/${albumId}`)).body.counts.photos).to.equal(0);
    });

    it('retries a failure that was not in the file, once, by queueing the original for the processors that failed it', async () => {
      const albumId = await newAlbum(dave, 'Retry');
      const photo = readFileSync(fixture('images/exif/Canon_40D.jpg'));
      const mediaId = await upload(dave, albumId);
      const key = `originals/image/${mediaId}.jpg`;
      await test.clients.s3.send(new PutObjectCommand({ Bucket: buckets.originals, Key: key, Body: photo }));
      // As handleQueueMessage records retries running out on the last delivery.
      await recordProcessorResult(store(), mediaId, 'image-variants', { status: 'failed', code: 'retries_exhausted', reason: 'Processing did not succeed in 5 attempts. It can be retried.' });
      const failed = (await as(dave)('GET', `/api/media/${mediaId}`)).body;
      expect(failed).to.include({ status: 'failed', failureCode: 'retries_exhausted', retryable: true });
      expect((await as(dave)('GET', `/api/albums/${albumId}`)).body.counts.failed).to.equal(1);

      const queue = test.stack.queues['image-variants']!.url;
      await test.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: queue }));
      const retried = await as(dave)('POST', `/api/media/${mediaId}/retry`);
      expect(retried.status).to.equal(202);
      expect(retried.body).to.include({ status: 'processing' }).and.not.have.property('failureReason');
      expect((await as(dave)('POST', `/api/media/${mediaId}/retry`)).status, 'a repeat while processing').to.equal(202);
      expect((await as(dave)('GET', `/api/albums/${albumId}`)).body.counts.failed).to.equal(0);

      const { Messages = [] } = await test.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const records = Messages.flatMap((m) => (JSON.parse(m.Body!) as { Records: { s3: { object: { key: string; size: number; eTag?: string } } }[] }).Records);
      expect(records.map((r) => r.s3.object), 'one message, for the original').to.deep.equal([{ key, size: photo.length, eTag: records[0]?.s3.object.eTag }]);

      const corrupt = await upload(dave, albumId);
      await recordProcessorResult(store(), corrupt, 'image-variants', { status: 'failed', code: 'corrupt_image', reason: 'The JPEG file is damaged.' });
      const refused = await as(dave)('POST', `/api/media/${corrupt}/retry`);
      expect(refused.status).to.equal(409);
      expect(refused.body.error.code).to.equal('not_retryable');
      expect((await as(dave)('GET', `/api/media/${corrupt}`)).body).to.include({ retryable: false });
      const ready = await upload(dave, albumId);
      await processed(ready, undefined);
      expect((await as(dave)('POST', `/api/media/${ready}/retry`)).body.error.code).to.equal('not_failed');
    });
  });

  describe('share links', () => {
    const table = () => test.stack.topology.tableName;
    const store = () => ({ doc, tableName: table() });
    const NOT_WORKING = { error: { code: 'not_found', message: 'This link does not work. It may have expired or been revoked.' } };
    const anonymous = (path: string, shareToken: string) => call('GET', path, { shareToken });
    let erin: LocalUser;
    let albumId: string;
    let ready: string;
    let failed: string;
    let processing: string;
    const clear = { flagged: false, categories: [], labels: [] };
    const gore = { flagged: true, categories: ['Violence'], labels: [{ name: 'Blood & Gore', category: 'Violence', confidence: 97.5 }] };
    const moderate = (mediaId: string, moderation: object | undefined, at = new Date()) =>
      recordProcessorResult(store(), mediaId, 'image-moderation', moderation ? { status: 'succeeded', startedAt: at, attributes: { moderation } } : { status: 'skipped', startedAt: at, reason: 'image is 40x40', attributes: { moderation: null } }, at);
    /** An item of Erin's album that image-variants has finished (a thumb and an original), not yet moderated. */
    const readyUpload = async (name: string) => {
      const mediaId = (await newUpload(erin, albumId, name)).body.mediaId as string;
      const thumb = { key: `derived/${mediaId}/v1/thumb.webp`, width: 320, height: 240, format: 'webp', bytes: 11 };
      await test.clients.s3.send(new PutObjectCommand({ Bucket: buckets.derived, Key: thumb.key, Body: Buffer.from('thumb-bytes') }));
      await test.clients.s3.send(new PutObjectCommand({ Bucket: buckets.originals, Key: `originals/image/${mediaId}.jpg`, Body: Buffer.from('original-bytes') }));
      await recordRenditions({ ...store(), s3: test.clients.s3, derivedBucket: buckets.derived }, mediaId, 'image-variants', { thumb }, {}, { startedAt: new Date(), recipeVersion: 1 });
      return mediaId;
    };

    before(async () => {
      const aws = { endpoint: test.moto.endpoint, region: TEST_REGION };
      erin = await createLocalUser(cognitoClient(aws), await provisionUserPool(cognitoClient(aws), 'photo-album-api-test'), 'erin');
      albumId = await newAlbum(erin, 'Summer with Erin');
      [ready, failed, processing] = [await newUpload(erin, albumId, 'erin-at-home.jpg'), await newUpload(erin, albumId, 'broken.jpg'), await newUpload(erin, albumId, 'pending.jpg')].map((r) => r.body.mediaId as string) as [string, string, string];
      const thumb = { key: `derived/${ready}/v1/thumb.webp`, width: 320, height: 240, format: 'webp', bytes: 11 };
      await test.clients.s3.send(new PutObjectCommand({ Bucket: buckets.derived, Key: thumb.key, Body: Buffer.from('thumb-bytes') }));
      await test.clients.s3.send(new PutObjectCommand({ Bucket: buckets.originals, Key: `originals/image/${ready}.jpg`, Body: Buffer.from('original-bytes') }));
      const location = { latitude: 43.4674483, longitude: 11.8851267 };
      await recordRenditions({ ...store(), s3: test.clients.s3, derivedBucket: buckets.derived }, ready, 'image-variants', { thumb }, { location, original: { format: 'jpeg', width: 640, height: 480, cameraMake: 'NIKON', cameraModel: 'COOLPIX P6000' } }, { startedAt: new Date(), recipeVersion: 1, capturedAt: '2019-07-14T10:00:00+02:00' });
      await recordProcessorResult(store(), ready, 'image-labels', { status: 'succeeded', attributes: { labels: [{ name: 'Beach', confidence: 99 }] } });
      await moderate(ready, clear);
      await as(erin)('PATCH', `/api/media/${ready}`, { caption: 'At the lake' });
      await recordProcessorResult(store(), failed, 'image-variants', { status: 'failed', code: 'corrupt_image', reason: 'The JPEG file is damaged.' });
      await markProcessing(store(), processing);
    });

    it('makes, lists and revokes links; the token is shown once and stored only as its hash', async () => {
      const created = await as(erin)('POST', `/api/albums/${albumId}/shares`, { allowDownload: true });
      expect(created.status).to.equal(201);
      const { token, shareId } = created.body as { token: string; shareId: string };
      expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).to.have.length(32);
      const listed = (await as(erin)('GET', `/api/albums/${albumId}/shares`)).body.items as { shareId: string }[];
      expect(listed.map((l) => l.shareId)).to.include(shareId);
      expect(JSON.stringify(listed)).not.to.include(token);
      // Nowhere in the table: only the SHA-256 of the token is kept.
      const { Items = [] } = await test.clients.dynamodb.send(new ScanCommand({ TableName: table() }));
      expect(JSON.stringify(Items)).not.to.include(token);
      expect(JSON.stringify(Items)).to.include(shareTokenHash(token));

      expect((await anonymous('/api/shared', token)).status).to.equal(200);
      expect((await as(bob)('DELETE', `/api/albums/${albumId}/shares/${shareId}`)).status, "another user's link").to.equal(404);
      expect((await as(bob)('GET', `/api/albums/${albumId}/shares`)).status).to.equal(404);
      expect((await as(erin)('DELETE', `/api/albums/${albumId}/shares/${shareId}`)).status).to.equal(204);
      // Revocation takes effect on the very next request.
      expect(await anonymous('/api/shared', token)).to.deep.equal({ status: 404, body: NOT_WORKING });
      expect((await as(erin)('DELETE', `/api/albums/${albumId}/shares/${shareId}`)).status).to.equal(404);
    });

    it('shows anyone with the token only the ready items, with signed URLs, and nothing of the owner, labels, file names, camera, location or failures', async () => {
      const { token } = (await as(erin)('POST', `/api/albums/${albumId}/shares`, {})).body as { token: string };
      const album = await anonymous('/api/shared', token);
      expect(album.body).to.deep.equal({ name: 'Summer with Erin', allowDownload: false });
      const media = await anonymous('/api/shared/media', token);
      expect(media.body.items.map((m: { mediaId: string }) => m.mediaId)).to.deep.equal([ready]);
      expect(media.body.items[0]).to.deep.include({ mediaClass: 'image', caption: 'At the lake', takenAt: '2019-07-14T08:00:00.000Z', width: 640, height: 480 });
      expect(Buffer.from(await (await fetch(media.body.items[0].variants.thumb.url)).arrayBuffer()).toString()).to.equal('thumb-bytes');
      const everything = JSON.stringify([album.body, media.body]);
      for (const secret of [erin.sub, 'erin', 'Beach', 'beach', 'erin-at-home', 'broken.jpg', failed, processing, 'NIKON', 'COOLPIX', '43.46', 'latitude', 'failureReason']) {
        expect(everything, secret).not.to.include(secret);
      }
    });

    it('gives the same answer for an unknown, malformed, revoked or expired token and for a deleted album, however many are tried', async () => {
      const answers: Reply[] = [];
      for (let i = 0; i < 25; i += 1) answers.push(await anonymous('/api/shared', randomBytes(32).toString('base64url')));
      answers.push(await anonymous('/api/shared', 'not-a-token'), await anonymous('/api/shared', ''), await call('GET', '/api/shared'));

      const expiring = await as(erin)('POST', `/api/albums/${albumId}/shares`, { expiresAt: new Date(Date.now() + 1500).toISOString() });
      expect(expiring.body.expired).to.equal(false);
      expect((await anonymous('/api/shared', expiring.body.token)).status).to.equal(200);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      answers.push(await anonymous('/api/shared', expiring.body.token), await anonymous('/api/shared/media', expiring.body.token));
      expect(((await as(erin)('GET', `/api/albums/${albumId}/shares`)).body.items as { shareId: string; expired?: boolean }[]).find((l) => l.shareId === expiring.body.shareId)?.expired).to.equal(true);

      const doomed = await newAlbum(erin, 'Going away');
      const { token: doomedToken } = (await as(erin)('POST', `/api/albums/${doomed}/shares`, { allowDownload: true })).body as { token: string };
      expect((await anonymous('/api/shared', doomedToken)).status).to.equal(200);
      expect((await as(erin)('DELETE', `/api/albums/${doomed}`)).status).to.equal(204);
      answers.push(await anonymous('/api/shared', doomedToken), await anonymous(`/api/shared/media/${ready}/original`, doomedToken));
      // The album's deletion took its links with it.
      const { Items = [] } = await test.clients.dynamodb.send(new ScanCommand({ TableName: table() }));
      expect(JSON.stringify(Items)).not.to.include(shareTokenHash(doomedToken));

      for (const answer of answers) expect(answer).to.deep.equal({ status: 404, body: NOT_WORKING });
    });

    it('shows a flagged, unchecked or not yet moderated item to its owner, marked, and never through a link until the owner allows it for what was found', async () => {
      const [flagged, unchecked, pending] = [await readyUpload('red.jpg'), await readyUpload('tiny.jpg'), await readyUpload('new.jpg')];
      await moderate(flagged, gore);
      await moderate(unchecked, undefined);
      const downloads = (await as(erin)('POST', `/api/albums/${albumId}/shares`, { allowDownload: true })).body.token as string;
      const shown = async () => ((await anonymous('/api/shared/media', downloads)).body.items as { mediaId: string }[]).map((m) => m.mediaId);
      expect(await shown()).to.deep.equal([ready]);
      for (const held of [flagged, unchecked, pending]) expect(await anonymous(`/api/shared/media/${held}/original`, downloads), held).to.deep.equal({ status: 404, body: NOT_WORKING });

      const ownView = async (mediaId: string) => (await as(erin)('GET', `/api/media/${mediaId}`)).body;
      expect((await ownView(flagged)).moderation).to.deep.equal({ state: 'flagged', categories: ['Violence'], allowed: false });
      expect((await ownView(unchecked)).moderation).to.deep.equal({ state: 'unchecked', categories: [], allowed: false });
      expect((await ownView(pending)).moderation).to.deep.equal({ state: 'pending', categories: [], allowed: false });
      expect((await ownView(ready)).moderation).to.deep.equal({ state: 'clear', categories: [], allowed: false });

      // Nothing to allow before a finding, nor after a clear one; nobody else's item either.
      for (const mediaId of [pending, ready]) expect((await as(erin)('PATCH', `/api/media/${mediaId}`, { allowInShares: true })).status, mediaId).to.equal(409);
      expect((await as(bob)('PATCH', `/api/media/${flagged}`, { allowInShares: true })).status).to.equal(404);

      const allowed = await as(erin)('PATCH', `/api/media/${flagged}`, { allowInShares: true });
      expect(allowed.body.moderation).to.deep.equal({ state: 'flagged', categories: ['Violence'], allowed: true });
      expect((await as(erin)('PATCH', `/api/media/${unchecked}`, { allowInShares: true })).status).to.equal(200);
      expect(await shown()).to.have.members([ready, flagged, unchecked]);
      const sharedText = JSON.stringify((await anonymous('/api/shared/media', downloads)).body);
      for (const secret of ['Violence', 'Blood', 'moderation', 'flagged']) expect(sharedText, secret).not.to.include(secret);
      expect((await anonymous(`/api/shared/media/${flagged}/original`, downloads)).status).to.equal(200);

      // The same finding again (a repeated event) keeps the decision; a new category needs a new one.
      await moderate(flagged, gore, new Date(Date.now() + 1000));
      expect((await ownView(flagged)).moderation.allowed).to.equal(true);
      await moderate(flagged, { ...gore, categories: ['Violence', 'Hate Symbols'] }, new Date(Date.now() + 2000));
      expect((await ownView(flagged)).moderation).to.deep.equal({ state: 'flagged', categories: ['Violence', 'Hate Symbols'], allowed: false });
      // Held back again by the owner.
      await as(erin)('PATCH', `/api/media/${unchecked}`, { allowInShares: false });
      expect(await shown()).to.deep.equal([ready]);
    });

    it('hands out an original only through a link that allows downloads, under a name that says nothing of the owner', async () => {
      const viewOnly = (await as(erin)('POST', `/api/albums/${albumId}/shares`, {})).body.token as string;
      const downloads = (await as(erin)('POST', `/api/albums/${albumId}/shares`, { allowDownload: true })).body.token as string;
      expect(await anonymous(`/api/shared/media/${ready}/original`, viewOnly)).to.deep.equal({ status: 404, body: NOT_WORKING });
      for (const notShown of [failed, processing, '00000000-0000-4000-8000-000000000000']) {
        expect(await anonymous(`/api/shared/media/${notShown}/original`, downloads), notShown).to.deep.equal({ status: 404, body: NOT_WORKING });
      }
      const download = await anonymous(`/api/shared/media/${ready}/original`, downloads);
      expect(download.body.fileName).to.equal('photo-2019-07-14.jpg');
      const response = await fetch(download.body.url);
      expect(Buffer.from(await response.arrayBuffer()).toString()).to.equal('original-bytes');
      expect(response.headers.get('content-disposition')).to.include('photo-2019-07-14.jpg').and.not.include('erin');
      // An item of another album of the same owner is not this link's to give.
      const elsewhere = (await newUpload(erin, await newAlbum(erin, 'Private'))).body.mediaId as string;
      expect((await anonymous(`/api/shared/media/${elsewhere}/original`, downloads)).status).to.equal(404);
    });

    it("keeps a link's cursor to that link, and refuses expiries in the past or more than a year away", async () => {
      for (let i = 0; i < 2; i += 1) {
        const extra = (await newUpload(erin, albumId)).body.mediaId as string;
        await recordRenditions({ ...store(), s3: test.clients.s3, derivedBucket: buckets.derived }, extra, 'image-variants', {}, {}, { startedAt: new Date(), recipeVersion: 1 });
        await moderate(extra, clear);
      }
      const [one, two] = [(await as(erin)('POST', `/api/albums/${albumId}/shares`, {})).body.token as string, (await as(erin)('POST', `/api/albums/${albumId}/shares`, {})).body.token as string];
      const first = await anonymous('/api/shared/media?limit=1', one);
      expect(first.body.nextCursor).to.be.a('string');
      expect((await anonymous(`/api/shared/media?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, one)).status).to.equal(200);
      expect((await anonymous(`/api/shared/media?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, two)).status).to.equal(400);

      expect((await as(erin)('POST', `/api/albums/${albumId}/shares`, { expiresAt: '2020-01-01T00:00:00Z' })).status).to.equal(400);
      expect((await as(erin)('POST', `/api/albums/${albumId}/shares`, { expiresAt: new Date(Date.now() + 400 * 24 * 3600 * 1000).toISOString() })).status).to.equal(400);
      expect((await as(erin)('POST', `/api/albums/${albumId}/shares`, { expiresAt: 'tomorrow' })).status).to.equal(400);
    });
  });

  describe('duplicate uploads', () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');
    const upload = (user: LocalUser, albumId: string, checksum?: string, fileName = 'again.jpg') =>
      as(user)('POST', `/api/albums/${albumId}/uploads`, { fileName, contentType: 'image/jpeg', bytes: 20_000, ...(checksum ? { sha256: checksum } : {}) });

    it('answers an upload of bytes the owner already has, in any album, with that item and its album, and pins the checksum in the POST policy', async () => {
      const [summer, winter] = [await newAlbum(alice, 'Summer'), await newAlbum(alice, 'Winter')];
      const checksum = sha256(`photo ${randomUUID()}`);
      const first = await upload(alice, summer, checksum, 'beach.jpg');
      expect(first.status).to.equal(201);
      expect(first.body.upload.fields).to.include({ 'x-amz-checksum-algorithm': 'SHA256', 'x-amz-checksum-sha256': checksum });
      const policy = JSON.parse(Buffer.from(first.body.upload.fields.Policy, 'base64').toString('utf8')) as { conditions: unknown[] };
      expect(policy.conditions).to.deep.include({ 'x-amz-checksum-sha256': checksum });
      expect(policy.conditions).to.deep.include({ 'x-amz-checksum-algorithm': 'SHA256' });

      for (const albumId of [summer, winter]) {
        const again = await upload(alice, albumId, checksum);
        expect(again.status, albumId).to.equal(200);
        expect(again.body.existing).to.include({ mediaId: first.body.mediaId, albumId: summer, fileName: 'beach.jpg' });
        expect(again.body.albumName).to.equal('Summer');
      }
      // Nothing new was recorded for the repeats.
      expect((await as(alice)('GET', `/api/albums/${winter}/media`)).body.items).to.deep.equal([]);
      // The same bytes are news to anyone else, and nothing of Alice's shows.
      const bobs = await upload(bob, await newAlbum(bob), checksum);
      expect(bobs.status).to.equal(201);
      expect(JSON.stringify(bobs.body)).not.to.include(first.body.mediaId);
      // No checksum, no check: the client chose not to say.
      expect((await upload(alice, summer)).status).to.equal(201);
    });

    it('takes the bytes again once the earlier item is deleted or has failed, and gives one of two simultaneous uploads the upload', async () => {
      const albumId = await newAlbum(alice, 'Repeats');
      const checksum = sha256(`photo ${randomUUID()}`);
      const first = (await upload(alice, albumId, checksum)).body.mediaId as string;
      expect((await as(alice)('DELETE', `/api/media/${first}`)).status).to.equal(204);
      const second = await upload(alice, albumId, checksum);
      expect(second.status, 'after a delete').to.equal(201);
      await recordProcessorResult({ doc, tableName: test.stack.topology.tableName }, second.body.mediaId, 'image-variants', { status: 'failed', code: 'corrupt_image', reason: 'The JPEG file is damaged.' });
      expect((await upload(alice, albumId, checksum)).status, 'after a failure').to.equal(201);

      const racing = sha256(`photo ${randomUUID()}`);
      const answers = await Promise.all([upload(alice, albumId, racing), upload(alice, albumId, racing), upload(alice, albumId, racing)]);
      expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 200, 201]);
      const created = answers.find((a) => a.status === 201)!.body.mediaId as string;
      for (const answer of answers.filter((a) => a.status === 200)) expect(answer.body.existing.mediaId).to.equal(created);
    });

    it('refuses a checksum that is not a base64 SHA-256', async () => {
      const albumId = await newAlbum(alice, 'Checks');
      for (const bad of ['abc', createHash('sha256').update('x').digest('hex'), `${sha256('x').slice(0, -1)}A`]) {
        expect((await upload(alice, albumId, bad)).status, bad).to.equal(400);
      }
    });
  });

  describe('validation and pagination', () => {
    it('rejects unknown fields, wrong types, bad JSON and oversized bodies in the one error shape', async () => {
      const unknown = await as(alice)('POST', '/api/albums', { name: 'x', owner: bob.sub });
      expect(unknown.status).to.equal(400);
      expect(unknown.body.error.code).to.equal('invalid_request');
      expect(unknown.body.error.details).to.deep.include({ path: 'body', message: 'unknown field owner' });
      expect((await as(alice)('POST', '/api/albums', { name: 42 })).status).to.equal(400);
      expect((await as(alice)('PATCH', '/api/albums/whatever', {})).status).to.equal(400);
      const bad = await call('POST', '/api/albums', { token: alice.idToken, raw: '{"name":' });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.code).to.equal('invalid_json');
      const big = await as(alice)('POST', '/api/albums', { name: 'x', description: 'y'.repeat(3000) });
      expect(big.status).to.equal(413);
      expect((await call('GET', '/api/albums?limit=0', { token: alice.idToken })).status).to.equal(400);
      expect((await call('GET', '/api/albums?sort=name', { token: alice.idToken })).status).to.equal(400);
    });

    it('pages with opaque signed cursors; a forged or borrowed cursor is a 400', async () => {
      const carol = await createLocalUser(cognitoClient({ endpoint: test.moto.endpoint, region: TEST_REGION }), (await provisionUserPool(cognitoClient({ endpoint: test.moto.endpoint, region: TEST_REGION }), 'photo-album-api-test')), 'carol');
      const created = [await newAlbum(carol, 'a'), await newAlbum(carol, 'b'), await newAlbum(carol, 'c')];
      const first = await call('GET', '/api/albums?limit=2', { token: carol.idToken });
      expect(first.body.items).to.have.length(2);
      const cursor = first.body.nextCursor as string;
      expect(cursor).to.be.a('string').and.not.include(carol.sub);
      const second = await call('GET', `/api/albums?limit=2&cursor=${encodeURIComponent(cursor)}`, { token: carol.idToken });
      // Newest first, across pages.
      expect([...first.body.items, ...second.body.items].map((a: { albumId: string }) => a.albumId)).to.deep.equal([...created].reverse());
      expect(second.body.nextCursor).to.equal(undefined);

      const [payload, signature] = cursor.split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ s: `albums:${alice.sub}`, k: { pk: `USER#${alice.sub}`, sk: 'ALBUM#' } })).toString('base64url');
      for (const forged of [`${forgedPayload}.${signature}`, `${payload}.${signature!.slice(0, -2)}AA`, 'garbage', `${payload}`]) {
        const reply = await call('GET', `/api/albums?cursor=${encodeURIComponent(forged)}`, { token: carol.idToken });
        expect(reply.status, forged).to.equal(400);
        expect(reply.body.error.code).to.equal('invalid_cursor');
      }
      const borrowed = await call('GET', `/api/albums?cursor=${encodeURIComponent(cursor)}`, { token: bob.idToken });
      expect(borrowed.status).to.equal(400);
    });
  });
});
