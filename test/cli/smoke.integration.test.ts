/**
 * The smoke command's logic against the real local stack: moto, the API behind the local adapter
 * with a real Cognito token, and the image processors' real handlers under the same long-polling
 * poller `make dev` runs (here in this process, so no `make dev` or .local/stack.json is needed).
 */
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { expect } from 'chai';

import { loadApiConfig } from '../../src/api/config.js';
import { apiDeps } from '../../src/api/deps.js';
import { createRouter } from '../../src/api/router.js';
import { createRoutes } from '../../src/api/routes.js';
import { formatSummary, listSmokeFiles, runSmoke, SMOKE_NAME } from '../../src/cli/smoke.js';
import { createApiServer } from '../../src/local/api-server.js';
import { cognitoClient, cognitoTokenVerifier, createLocalUser, motoJwksUrl, provisionUserPool } from '../../src/local/cognito.js';
import { runPoller } from '../../src/local/poller.js';
import { processorNamed } from '../../src/shared/registry.js';
import { fixture } from '../support/fixtures.js';
import { IMAGE_PROCESSORS, startImageStack, type ImageStack } from '../support/image-stack.js';
import { TEST_REGION } from '../support/local-stack.js';
import { expectDocumented } from '../api/documented-response.js';

describe('smoke command against the local stack', function () {
  this.timeout(300_000);
  let env: ImageStack;
  let server: Server;
  let apiUrl: string;
  let token: string;
  const stopPollers = new AbortController();
  let pollers: Promise<void>[] = [];

  before(async () => {
    // A transient failure is retried within the run's two minutes, as SQS would (after the real
    // 360 s visibility timeout) in AWS: what the smoke run must never see is an item lost for good.
    env = await startImageStack('photo-album-smoke', { visibilityTimeoutSeconds: 20 });
    const aws = { endpoint: env.moto.endpoint, region: TEST_REGION };
    const pool = await provisionUserPool(cognitoClient(aws), 'photo-album-smoke');
    token = (await createLocalUser(cognitoClient(aws), pool, SMOKE_NAME)).idToken;
    const { topology } = env.stack;
    const config = loadApiConfig({ TABLE_NAME: topology.tableName, ORIGINALS_BUCKET: topology.buckets.originals, DERIVED_BUCKET: topology.buckets.derived, ALBUM_DELETION_QUEUE_URL: env.stack.jobQueues['album-deleter']!.url, CURSOR_KEY: 's'.repeat(40), S3_FORCE_PATH_STYLE: 'true' });
    const route = createRouter(createRoutes(apiDeps(config, { s3: env.clients.s3, dynamodb: env.clients.dynamodb })));
    server = createApiServer({ handler: (event) => route(event), verifyToken: cognitoTokenVerifier({ ...pool, region: TEST_REGION, jwksUrl: motoJwksUrl(aws.endpoint, pool.userPoolId) }) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    pollers = IMAGE_PROCESSORS.map((name) => {
      const queue = env.stack.queues[name]!;
      const processor = processorNamed(name);
      return runPoller(
        { sqs: env.clients.sqs, queueUrl: queue.url, queueArn: queue.arn, region: TEST_REGION, functionName: name, batchSize: processor.batchSize, timeoutMs: processor.timeoutSeconds * 1000, waitTimeSeconds: 1, handler: env.handlers[name]! },
        stopPollers.signal,
      );
    });
  });

  after(async () => {
    stopPollers.abort();
    await Promise.all(pollers);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    env?.restoreEnv();
    await env?.moto.stop();
  });

  it('takes every image fixture to ready or failed with a reason, and loses none', async () => {
    const files = listSmokeFiles(fixture('images'));
    // Every API reply the smoke run sees is held to the OpenAPI document; S3's replies are not.
    let documented = 0;
    const documentedFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = new URL(String(input));
      if (String(input).startsWith(apiUrl)) {
        const text = await response.clone().text();
        expectDocumented({ method: init?.method ?? 'GET', path: url.pathname, status: response.status, contentType: response.headers.get('content-type') ?? undefined, body: text ? JSON.parse(text) : undefined });
        documented += 1;
      }
      return response;
    };
    const { outcomes, summary } = await runSmoke({ apiUrl, token, files, readFile: (path) => readFile(path), fetch: documentedFetch, timeoutMs: 120_000, pollIntervalMs: 250 });
    expect(summary.lost, `${formatSummary(summary)}: ${JSON.stringify(outcomes.filter((o) => o.result === 'lost'))}`).to.equal(0);
    expect(documented, 'API replies checked against openapi.json').to.be.at.least(files.length);
    expect(summary.ready + summary.failed).to.equal(files.length);
    for (const outcome of outcomes) {
      // The fixtures' own naming says which must fail: PngSuite's x*.png are corrupt, corrupted.jpg is, and a README is no image.
      const mustFail = /^pngsuite\/x.*\.png$/.test(outcome.name) || outcome.name === 'exif/corrupted.jpg' || outcome.name.endsWith('.README');
      if (mustFail) expect(outcome.result, outcome.name).to.equal('failed');
      if (outcome.result === 'ready') {
        expect(outcome.variants, outcome.name).to.deep.equal(['mobile', 'thumb', 'web', 'web-webp']);
        expect(outcome.width * outcome.height, outcome.name).to.be.above(0);
      }
      if (outcome.result === 'failed') expect(outcome.reason, outcome.name).to.have.length.above(10);
    }
    expect(outcomes.find((o) => o.name === 'pngsuite/PngSuite.README')).to.deep.equal({ name: 'pngsuite/PngSuite.README', result: 'failed', reason: 'content type application/octet-stream is not accepted' });
    expect(outcomes.find((o) => o.name === 'exif/orientation_portrait_6.jpg')).to.include({ result: 'ready', width: 450, height: 600 });
  });
});
