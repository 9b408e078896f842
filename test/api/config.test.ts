import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';

import { loadApiConfig } from '../../src/api/config.js';
import { apiDeps, apiS3Clients } from '../../src/api/deps.js';
import { createRouter } from '../../src/api/router.js';
import { createRoutes } from '../../src/api/routes.js';
import { rejectionOf } from '../support/fixtures.js';
import { apiEvent } from './api-events.js';
import { expectDocumented } from './documented-response.js';

const BASE = { TABLE_NAME: 'table', ORIGINALS_BUCKET: 'album-originals', DERIVED_BUCKET: 'album-derived', ALBUM_DELETION_QUEUE_URL: 'http://127.0.0.1:1/000000000000/album-deleter' };
const AWS = { region: 'ap-southeast-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } };
const KEY = 'k'.repeat(40);

/** The routes as the Lambda builds them from its environment, with AWS clients that never leave the process. */
function routerFor(env: Record<string, string>) {
  const config = loadApiConfig({ ...BASE, ...env });
  return createRouter(createRoutes(apiDeps(config, { ...apiS3Clients(config, AWS), dynamodb: new DynamoDBClient(AWS), ssm: new SSMClient(AWS) })));
}

async function call(route: ReturnType<typeof routerFor>, method: string, path: string, options: { body?: unknown; query?: Record<string, string> } = {}) {
  const result = await route(apiEvent(method, path, { sub: 'owner-1', ...options }));
  const body = result.body ? (JSON.parse(result.body) as Record<string, unknown>) : undefined;
  expectDocumented({ method, path, status: result.statusCode ?? 200, contentType: result.headers?.['content-type'] as string | undefined, body });
  return { status: result.statusCode, body };
}

describe('API configuration', () => {
  // Created in a hook, not at load: a prototype mock made while mocha loads files would leak into every other suite.
  const mockDynamo = () => mockClient(DynamoDBDocumentClient);
  const mockSsm = () => mockClient(SSMClient);
  let dynamo: ReturnType<typeof mockDynamo>;
  let ssm: ReturnType<typeof mockSsm>;
  before(() => {
    dynamo = mockDynamo();
    ssm = mockSsm();
  });
  beforeEach(() => {
    dynamo.on(GetCommand).resolves({ Item: { albumId: 'album-1', ownerId: 'owner-1', name: 'Trip', createdAt: 'c', updatedAt: 'u' } });
    dynamo.on(PutCommand).resolves({});
  });
  afterEach(() => {
    dynamo.reset();
    ssm.reset();
  });
  after(() => {
    dynamo.restore();
    ssm.restore();
  });

  it('refuses an upload URL that would outlive the record it uploads into', async () => {
    const env = { ...BASE, CURSOR_KEY: KEY, UPLOAD_URL_TTL_SECONDS: '7200', UPLOAD_RECORD_TTL_SECONDS: '3600' };
    const error = (await rejectionOf(() => loadApiConfig(env))) as Error;
    expect(error.name).to.equal('ConfigError');
    expect(error.message).to.include('UPLOAD_RECORD_TTL_SECONDS (3600) must be at least UPLOAD_URL_TTL_SECONDS (7200)');
    expect(loadApiConfig({ ...env, UPLOAD_RECORD_TTL_SECONDS: '7200' })).to.include({ UPLOAD_URL_TTL_SECONDS: 7200, UPLOAD_RECORD_TTL_SECONDS: 7200 });
  });

  describe('signed media URLs', () => {
    it('keep one URL per object for a quarter of their TTL unless MEDIA_URL_WINDOW_SECONDS says otherwise', () => {
      expect(loadApiConfig({ ...BASE, CURSOR_KEY: KEY })).to.include({ MEDIA_URL_TTL_SECONDS: 3600, MEDIA_URL_WINDOW_SECONDS: 900 });
      expect(loadApiConfig({ ...BASE, CURSOR_KEY: KEY, MEDIA_URL_TTL_SECONDS: '600' })).to.include({ MEDIA_URL_WINDOW_SECONDS: 150 });
      expect(loadApiConfig({ ...BASE, CURSOR_KEY: KEY, MEDIA_URL_WINDOW_SECONDS: '300' })).to.include({ MEDIA_URL_WINDOW_SECONDS: 300 });
    });

    it('refuse a window that is not shorter than the TTL, or not a positive integer', async () => {
      const tooLong = (await rejectionOf(() => loadApiConfig({ ...BASE, CURSOR_KEY: KEY, MEDIA_URL_TTL_SECONDS: '600', MEDIA_URL_WINDOW_SECONDS: '600' }))) as Error;
      expect(tooLong.name).to.equal('ConfigError');
      expect(tooLong.message).to.include('MEDIA_URL_WINDOW_SECONDS (600) must be less than MEDIA_URL_TTL_SECONDS (600)');
      for (const value of ['0', '-5', '1.5', 'soon']) {
        const error = (await rejectionOf(() => loadApiConfig({ ...BASE, CURSOR_KEY: KEY, MEDIA_URL_WINDOW_SECONDS: value }))) as Error;
        expect(error.message, value).to.include('MEDIA_URL_WINDOW_SECONDS must');
      }
    });
  });

  describe('the cursor key', () => {
    it('needs exactly one of CURSOR_KEY and CURSOR_KEY_PARAMETER', async () => {
      for (const env of [{}, { CURSOR_KEY: KEY, CURSOR_KEY_PARAMETER: '/album/cursor-key' }]) {
        const error = (await rejectionOf(() => loadApiConfig({ ...BASE, ...env }))) as Error;
        expect(error.name, JSON.stringify(env)).to.equal('ConfigError');
        expect(error.message).to.include('exactly one of the environment variables CURSOR_KEY and CURSOR_KEY_PARAMETER');
      }
      expect(((await rejectionOf(() => loadApiConfig({ ...BASE, CURSOR_KEY: 'short' }))) as Error).message).to.include('CURSOR_KEY must be at least 32 characters');
      expect(loadApiConfig({ ...BASE, CURSOR_KEY_PARAMETER: '/album/cursor-key' })).to.include({ CURSOR_KEY: '', CURSOR_KEY_PARAMETER: '/album/cursor-key' });
    });

    it('is read from the SSM SecureString once per container and signs cursors that page on', async () => {
      ssm.on(GetParameterCommand, { Name: '/album/cursor-key', WithDecryption: true }).resolves({ Parameter: { Value: KEY } });
      const album = (id: string) => ({ albumId: id, ownerId: 'owner-1', name: id, createdAt: 'c', updatedAt: 'u' });
      dynamo.on(QueryCommand, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :album)' }).resolvesOnce({ Items: [album('a1')], LastEvaluatedKey: { pk: 'USER#owner-1', sk: 'ALBUM#a1' } }).resolves({ Items: [album('a2')] });
      dynamo.on(QueryCommand, { IndexName: 'gsi1' }).resolves({ Items: [], Count: 0 }); // each album's count and cover
      const route = routerFor({ CURSOR_KEY_PARAMETER: '/album/cursor-key' });
      expect(ssm.commandCalls(GetParameterCommand)).to.have.length(0); // nothing read at cold start

      const first = await call(route, 'GET', '/api/albums', { query: { limit: '1' } });
      const second = await call(route, 'GET', '/api/albums', { query: { limit: '1', cursor: first.body!.nextCursor as string } });
      expect(second.status).to.equal(200);
      const albumQueries = dynamo.commandCalls(QueryCommand).filter((c) => c.args[0].input.IndexName === undefined);
      expect(albumQueries[1]!.args[0].input.ExclusiveStartKey).to.deep.equal({ pk: 'USER#owner-1', sk: 'ALBUM#a1' });
      expect(ssm.commandCalls(GetParameterCommand)).to.have.length(1);
      // A cursor signed with another key is refused.
      const foreign = await call(routerFor({ CURSOR_KEY: 'x'.repeat(40) }), 'GET', '/api/albums', { query: { cursor: first.body!.nextCursor as string } });
      expect(foreign.status).to.equal(400);
    });
  });

  describe('S3_ACCELERATE_UPLOADS', () => {
    const upload = { fileName: 'IMG_1.heic', contentType: 'image/heic', bytes: 1234 };

    it('presigns upload POSTs for the regional endpoint by default', async () => {
      const reply = await call(routerFor({ CURSOR_KEY: KEY }), 'POST', '/api/albums/album-1/uploads', { body: upload });
      expect(reply.status).to.equal(201);
      expect((reply.body!.upload as { url: string }).url).to.equal('https://album-originals.s3.ap-southeast-2.amazonaws.com/');
    });

    it('presigns them for the Transfer Acceleration endpoint when true, with the same pinned policy', async () => {
      const reply = await call(routerFor({ CURSOR_KEY: KEY, S3_ACCELERATE_UPLOADS: 'true' }), 'POST', '/api/albums/album-1/uploads', { body: upload });
      expect(reply.status).to.equal(201);
      const { url, fields } = reply.body!.upload as { url: string; fields: Record<string, string> };
      expect(url).to.equal('https://album-originals.s3-accelerate.amazonaws.com/');
      expect(fields).to.include({ key: `originals/image/${reply.body!.mediaId as string}.heic`, 'Content-Type': 'image/heic', bucket: 'album-originals' });
      const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { conditions: unknown[] };
      expect(policy.conditions).to.deep.include(['content-length-range', 1, 1234]);
    });

    it('leaves reads and deletes on the regional endpoint', () => {
      const { s3, uploadS3 } = apiS3Clients(loadApiConfig({ ...BASE, CURSOR_KEY: KEY, S3_ACCELERATE_UPLOADS: 'true' }), AWS);
      expect(s3).to.not.equal(uploadS3);
      expect(s3.config.useAccelerateEndpoint).to.equal(false);
      expect(uploadS3.config.useAccelerateEndpoint).to.equal(true);
    });

    it('cannot be combined with path-style addressing', async () => {
      const error = (await rejectionOf(() => loadApiConfig({ ...BASE, CURSOR_KEY: KEY, S3_ACCELERATE_UPLOADS: 'true', S3_FORCE_PATH_STYLE: 'true' }))) as Error;
      expect(error.message).to.include('S3_ACCELERATE_UPLOADS and S3_FORCE_PATH_STYLE cannot both be true');
    });
  });
});
