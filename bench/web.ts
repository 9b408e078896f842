/**
 * `npm run -s bench:web`: the web app's budgets, measured.
 *
 * - initial JavaScript, gzipped: what the browser must fetch before the first paint (the entry and
 *   its static imports), from the build's own report;
 * - the first album grid: a cold browser (empty cache, signed-in session) opens an album of 500
 *   items on a local stack this command starts; time from navigation to every thumbnail of the
 *   first screen decoded, against a floor measured in the same run: a bare HTML page showing the
 *   same thumbnails with nothing else;
 * - layout shift while thumbnails load (every tile is a sized box, so it must be zero).
 *
 * The 500 items are 5 photos processed by the real pipeline plus 495 copies of them (their table
 * records and rendition objects copied under new ids), so the browser fetches 500 distinct URLs
 * without waiting for 500 pipeline runs.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page } from 'playwright-core';

import { formatSummary, runSmoke } from '../src/cli/smoke.js';
import { localClients } from '../src/local/clients.js';
import { projectRoot } from '../src/local/paths.js';
import { topologyFor } from '../src/shared/topology.js';
import { DESKTOP, launchBrowser } from '../test/support/browser.js';
import { startDevStack } from '../test/support/dev-stack.js';
import { fixture } from '../test/support/fixtures.js';
import { done, fmtX, median, progress, table } from './report.js';
import type { PageGlobals } from '../test/support/in-page.js';
import { FIRST_PAGE } from '../web/src/api/paging.js';

const ITEMS = 500;
const ROUNDS = 5;
const USER = 'bench-web';
const PASSWORD = 'Bench-web-2026x';
const BUDGET = { initialJsKb: 60, gridMs: 1000, cls: 0 };
const SEED_FILES = ['Canon_40D.jpg', 'Nikon_D70.jpg', 'gps_DSCN0010.jpg', 'orientation_landscape_1.jpg', 'orientation_portrait_1.jpg'];

interface Measure {
  /** Navigation to the grid's sized tiles on screen. */
  readonly gridMs: number;
  /** Navigation to every first-screen thumbnail decoded. */
  readonly ms: number;
  readonly cls: number;
  readonly images: number;
}

/** Resolves with performance.now() at the first frame where every thumbnail in the viewport is decoded. */
const FIRST_SCREEN_DONE = () => {
  const { document, innerHeight } = globalThis as unknown as PageGlobals;
  const images = [...document.querySelectorAll('img')].filter((image) => image.getBoundingClientRect().top < innerHeight);
  return images.length >= 8 && images.every((image) => image.complete && image.naturalWidth > 0) ? performance.now() : false;
};

/** performance.now() at the first frame with the grid's tiles laid out (the floor page has no grid: its images are its tiles). */
const GRID_LAID_OUT = () => {
  const { document } = globalThis as unknown as PageGlobals;
  return document.querySelectorAll('.media-grid .tile').length >= 8 || (document.querySelectorAll('.media-grid').length === 0 && document.querySelectorAll('img').length >= 8) ? performance.now() : false;
};

const OBSERVE_LAYOUT_SHIFT = `
  window.__cls = 0;
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value; })
    .observe({ type: 'layout-shift', buffered: true });
`;

async function measure(browser: Browser, storageState: Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>> | undefined, url: string): Promise<Measure> {
  const context = await browser.newContext({ viewport: DESKTOP, ...(storageState ? { storageState } : {}) });
  const page: Page = await context.newPage();
  await page.addInitScript(OBSERVE_LAYOUT_SHIFT);
  // Not waiting for the load event: it fires only after every image, which is what we time.
  await page.goto(url, { waitUntil: 'commit' });
  const grid = await page.waitForFunction(GRID_LAID_OUT, undefined, { polling: 'raf', timeout: 30_000 });
  const gridMs = (await grid.jsonValue()) as number;
  const handle = await page.waitForFunction(FIRST_SCREEN_DONE, undefined, { polling: 'raf', timeout: 30_000 });
  const ms = (await handle.jsonValue()) as number;
  // Let the page finish what it started (the grid asks for its next page at once), so no request of
  // this round is still keeping moto busy in the next one.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  const cls = await page.evaluate(() => (globalThis as unknown as PageGlobals).__cls);
  const images = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelectorAll('img').length);
  if (process.env.BENCH_WEB_TRACE) {
    const entries = await page.evaluate(() => (globalThis as unknown as { performance: { getEntriesByType(type: string): { name: string; startTime: number; responseEnd: number }[] } }).performance.getEntriesByType('resource').map((e) => `${e.startTime.toFixed(0)}-${e.responseEnd.toFixed(0)} ${e.name.slice(0, 90)}`));
    appendFileSync('/tmp/web-trace.txt', `${url} grid ${gridMs.toFixed(0)}\n${entries.filter((e) => !e.includes('/derived/')).join('\n')}\n\n`);
  }
  await context.close();
  return { gridMs, ms, cls, images };
}

async function main(): Promise<void> {
  progress('bench:web: building the web app');
  const build = spawnSync(process.execPath, ['build.mjs', '--only', 'web'], { cwd: projectRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`web build failed: ${build.stderr}`);
  const report = JSON.parse(await readFile(join(projectRoot, 'dist', 'web-report.json'), 'utf8')) as { initialJsGzipBytes: number; initialCssGzipBytes: number };

  progress('bench:web: starting a local stack');
  const stack = await startDevStack();
  const floorServer = createServer();
  let browser: Browser | undefined;
  try {
    const user = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/user-main.ts', 'create', USER, '--password', PASSWORD], {
      cwd: projectRoot,
      env: { ...process.env, LOCAL_STACK_FILE: stack.stackFile },
      encoding: 'utf8',
    });
    if (user.status !== 0) throw new Error(`user create failed: ${user.stderr}`);
    const token = await idToken(stack.stack.endpoint, stack.stack.userPool!.clientId);

    progress(`bench:web: ${SEED_FILES.length} photos through the pipeline`);
    const files = await Promise.all(SEED_FILES.map(async (name) => ({ name, path: fixture(`images/exif/${name}`), bytes: (await readFile(fixture(`images/exif/${name}`))).length })));
    const seeded = await runSmoke({ apiUrl: stack.apiUrl, token, files, readFile: (path) => readFile(path), fetch, timeoutMs: 120_000 });
    if (seeded.summary.ready !== SEED_FILES.length) throw new Error(`seeding: ${formatSummary(seeded.summary)}`);
    const api = async (path: string) => (await fetch(`${stack.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<Record<string, unknown>>;
    const album = ((await api('/api/albums?limit=100')).items as { albumId: string; name: string }[]).find((a) => a.name === 'smoke')!;
    const media = ((await api(`/api/albums/${album.albumId}/media?limit=100`)).items as { mediaId: string }[]).map((m) => m.mediaId);
    await cloneMedia(stack.stack, media, ITEMS - media.length);
    // Each copied rendition is a new object, so the processors that consume renditions (labels) get
    // a job for it; measuring while they run would time those jobs' load on moto, not the app.
    await waitForQuietQueues(stack.stack);

    // What the grid waits for before it can draw: the API's first page, and under it moto's own Query.
    const doc = DynamoDBDocumentClient.from(localClients({ endpoint: stack.stack.endpoint, region: stack.stack.region }).dynamodb);
    const motoQuery: number[] = [];
    const apiPage: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      let started = performance.now();
      await doc.send(new QueryCommand({ TableName: topologyFor(stack.stack.prefix).tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :a', ExpressionAttributeValues: { ':a': `ALBUM#${album.albumId}` }, ScanIndexForward: false, Limit: FIRST_PAGE }));
      motoQuery.push(performance.now() - started);
      started = performance.now();
      await api(`/api/albums/${album.albumId}/media?limit=${FIRST_PAGE}`);
      apiPage.push(performance.now() - started);
    }

    browser = await launchBrowser();
    const signIn = await browser.newContext({ viewport: DESKTOP });
    const page = await signIn.newPage();
    await page.goto(stack.webUrl);
    await page.getByLabel('Username').fill(USER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Albums', level: 1 }).waitFor();
    const storageState = await signIn.storageState();
    const albumUrl = `${stack.webUrl.replace(/\/$/, '')}/albums/${album.albumId}`;
    await page.goto(albumUrl);
    await page.waitForFunction(FIRST_SCREEN_DONE, undefined, { polling: 'raf' });
    const firstScreen = await page.evaluate(() =>
      [...(globalThis as unknown as PageGlobals).document.querySelectorAll('img')].filter((image) => image.getBoundingClientRect().top < (globalThis as unknown as PageGlobals).innerHeight).map((image) => ({ src: image.currentSrc, size: image.width })),
    );
    await signIn.close();

    // The floor: the same first-screen thumbnails on a bare page, same browser, cold cache.
    const floorHtml = `<!doctype html><meta charset=utf-8><body style="margin:0">${firstScreen.map((image) => `<img src="${image.src.replace(/&/g, '&amp;')}" width=${image.size} height=${image.size}>`).join('')}`;
    floorServer.on('request', (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(floorHtml));
    await new Promise<void>((resolve) => floorServer.listen(0, '127.0.0.1', resolve));
    const floorUrl = `http://127.0.0.1:${(floorServer.address() as AddressInfo).port}/`;

    const app: Measure[] = [];
    const floor: Measure[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      progress(`bench:web: round ${round}/${ROUNDS}`);
      floor.push(await measure(browser, undefined, floorUrl));
      app.push(await measure(browser, storageState, albumUrl));
    }
    done();

    const gridMs = median(app.map((m) => m.gridMs));
    const floorGridMs = median(floor.map((m) => m.gridMs));
    const appMs = median(app.map((m) => m.ms));
    const floorMs = median(floor.map((m) => m.ms));
    const cls = Math.max(...app.map((m) => m.cls));
    const kb = report.initialJsGzipBytes / 1024;
    console.log(`web app budgets: ${ITEMS} items in the album, ${firstScreen.length} thumbnails on the first screen (${DESKTOP.width}×${DESKTOP.height}), median of ${ROUNDS} cold loads\n`);
    console.log(
      table(
        ['measure', 'value', 'floor (bare page, same thumbnails)', 'ratio', 'budget', 'met'],
        [
          ['initial JavaScript, gzipped', `${kb.toFixed(1)} KB`, '', '', `≤ ${BUDGET.initialJsKb} KB`, kb <= BUDGET.initialJsKb ? 'yes' : 'no'],
          ['initial CSS, gzipped', `${(report.initialCssGzipBytes / 1024).toFixed(1)} KB`, '', '', '', ''],
          ['first album grid painted (sized tiles on screen)', `${gridMs.toFixed(0)} ms`, `${floorGridMs.toFixed(0)} ms`, fmtX(gridMs / floorGridMs), `≤ ${BUDGET.gridMs} ms`, gridMs <= BUDGET.gridMs ? 'yes' : 'no'],
          [`moto's own gsi1 Query of the first ${FIRST_PAGE} items (median of 5)`, `${median(motoQuery).toFixed(0)} ms`, '', '', '', ''],
          [`API GET of the first ${FIRST_PAGE} items, signed URLs included (median of 5)`, `${median(apiPage).toFixed(0)} ms`, '', fmtX(median(apiPage) / median(motoQuery)) + ' moto', '', ''],
          ['every first-screen thumbnail decoded', `${appMs.toFixed(0)} ms`, `${floorMs.toFixed(0)} ms`, fmtX(appMs / floorMs), '', ''],
          ['layout shift while thumbnails load (CLS, worst round)', cls.toFixed(4), floor.length ? Math.max(...floor.map((m) => m.cls)).toFixed(4) : '', '', `= ${BUDGET.cls}`, cls === BUDGET.cls ? 'yes' : 'no'],
          ['images in the DOM (windowed grid)', String(median(app.map((m) => m.images))), '', '', `< ${ITEMS}`, median(app.map((m) => m.images)) < ITEMS ? 'yes' : 'no'],
        ],
      ),
    );
  } finally {
    await browser?.close();
    floorServer.close();
    await stack.stop();
  }
}

async function idToken(endpoint: string, clientId: string): Promise<string> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: USER, PASSWORD } }),
  });
  const body = (await response.json()) as { AuthenticationResult?: { IdToken?: string } };
  if (!body.AuthenticationResult?.IdToken) throw new Error(`sign-in failed: ${JSON.stringify(body)}`);
  return body.AuthenticationResult.IdToken;
}

/** Waits until no processor queue holds a message, visible or in flight, on two checks in a row. */
async function waitForQuietQueues(stack: { endpoint: string; region: string; prefix: string }, timeoutMs = 900_000): Promise<void> {
  const { sqs } = localClients({ endpoint: stack.endpoint, region: stack.region });
  const urls = await Promise.all(topologyFor(stack.prefix).queues.map(async (queue) => (await sqs.send(new GetQueueUrlCommand({ QueueName: queue.name }))).QueueUrl!));
  const deadline = Date.now() + timeoutMs;
  let reported = -1;
  for (let quietChecks = 0; quietChecks < 2; ) {
    const depths = await Promise.all(
      urls.map(async (url) => {
        const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }));
        return Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
      }),
    );
    const waiting = depths.reduce((sum, depth) => sum + depth, 0);
    quietChecks = waiting === 0 ? quietChecks + 1 : 0;
    if (waiting > 0 && waiting !== reported) progress(`bench:web: ${waiting} processor jobs still queued for the copies`);
    reported = waiting;
    if (Date.now() > deadline) throw new Error(`processor queues still hold ${waiting} messages after ${timeoutMs / 1000} s`);
    await sleep(1000);
  }
}

/** Copies of processed items: each a new record and its own rendition objects, newest first like uploads. */
async function cloneMedia(stack: { endpoint: string; region: string; prefix: string }, sources: readonly string[], count: number): Promise<void> {
  const topology = topologyFor(stack.prefix);
  const clients = localClients({ endpoint: stack.endpoint, region: stack.region });
  const doc = DynamoDBDocumentClient.from(clients.dynamodb);
  const originals = await Promise.all(sources.map(async (mediaId) => (await doc.send(new GetCommand({ TableName: topology.tableName, Key: { pk: `MEDIA#${mediaId}`, sk: 'MEDIA' } }))).Item!));
  let made = 0;
  const queue = Array.from({ length: count }, (_, i) => i);
  const worker = async () => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      const source = originals[index % originals.length]!;
      const mediaId = randomUUID();
      const createdAt = new Date(Date.parse(source.createdAt as string) - (index + 1) * 1000).toISOString();
      const variants: Record<string, Record<string, unknown>> = {};
      for (const [name, variant] of Object.entries(source.variants as Record<string, { key: string }>)) {
        const key = variant.key.replace(source.mediaId as string, mediaId);
        await clients.s3.send(new CopyObjectCommand({ Bucket: topology.buckets.derived, Key: key, CopySource: `${topology.buckets.derived}/${variant.key}`, MetadataDirective: 'COPY' }));
        variants[name] = { ...variant, key };
      }
      await doc.send(
        new PutCommand({
          TableName: topology.tableName,
          Item: { ...source, pk: `MEDIA#${mediaId}`, mediaId, createdAt, gsi1sk: `${createdAt}#${mediaId}`, variants, fileName: `copy-${index}-${source.fileName as string}` },
        }),
      );
      made += 1;
      if (made % 25 === 0) progress(`bench:web: seeded ${made}/${count} copies`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

main().catch((error: unknown) => {
  done();
  console.error(`bench:web: ${(error as Error).message}`);
  process.exit(1);
});
