/**
 * The whole album flow in the local stack, as a user lives it: moto (S3, SNS, SQS, DynamoDB,
 * Cognito, Rekognition), the local API Gateway stand-in verifying a real Cognito JWT, and the real
 * image-variants and image-labels handlers fed by the same poller `make dev` runs. Nothing is
 * stubbed between the browser's POST of a file and the bytes of its signed variant URL.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { expect } from 'chai';
import sharp from 'sharp';

import { loadApiConfig } from '../../src/api/config.js';
import { VARIANT_RECIPE } from '../../src/processors/image-variants/pipeline.js';
import { documentClient } from '../../src/shared/document-client.js';
import { inlineAlbumDeletions } from '../support/album-deletions.js';
import { apiDeps } from '../../src/api/deps.js';
import { createRouter } from '../../src/api/router.js';
import { createRoutes } from '../../src/api/routes.js';
import { createApiServer } from '../../src/local/api-server.js';
import { cognitoClient, cognitoTokenVerifier, createLocalUser, motoJwksUrl, provisionUserPool, type LocalUser } from '../../src/local/cognito.js';
import { fixture } from '../support/fixtures.js';
import { runUntilIdle, startImageStack, type ImageStack } from '../support/image-stack.js';
import { TEST_REGION } from '../support/local-stack.js';
import { expectDocumented } from './documented-response.js';

interface Variant {
  readonly url: string;
  readonly expiresAt: string;
  readonly width: number;
  readonly height: number;
  readonly format: string;
  readonly bytes: number;
}
interface Media {
  readonly mediaId: string;
  readonly status: string;
  readonly failureReason?: string;
  readonly labels?: string[];
  readonly variants: Record<string, Variant>;
}

const MAGIC: Record<string, (bytes: Buffer) => boolean> = {
  jpeg: (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])),
  webp: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
};

describe('album flow in the local stack: user, album, upload, processing, signed URLs, deletion', function () {
  this.timeout(300_000);
  let env: ImageStack;
  let server: Server;
  let base: string;
  let user: LocalUser;

  const api = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${user.idToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as T) : undefined;
    expectDocumented({ method, path, status: response.status, contentType: response.headers.get('content-type') ?? undefined, body: parsed });
    return { status: response.status, body: parsed as T };
  };

  const objectsOf = async (bucket: string, mediaId: string): Promise<string[]> => {
    const { Contents = [] } = await env.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    return Contents.map((o) => o.Key ?? '').filter((key) => key.includes(mediaId));
  };

  before(async () => {
    env = await startImageStack('photo-album-flow');
    await runUntilIdle(env); // the s3:TestEvents of provisioning
    const aws = { endpoint: env.moto.endpoint, region: TEST_REGION };
    const pool = await provisionUserPool(cognitoClient(aws), 'photo-album-flow');
    user = await createLocalUser(cognitoClient(aws), pool, 'flow-user');
    const { topology } = env.stack;
    const config = loadApiConfig({ TABLE_NAME: topology.tableName, ORIGINALS_BUCKET: topology.buckets.originals, DERIVED_BUCKET: topology.buckets.derived, ALBUM_DELETION_QUEUE_URL: env.stack.jobQueues['album-deleter']!.url, CURSOR_KEY: 'f'.repeat(40), S3_FORCE_PATH_STYLE: 'true' });
    const deletionStore = { doc: documentClient(env.clients.dynamodb), s3: env.clients.s3, tableName: topology.tableName, originalsBucket: topology.buckets.originals, derivedBucket: topology.buckets.derived };
    const route = createRouter(createRoutes(apiDeps(config, { s3: env.clients.s3, dynamodb: env.clients.dynamodb, albumDeletions: inlineAlbumDeletions(deletionStore) })));
    server = createApiServer({ handler: (event) => route(event), verifyToken: cognitoTokenVerifier({ ...pool, region: TEST_REGION, jwksUrl: motoJwksUrl(aws.endpoint, pool.userPoolId) }) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    env?.restoreEnv();
    await env?.moto.stop();
  });

  it('takes a photo from upload to signed variant bytes, labels it, and deletes every trace of it', async () => {
    const album = await api<{ albumId: string }>('POST', '/api/albums', { name: 'Flow' });
    expect(album.status).to.equal(201);
    const { albumId } = album.body;

    // A photo stored sideways (450x600, EXIF orientation 6): every variant must come out 600x450-shaped.
    const photo = readFileSync(fixture('images/exif/orientation_landscape_6.jpg'));
    const issued = await api<{ mediaId: string; upload: { url: string; fields: Record<string, string> } }>('POST', `/api/albums/${albumId}/uploads`, {
      fileName: 'sideways.jpg',
      contentType: 'image/jpeg',
      bytes: photo.length,
    });
    expect(issued.status).to.equal(201);
    const { mediaId, upload } = issued.body;

    // The browser's multipart POST: the policy fields first, the file last.
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'sideways.jpg');
    const posted = await fetch(upload.url, { method: 'POST', body: form });
    expect(posted.status, await posted.text()).to.be.oneOf([200, 201, 204]);

    // S3 notifies SNS, SNS feeds each processor's queue, the pollers run the real handlers.
    let media: Media | undefined;
    for (let round = 0; round < 10 && media?.status !== 'ready' && media?.status !== 'failed'; round += 1) {
      await runUntilIdle(env);
      media = (await api<Media>('GET', `/api/media/${mediaId}`)).body;
    }
    expect(media?.status, media?.failureReason).to.equal('ready');
    expect(Object.keys(media!.variants).sort()).to.deep.equal(['mobile', 'thumb', 'web', 'web-webp']);
    expect(media!.labels ?? []).to.not.deep.equal([]);

    const listed = await api<{ items: Media[] }>('GET', `/api/albums/${albumId}/media`);
    expect(listed.body.items.map((m) => m.mediaId)).to.deep.equal([mediaId]);
    for (const [name, variant] of Object.entries(listed.body.items[0]!.variants)) {
      const response = await fetch(variant.url);
      expect(response.status, name).to.equal(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.length, name).to.equal(variant.bytes);
      expect(MAGIC[variant.format]?.(bytes), `${name} starts with ${variant.format} magic bytes`).to.equal(true);
      const { width, height, format } = await sharp(bytes).metadata();
      expect({ width, height, format }, name).to.deep.equal({ width: variant.width, height: variant.height, format: variant.format });
      if (name !== 'thumb') expect(width, `${name} is upright`).to.be.greaterThan(height!);
    }

    const label = media!.labels![0]!.toLowerCase();
    const byLabel = await api<{ items: Media[] }>('GET', `/api/labels/${encodeURIComponent(label)}/media`);
    expect(byLabel.body.items.map((m) => m.mediaId)).to.deep.equal([mediaId]);

    const { originals, derived } = env.stack.topology.buckets;
    expect(await objectsOf(originals, mediaId)).to.have.length(1);
    expect(await objectsOf(derived, mediaId)).to.have.length(VARIANT_RECIPE.length);
    expect((await api('DELETE', `/api/media/${mediaId}`)).status).to.equal(204);
    expect(await objectsOf(originals, mediaId)).to.deep.equal([]);
    expect(await objectsOf(derived, mediaId)).to.deep.equal([]);
    expect((await api('GET', `/api/media/${mediaId}`)).status).to.equal(404);
    expect((await api<{ items: Media[] }>('GET', `/api/albums/${albumId}/media`)).body.items).to.deep.equal([]);
    expect((await api<{ items: unknown[] }>('GET', `/api/labels/${encodeURIComponent(label)}/media`)).body.items).to.deep.equal([]);

    expect((await api('DELETE', `/api/albums/${albumId}`)).status).to.equal(204);
    expect((await api('GET', `/api/albums/${albumId}`)).status).to.equal(404);
    expect((await api<{ items: unknown[] }>('GET', '/api/albums')).body.items).to.deep.equal([]);
  });
});
