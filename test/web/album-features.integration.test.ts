/**
 * The album's newer features in a real browser (Debian's Chromium through playwright-core) against
 * the whole local system `make dev` runs: a timeline across two albums in the order the photos were
 * taken (not uploaded) with a month jump list, an album sorted either way with its counts, a caption
 * written and kept, an item moved between albums, a chosen cover, an original downloaded under its
 * own name, and a failed item retried to ready. axe-core checks the new screens at desktop and phone
 * sizes; screenshots of them go to SCREENSHOT_DIR (default: a folder in the system's temp dir).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

import { LOCAL_CREDENTIALS } from '../../src/local/clients.js';
import { recordProcessorResult, RETRIES_EXHAUSTED } from '../../src/shared/media-store.js';
import { topologyFor } from '../../src/shared/topology.js';
import { DESKTOP, describeViolations, launchBrowser, PHONE, seriousViolations } from '../support/browser.js';
import { startDevStack, type DevStack } from '../support/dev-stack.js';
import { fixture } from '../support/fixtures.js';
import type { PageGlobals } from '../support/in-page.js';
import { makeClips, type Clips } from '../worker/video-transcode/clips.js';

const PASSWORD = 'Browser-test-pw-2';
const USERNAME = 'features-tester';
const HOLIDAYS = 'Holidays';
const OLD_CAMERA = 'Old camera';
const CLIPS = 'Clips';
const CAPTION = 'Harbour at dusk, before the rain came in';
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'album-features-screenshots');

/** The fixtures' EXIF DateTimeOriginal: two years apart, and in neither album's upload order. */
const HEIC = 'heic_IMG_5195.HEIC'; // 2021-04-11 15:47:53
const DSCN = 'gps_DSCN0010.jpg'; // 2008-10-22 16:28:39
const CANON = 'Canon_40D.jpg'; // 2008-05-30 15:56:01
const NIKON = 'Nikon_D70.jpg'; // 2008-03-15 09:52:01
const VIDEO = 'dated.mp4'; // creation_time 2019-05-01T12:34:56Z, 2 s (test/worker/video-transcode/clips.ts)
const TAKEN_ORDER = [HEIC, VIDEO, DSCN, CANON, NIKON];

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${screen}: serious or critical axe violations\n${describeViolations(violations)}`).to.deep.equal([]);
}

async function imagesLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => [...(globalThis as unknown as PageGlobals).document.querySelectorAll('img')].every((image) => image.complete));
}

async function screenshot(page: Page, name: string): Promise<void> {
  await imagesLoaded(page);
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  console.log(`      screenshot: ${path}`);
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Username').fill(USERNAME);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Albums', level: 1 }).waitFor();
}

const mainNav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const albumGrid = (page: Page, album: string) => page.getByRole('list', { name: `${album} photos and videos` });
const albumCard = (page: Page, album: string) => page.getByRole('link', { name: new RegExp(`^${album}`) });

/** The file names of the tiles under `scope`, in the order the page shows them. */
async function tileNames(scope: Locator): Promise<string[]> {
  const labels = await scope.locator('.tile-button').evaluateAll((buttons) => buttons.map((button) => (button as unknown as { getAttribute(name: string): string | null }).getAttribute('aria-label') ?? ''));
  return labels.map((label) => label.replace(/^(Photo|Video) /, ''));
}

async function openAlbum(page: Page, album: string): Promise<void> {
  await mainNav(page, 'Albums').click();
  await albumCard(page, album).click();
  await page.getByRole('heading', { name: album, level: 1 }).waitFor();
}

/** The viewer of one file, and its details panel. */
function viewerOf(page: Page, fileName: string) {
  const viewer = page.getByRole('dialog', { name: new RegExp(`^${fileName.replace('.', '\\.')} \\(`) });
  return { viewer, details: viewer.getByRole('region', { name: `Details of ${fileName}` }) };
}

/** The text of what has keyboard focus. */
const focusedText = (page: Page): Promise<string | undefined> => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent);

const pathOf = (url: string | null): string => new URL(url ?? '', 'http://unused').pathname;

/** Waits until `probe` holds: for a list that reloads in place, where no single element appears. */
async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const sameList = (actual: readonly string[], expected: readonly string[]) => actual.length === expected.length && actual.every((name, i) => name === expected[i]);

describe('album features in a real browser: timeline, sort, captions, moves, covers, originals, retries', function () {
  this.timeout(900_000);
  let stack: DevStack;
  let browser: Browser;
  let doc: DynamoDBDocumentClient;
  let tableName: string;
  let clips: Clips;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startDevStack();
    const created = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/user-main.ts', 'create', USERNAME, '--password', PASSWORD], {
      env: { ...process.env, LOCAL_STACK_FILE: stack.stackFile },
      encoding: 'utf8',
    });
    expect(created.status, created.stderr).to.equal(0);
    doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.stack.endpoint, region: stack.stack.region, credentials: LOCAL_CREDENTIALS }));
    tableName = topologyFor(stack.stack.prefix).tableName;
    clips = makeClips();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    clips?.cleanup();
    doc?.destroy();
    await stack?.stop();
  });

  const mediaIdOf = async (fileName: string): Promise<string> => {
    const { Items = [] } = await doc.send(new ScanCommand({ TableName: tableName, FilterExpression: '#type = :media AND fileName = :name', ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':media': 'media', ':name': fileName } }));
    expect(Items, `media items named ${fileName}`).to.have.length(1);
    return String(Items[0]!.mediaId);
  };

  describe('at desktop size', () => {
    let context: BrowserContext;
    let page: Page;

    before(async () => {
      // Dates below are in American English and Sydney time: the app formats them in the browser's
      // locale, and instants (not a camera's local time) in its time zone.
      context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'Australia/Sydney', acceptDownloads: true });
      page = await context.newPage();
      await signIn(page, stack.webUrl);
    });
    after(() => context?.close());

    const createAlbum = async (name: string) => {
      await page.getByRole('button', { name: 'New album' }).first().click();
      await page.getByLabel('Album name').fill(name);
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      await page.getByRole('heading', { name, level: 1 }).waitFor();
    };
    const upload = async (album: string, files: string[], thumbnails: number) => {
      await page.getByLabel('Upload', { exact: true }).setInputFiles(files.map((file) => (file.startsWith('/') ? file : fixture(`images/exif/${file}`))));
      await albumGrid(page, album).getByRole('img').nth(thumbnails - 1).waitFor({ timeout: 240_000 });
    };

    it('fills three albums; the newest upload is in no album the newest photo taken', async () => {
      await createAlbum(HOLIDAYS);
      // One at a time, so the upload order is certain: the 2021 photo first, then one from 2008.
      await upload(HOLIDAYS, [HEIC], 1);
      await upload(HOLIDAYS, [CANON], 2);
      await mainNav(page, 'Albums').click();
      await createAlbum(OLD_CAMERA);
      await upload(OLD_CAMERA, [NIKON], 1);
      await upload(OLD_CAMERA, [DSCN], 2);
      expect(await tileNames(albumGrid(page, OLD_CAMERA))).to.deep.equal([DSCN, NIKON]);
      await mainNav(page, 'Albums').click();
      await createAlbum(CLIPS);
      await upload(CLIPS, [clips.dated], 1);
      await page.getByRole('region', { name: 'Uploads' }).getByRole('button', { name: 'Clear' }).click();
    });

    it('shows the timeline across albums, newest taken first, under month headings', async () => {
      await mainNav(page, 'Timeline').click();
      await page.getByRole('heading', { name: 'Timeline', level: 1 }).waitFor();
      const timeline = page.locator('.timeline-main');
      await timeline.getByRole('img').nth(4).waitFor();
      // Uploaded newest first this would be VIDEO, DSCN, NIKON, CANON, HEIC: the albums interleave by capture time.
      expect(await tileNames(timeline)).to.deep.equal(TAKEN_ORDER);
      const headings = await timeline.getByRole('heading', { level: 2 }).evaluateAll((elements) => elements.map((element) => (element as unknown as { firstChild: { textContent: string } }).firstChild.textContent));
      expect(headings).to.deep.equal(['April 2021', 'May 2019', 'October 2008', 'May 2008', 'March 2008']);
      expect(await page.getByRole('list', { name: 'Photos and videos from May 2008' }).getByRole('listitem').count()).to.equal(1);
      await expectAccessible(page, 'timeline');
      await screenshot(page, 'desktop-timeline');
    });

    it('jumps to a month from the month list: the media taken before the next month began', async () => {
      const months = page.getByRole('navigation', { name: 'Months' });
      await months.getByRole('button', { name: /^2008/ }).click();
      const asked = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/media' && new URL(request.url()).searchParams.has('to'));
      await months.getByRole('link', { name: /^May 2008/ }).click();
      expect(new URL((await asked).url()).searchParams.get('to')).to.equal('2008-06-01T00:00:00Z');
      expect(new URL(page.url()).searchParams.get('month')).to.equal('2008-05');
      const timeline = page.locator('.timeline-main');
      await page.getByRole('heading', { name: /^May 2008/, level: 2 }).waitFor();
      await timeline.getByRole('img').nth(1).waitFor();
      expect(await tileNames(timeline)).to.deep.equal([CANON, NIKON]);
      expect(await months.getByRole('link', { name: /^May 2008/ }).getAttribute('aria-current')).to.equal('true');
      // Focus lands on the month, so a screen reader says where the jump went.
      expect(await focusedText(page)).to.match(/^May 2008/);
      await page.getByRole('link', { name: 'Back to the newest' }).click();
      await timeline.getByRole('img').nth(4).waitFor();
      expect(await tileNames(timeline)).to.deep.equal(TAKEN_ORDER);
    });

    it('shows a video’s length and when it was taken, in the viewer’s own time zone for a UTC capture time', async () => {
      await page.locator('.timeline-main').getByRole('button', { name: `Video ${VIDEO}` }).click();
      const { viewer, details } = viewerOf(page, VIDEO);
      await viewer.locator('video').waitFor();
      expect(await details.locator('dt:text-is("Length") + dd').innerText()).to.equal('0:02');
      // 12:34:56 UTC is 10:34 PM in Sydney (AEST, UTC+10, in May).
      expect(await details.locator('dt:text-is("Taken") + dd').innerText()).to.match(/^May 1, 2019, 10:34\sPM$/);
      expect(await details.locator('dt:text-is("Album") + dd').innerText()).to.equal(CLIPS);
      await expectAccessible(page, 'viewer of a video');
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
    });

    it('sorts an album by upload or by capture time, and shows its counts', async () => {
      await openAlbum(page, HOLIDAYS);
      const grid = albumGrid(page, HOLIDAYS);
      await grid.getByRole('img').nth(1).waitFor();
      expect(await tileNames(grid)).to.deep.equal([CANON, HEIC]);
      await page.locator('.page-header .album-meta').filter({ hasText: '2 photos' }).waitFor();
      await screenshot(page, 'desktop-album');
      const asked = page.waitForRequest((request) => new URL(request.url()).searchParams.get('sort') === 'taken');
      await page.getByRole('radio', { name: 'Taken' }).check();
      await asked;
      await eventually('the album is in capture order', async () => sameList(await tileNames(grid), [HEIC, CANON]));
      expect(new URL(page.url()).searchParams.get('sort')).to.equal('taken');
      await page.reload();
      await grid.getByRole('img').nth(1).waitFor();
      expect(await page.getByRole('radio', { name: 'Taken' }).isChecked()).to.equal(true);
      expect(await tileNames(grid)).to.deep.equal([HEIC, CANON]);
      await page.getByRole('radio', { name: 'Uploaded' }).check();
      await eventually('the album is in upload order again', async () => sameList(await tileNames(grid), [CANON, HEIC]));
      expect(new URL(page.url()).searchParams.has('sort')).to.equal(false);
    });

    it('shows when and with what a photo was taken, and writes a caption that stays after a reload', async () => {
      await albumGrid(page, HOLIDAYS).getByRole('button', { name: `Photo ${CANON}` }).click();
      const { viewer, details } = viewerOf(page, CANON);
      await viewer.getByRole('img').waitFor();
      // The camera's own wall-clock time, whatever the browser's time zone.
      expect(await details.locator('dt:text-is("Taken") + dd').innerText()).to.match(/^May 30, 2008, 3:56\sPM$/);
      expect(await details.locator('dt:text-is("Camera") + dd').innerText()).to.contain('EOS 40D');
      await details.getByRole('button', { name: 'Add a caption' }).click();
      const field = details.getByRole('textbox', { name: 'Caption' });
      await field.fill(CAPTION);
      // The API refuses once: its own message shows and the text stays for another try.
      let refused = false;
      await page.route('**/api/media/*', async (route) => {
        if (route.request().method() !== 'PATCH' || refused) return route.fallback();
        refused = true;
        await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'The album service is busy. Please try again.' } }) });
      });
      await details.getByRole('button', { name: 'Save caption' }).click();
      await details.getByRole('alert').filter({ hasText: 'The album service is busy' }).waitFor();
      await page.unroute('**/api/media/*');
      expect(await field.inputValue()).to.equal(CAPTION);
      await expectAccessible(page, 'viewer editing a caption');
      await screenshot(page, 'desktop-viewer-caption');
      const saved = page.waitForResponse((response) => response.request().method() === 'PATCH' && response.url().includes('/api/media/'));
      await details.getByRole('button', { name: 'Save caption' }).click();
      expect((await saved).status()).to.equal(200);
      await details.locator('.caption-text').filter({ hasText: CAPTION }).waitFor();
      expect(await details.getByRole('button', { name: 'Edit caption' }).count()).to.equal(1);
      await page.reload();
      await albumGrid(page, HOLIDAYS).getByRole('button', { name: `Photo ${CANON}` }).click();
      expect(await viewerOf(page, CANON).details.locator('.caption-text').innerText()).to.equal(CAPTION);
    });

    it('moves an item to another album: it leaves this album and its counts, and arrives in the other', async () => {
      const { viewer, details } = viewerOf(page, CANON);
      await details.getByRole('button', { name: 'Move to album…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Move to album' });
      await dialog.getByRole('radio', { name: new RegExp(`^${OLD_CAMERA}`) }).check();
      expect(await dialog.getByRole('radio', { name: new RegExp(`^${HOLIDAYS}`) }).count(), 'the album it is in is not offered').to.equal(0);
      await expectAccessible(page, 'move dialog');
      await screenshot(page, 'desktop-viewer-move');
      await dialog.getByRole('button', { name: `Move to ${OLD_CAMERA}` }).click();
      await dialog.waitFor({ state: 'detached' });
      // The viewer goes on to the album's next item; the moved one is gone from the grid behind it.
      await viewer.waitFor({ state: 'detached' });
      const next = viewerOf(page, HEIC).viewer;
      await next.waitFor();
      expect(await focusedText(page), 'focus is on the name of the item now shown').to.equal(HEIC);
      await page.keyboard.press('Escape');
      await next.waitFor({ state: 'detached' });
      await page.getByRole('status').filter({ hasText: `Moved ${CANON} to ${OLD_CAMERA}` }).waitFor();
      const grid = albumGrid(page, HOLIDAYS);
      expect(await tileNames(grid)).to.deep.equal([HEIC]);
      expect(await page.locator('.page-header .album-meta').innerText()).to.equal('1 photo');
      await mainNav(page, 'Albums').click();
      await albumCard(page, OLD_CAMERA).waitFor();
      expect(await albumCard(page, HOLIDAYS).locator('.album-meta').innerText()).to.equal('1 photo');
      expect(await albumCard(page, OLD_CAMERA).locator('.album-meta').innerText()).to.equal('3 photos');
      await albumCard(page, OLD_CAMERA).click();
      await albumGrid(page, OLD_CAMERA).getByRole('img').nth(2).waitFor();
      expect(await tileNames(albumGrid(page, OLD_CAMERA))).to.include(CANON);
      expect(await page.locator('.page-header .album-meta').innerText()).to.equal('3 photos');
    });

    it('makes a chosen photo the album’s cover, which the albums list then shows', async () => {
      const canonThumb = pathOf(await albumGrid(page, OLD_CAMERA).getByRole('button', { name: `Photo ${CANON}` }).locator('img').getAttribute('src'));
      expect(canonThumb).to.match(/\/derived\/.+\/thumb\.\w+$/);
      await mainNav(page, 'Albums').click();
      const cover = albumCard(page, OLD_CAMERA).locator('img');
      expect(pathOf(await cover.getAttribute('src')), 'the automatic cover is the newest upload, not this one').to.not.equal(canonThumb);
      await albumCard(page, OLD_CAMERA).click();
      await albumGrid(page, OLD_CAMERA).getByRole('button', { name: `Photo ${CANON}` }).click();
      const { viewer, details } = viewerOf(page, CANON);
      await details.getByRole('button', { name: 'Set as album cover' }).click();
      await details.getByText('This is the album’s cover.').waitFor();
      expect(await details.getByRole('button', { name: 'Set as album cover' }).count()).to.equal(0);
      expect(await focusedText(page), 'focus stays on the cover button as it flips').to.equal('Use automatic cover');
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
      await mainNav(page, 'Albums').click();
      await albumCard(page, OLD_CAMERA).waitFor();
      expect(pathOf(await cover.getAttribute('src'))).to.equal(canonThumb);
    });

    it('downloads the original under the name it was uploaded with, byte for byte', async () => {
      await albumCard(page, OLD_CAMERA).click();
      await albumGrid(page, OLD_CAMERA).getByRole('button', { name: `Photo ${CANON}` }).click();
      const { viewer, details } = viewerOf(page, CANON);
      const downloading = page.waitForEvent('download');
      await details.getByRole('button', { name: 'Download original' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).to.equal(CANON);
      const bytes = await readFile(await download.path());
      expect(bytes.equals(await readFile(fixture(`images/exif/${CANON}`))), 'the downloaded bytes are the fixture').to.equal(true);
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
    });

    it('retries an item whose processing ran out of retries, and it becomes ready again', async () => {
      const mediaId = await mediaIdOf(NIKON);
      // Stands in for the processors' queue retries running out: on the last delivery the SQS
      // processor records this very rejection (src/processors/sqs-processor.ts), which fails the item
      // and counts it among the album's failed.
      const failed = await recordProcessorResult({ doc, tableName }, mediaId, 'image-variants', { status: 'failed', code: RETRIES_EXHAUSTED, reason: 'Processing did not succeed in 5 attempts. It can be retried.' });
      expect(failed?.status).to.equal('failed');
      expect(failed?.['processor:image-variants']).to.include({ status: 'failed', code: RETRIES_EXHAUSTED });
      await page.reload();
      const grid = albumGrid(page, OLD_CAMERA);
      await grid.getByText('Could not process', { exact: true }).waitFor();
      await page.locator('.page-header .album-meta').filter({ hasText: '1 failed' }).waitFor();
      await grid.getByRole('button', { name: new RegExp(NIKON.replace('.', '\\.')) }).click();
      const { viewer } = viewerOf(page, NIKON);
      await viewer.getByRole('alert').filter({ hasText: 'did not succeed in 5 attempts' }).waitFor();
      await viewer.getByText('Nothing is wrong with the file itself').waitFor();
      await expectAccessible(page, 'viewer of a retryable failure');
      const retried = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith(`/api/media/${mediaId}/retry`));
      await viewer.getByRole('button', { name: 'Retry' }).click();
      const reply = await retried;
      expect(reply.status()).to.equal(202);
      expect(((await reply.json()) as { status: string }).status).to.equal('processing');
      await viewer.getByText(`Still processing ${NIKON}`).waitFor();
      expect(await focusedText(page), 'focus stays in the viewer when the Retry button goes').to.equal(NIKON);
      await viewer.getByRole('img', { name: new RegExp(NIKON.replace('.', '\\.')) }).waitFor({ timeout: 120_000 });
      expect(await page.locator('.page-header .album-meta').innerText()).to.equal('3 photos');
      await page.keyboard.press('Escape');
      await grid.getByRole('button', { name: `Photo ${NIKON}` }).locator('img').waitFor();
    });

    it('explains that a damaged file cannot be retried, and counts it as failed', async () => {
      await openAlbum(page, HOLIDAYS);
      await page.getByLabel('Upload', { exact: true }).setInputFiles([fixture('images/exif/corrupted.jpg')]);
      const grid = albumGrid(page, HOLIDAYS);
      await grid.getByText('Damaged file', { exact: true }).waitFor({ timeout: 120_000 });
      await page.locator('.page-header .album-meta').filter({ hasText: '2 photos · 1 failed' }).waitFor();
      await grid.getByRole('button', { name: /corrupted\.jpg/ }).click();
      const { viewer } = viewerOf(page, 'corrupted.jpg');
      await viewer.getByText('The problem is in the file itself').waitFor();
      expect(await viewer.getByRole('button', { name: 'Retry' }).count()).to.equal(0);
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
      await mainNav(page, 'Albums').click();
      await albumCard(page, HOLIDAYS).locator('.failed-count').filter({ hasText: '1 failed' }).waitFor();
      expect(await albumCard(page, HOLIDAYS).locator('.album-meta').innerText()).to.equal('2 photos · 1 failed');
      await screenshot(page, 'desktop-albums');
    });

    it('pages the timeline, carrying a month across pages', async () => {
      // Fifty stand-in items (failed ones: no thumbnails to fetch, nothing to poll) in two pages:
      // the second page goes on with February and brings January.
      const item = (i: number, takenAt: string) => ({ mediaId: `paged-${i}`, albumId: 'paged', mediaClass: 'image', status: 'failed', failureReason: 'A stand-in for paging.', retryable: false, fileName: `paged-${i}.jpg`, contentType: 'image/jpeg', createdAt: takenAt, takenAt, moderation: { state: 'clear', categories: [], allowed: false }, variants: {} });
      const day = (month: number, i: number) => `2030-0${month}-${String(28 - (i % 27)).padStart(2, '0')}T12:00:00.000Z`;
      const first = [...Array.from({ length: 25 }, (_, i) => item(i, day(3, i))), ...Array.from({ length: 15 }, (_, i) => item(25 + i, day(2, i)))];
      const second = [...Array.from({ length: 5 }, (_, i) => item(40 + i, day(2, 20 + i))), ...Array.from({ length: 5 }, (_, i) => item(45 + i, day(1, i)))];
      const pages: string[] = [];
      const json = (body: unknown) => ({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
      const timelinePage = (url: URL) => url.pathname === '/api/media';
      const monthsSummary = (url: URL) => url.pathname === '/api/media/months';
      await page.route(timelinePage, async (route) => {
        const cursor = new URL(route.request().url()).searchParams.get('cursor');
        pages.push(cursor ?? 'first');
        await route.fulfill(json(cursor === 'page-2' ? { items: second } : { items: first, nextCursor: 'page-2' }));
      });
      await page.route(monthsSummary, (route) => route.fulfill(json({ months: [{ month: '2030-03', count: 25 }, { month: '2030-02', count: 20 }, { month: '2030-01', count: 5 }] })));
      try {
        await mainNav(page, 'Timeline').click();
        const timeline = page.locator('.timeline-main');
        await page.getByRole('heading', { name: /^February 2030/, level: 2 }).waitFor();
        const february = page.getByRole('list', { name: 'Photos and videos from February 2030' });
        // The next page comes when the end of the last month nears the screen: at once on a tall
        // screen, after a scroll on a short one.
        await eventually('the next page is asked for and shown', async () => {
          await page.mouse.wheel(0, 2000);
          return (await page.getByRole('heading', { name: /^January 2030/, level: 2 }).count()) === 1;
        });
        expect(pages).to.deep.equal(['first', 'page-2']);
        expect(await february.getByRole('listitem').first().getAttribute('aria-setsize'), 'February carries on in the second page').to.equal('20');
        expect(await timeline.getByRole('heading', { level: 2 }).count()).to.equal(3);
      } finally {
        await page.unroute(timelinePage);
        await page.unroute(monthsSummary);
      }
    });
  });

  describe('at phone size', () => {
    let context: BrowserContext;
    let page: Page;
    before(async () => {
      context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' });
      page = await context.newPage();
      await signIn(page, stack.webUrl);
    });
    after(() => context?.close());

    const fitsTheScreen = async () => {
      const overflow = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth - (globalThis as unknown as PageGlobals).document.documentElement.clientWidth);
      expect(overflow, 'horizontal overflow in px').to.be.at.most(0);
    };

    it('shows the albums with their counts and the timeline with its month list, without sideways scrolling', async () => {
      await albumCard(page, HOLIDAYS).locator('img').waitFor();
      await fitsTheScreen();
      await screenshot(page, 'phone-albums');
      await mainNav(page, 'Timeline').click();
      const timeline = page.locator('.timeline-main');
      await timeline.getByRole('img').nth(4).waitFor();
      // The damaged upload is on the timeline too; its tile is named by its words, not a label.
      expect((await tileNames(timeline)).filter((name) => name !== '')).to.deep.equal(TAKEN_ORDER);
      await fitsTheScreen();
      await expectAccessible(page, 'timeline (phone)');
      await screenshot(page, 'phone-timeline');
      const toggle = page.getByRole('button', { name: 'Jump to a month' });
      const months = page.getByRole('navigation', { name: 'Months' });
      const year2008 = months.getByRole('button', { name: /^2008/ });
      expect(await year2008.isVisible(), 'the list is folded away at first').to.equal(false);
      await toggle.click();
      await year2008.waitFor();
      await fitsTheScreen();
      await expectAccessible(page, 'timeline month list (phone)');
      await screenshot(page, 'phone-timeline-months');
      await year2008.click();
      await months.getByRole('link', { name: /^October 2008/ }).click();
      await page.getByRole('heading', { name: /^October 2008/, level: 2 }).waitFor();
      expect(await months.getByRole('link', { name: /^October 2008/ }).isVisible(), 'the list folds away after a jump').to.equal(false);
    });

    it('shows the viewer’s details and actions behind Details, accessibly', async () => {
      await page.locator('.timeline-main').getByRole('button', { name: `Photo ${CANON}` }).click();
      const { viewer, details } = viewerOf(page, CANON);
      await viewer.getByRole('img').waitFor();
      // The picture has the screen; the caption still shows under the name.
      expect(await details.isVisible()).to.equal(false);
      await viewer.locator('.viewer-caption-line').filter({ hasText: CAPTION }).waitFor();
      await expectAccessible(page, 'viewer (phone)');
      await viewer.getByRole('button', { name: 'Details', exact: true }).click();
      await details.getByRole('button', { name: 'Edit caption' }).waitFor();
      expect(await details.locator('dt:text-is("Album") + dd').innerText()).to.equal(OLD_CAMERA);
      await fitsTheScreen();
      await expectAccessible(page, 'viewer details (phone)');
      await screenshot(page, 'phone-viewer-details');
      await details.getByRole('button', { name: 'Edit caption' }).click();
      await details.getByRole('textbox', { name: 'Caption' }).waitFor();
      await expectAccessible(page, 'viewer editing a caption (phone)');
      await screenshot(page, 'phone-viewer-caption');
      // Escape leaves the caption, not the viewer.
      await page.keyboard.press('Escape');
      await details.getByRole('button', { name: 'Edit caption' }).waitFor();
      expect(await viewer.isVisible()).to.equal(true);
    });
  });
});
