/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against the whole
 * local system `make dev` runs: moto, the API serving the app, the image pollers and the video
 * worker. One person's afternoon: sign in, make an album, drop a photo, an iPhone HEIC, a PNG, a
 * video and a damaged file, watch them turn into thumbnails and one explained failure, look at
 * them, browse by label, rename, delete, sign out. axe-core checks each main screen at desktop
 * and phone sizes.
 */
import { spawnSync } from 'node:child_process';

import { expect } from 'chai';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

import { cspAllows, PLACEHOLDER_ACCOUNT_ID, terraformCsp } from '../support/csp.js';
import { topologyFor } from '../../src/shared/topology.js';
import { DESKTOP, describeViolations, launchBrowser, PHONE, seriousViolations } from '../support/browser.js';
import { startDevStack, type DevStack } from '../support/dev-stack.js';
import { fixture } from '../support/fixtures.js';
import { makeClips, type Clips } from '../worker/video-transcode/clips.js';
import type { PageGlobals, PageImage } from '../support/in-page.js';

/** The page's window, to send it key presses faster than a person could. */
interface KeyGlobals {
  readonly dispatchEvent: (event: unknown) => boolean;
  readonly KeyboardEvent: new (type: string, init: { key: string; bubbles: boolean; cancelable: boolean }) => unknown;
  readonly requestAnimationFrame: (callback: () => void) => number;
}

/** The page's drag-and-drop constructors, for a drop made from inside the page. */
interface DropGlobals {
  readonly document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null };
  readonly DataTransfer: new () => { readonly items: { add(file: unknown): void } };
  readonly File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
  readonly DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => unknown;
}

const PASSWORD = 'Browser-test-pw-1';
const USERNAME = 'browser-tester';

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${screen}: serious or critical axe violations\n${describeViolations(violations)}`).to.deep.equal([]);
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Username').fill(USERNAME);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Albums', level: 1 }).waitFor();
}

async function createAlbum(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'New album' }).first().click();
  await page.getByLabel('Album name').fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

/** Bytes that crossed the network for derived media (thumbnails, renditions), per page view. */
class DerivedBytes {
  private readonly urls = new Map<string, string>();
  bytes = 0;
  requests = 0;
  constructor(cdp: CDPSession) {
    cdp.on('Network.requestWillBeSent', (event) => this.urls.set(event.requestId, event.request.url));
    cdp.on('Network.loadingFinished', (event) => {
      const url = this.urls.get(event.requestId) ?? '';
      if (!url.includes('/derived/')) return;
      this.requests += 1;
      this.bytes += event.encodedDataLength;
    });
  }
  reset(): void {
    this.bytes = 0;
    this.requests = 0;
  }
}

describe('web app in a real browser', function () {
  this.timeout(600_000);
  let stack: DevStack;
  let browser: Browser;
  let clips: Clips;

  before(async () => {
    stack = await startDevStack();
    const created = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/user-main.ts', 'create', USERNAME, '--password', PASSWORD], {
      env: { ...process.env, LOCAL_STACK_FILE: stack.stackFile },
      encoding: 'utf8',
    });
    expect(created.status, created.stderr).to.equal(0);
    clips = makeClips();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    clips?.cleanup();
    await stack?.stop();
  });

  describe('at desktop size', () => {
    let context: BrowserContext;
    let page: Page;
    let derived: DerivedBytes;
    const requests: { url: string; method: string; type: string }[] = [];
    const albumName = 'Summer 2026';

    before(async () => {
      context = await browser.newContext({ viewport: DESKTOP });
      page = await context.newPage();
      page.on('request', (request) => requests.push({ url: request.url(), method: request.method(), type: request.resourceType() }));
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      derived = new DerivedBytes(cdp);
    });
    after(() => context?.close());

    it('signs in with the name and password the user command set, on a page with no serious accessibility problems', async () => {
      await page.goto(stack.webUrl);
      await expectAccessible(page, 'sign-in');
      await page.getByLabel('Username').fill(USERNAME);
      await page.getByLabel('Password').fill('Wrong-password-123');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'No albums yet' }).waitFor();
      await expectAccessible(page, 'albums (empty)');
    });

    it('creates an album', async () => {
      await createAlbum(page, albumName);
      expect(new URL(page.url()).pathname).to.match(/^\/albums\/[\w-]+$/);
      await page.getByRole('heading', { name: 'This album is empty' }).waitFor();
      await expectAccessible(page, 'album (empty)');
    });

    it('keeps the page on reload of a single-page route', async () => {
      await page.reload();
      await page.getByRole('heading', { name: albumName, level: 1 }).waitFor();
    });

    it('uploads a JPEG, an iPhone HEIC, a PNG, a video and a damaged file: four thumbnails and one failure with its reason', async () => {
      await page.getByLabel('Upload', { exact: true }).setInputFiles([
        fixture('images/exif/Canon_40D.jpg'),
        fixture('images/exif/heic_IMG_5195.HEIC'),
        fixture('images/pngsuite/basn2c08.png'),
        clips.landscapeWithAudio,
        fixture('images/exif/corrupted.jpg'),
      ]);
      const uploads = page.getByRole('region', { name: 'Uploads' });
      await uploads.getByText('5 uploaded').waitFor({ timeout: 60_000 });
      const grid = page.getByRole('list', { name: `${albumName} photos and videos` });
      await grid.getByRole('img').nth(3).waitFor({ timeout: 240_000 });
      // A short label on the tile; the whole sentence is the tile's name for a screen reader.
      await grid.getByText('Damaged file', { exact: true }).waitFor({ timeout: 60_000 });
      await grid.getByRole('button', { name: 'This file is damaged and cannot be shown corrupted.jpg' }).waitFor();
      expect(await grid.getByRole('listitem').count()).to.equal(5);
      expect(await grid.getByRole('img').count()).to.equal(4);
      const sizes = await grid.getByRole('img').evaluateAll((images) => images.map((image) => (image as unknown as PageImage).naturalWidth));
      expect(sizes.every((width) => width > 0), 'every thumbnail decoded').to.equal(true);
      await expectAccessible(page, 'album with media');
    });

    it('opens the viewer and moves through the album with the keyboard', async () => {
      await page.getByRole('button', { name: 'Photo Canon_40D.jpg' }).click();
      const viewer = page.getByRole('dialog');
      await viewer.waitFor();
      const position = viewer.locator('.viewer-position');
      const start = Number((await position.innerText()).split(' ')[0]);
      const step = start < 5 ? 1 : -1;
      await page.keyboard.press(step > 0 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForFunction((text) => (globalThis as unknown as PageGlobals).document.querySelector('.viewer-position')?.textContent === text, `${start + step} of 5`);
      await page.keyboard.press(step > 0 ? 'ArrowLeft' : 'ArrowRight');
      await page.waitForFunction((text) => (globalThis as unknown as PageGlobals).document.querySelector('.viewer-position')?.textContent === text, `${start} of 5`);
      // Two presses inside one task, before any render: the second steps from where the first went.
      await page.evaluate(async (keys) => {
        const { dispatchEvent, KeyboardEvent, requestAnimationFrame } = globalThis as unknown as KeyGlobals;
        for (const key of keys) dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        // Preact renders state changes in a microtask: two frames later the result is on screen.
        await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      }, step > 0 ? ['ArrowRight', 'ArrowLeft'] : ['ArrowLeft', 'ArrowRight']);
      expect(await position.innerText()).to.equal(`${start} of 5`);
      await viewer.getByRole('img').waitFor();
      await expectAccessible(page, 'viewer');
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
    });

    it('serves a repeat view of the album from the browser cache: same signed URLs, no media bytes', async () => {
      const grid = page.getByRole('list', { name: `${albumName} photos and videos` });
      const thumbnailUrls = () => grid.getByRole('img').evaluateAll((images) => images.map((image) => (image as unknown as PageImage).currentSrc).sort());
      // URLs are signed per time window (MEDIA_URL_WINDOW_SECONDS): a view on each side of a window's
      // end rightly gets new URLs once, so a pair that straddles one is looked at again.
      const signingWindows = (urls: string[]) => new Set(urls.map((url) => new URL(url).searchParams.get('X-Amz-Date')));
      const viewAgain = async () => {
        const before = await thumbnailUrls();
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Albums' }).click();
        await page.getByRole('link', { name: new RegExp(albumName) }).waitFor();
        derived.reset();
        await page.getByRole('link', { name: new RegExp(albumName) }).click();
        await grid.getByRole('img').nth(3).waitFor();
        await page.waitForFunction(() => [...(globalThis as unknown as PageGlobals).document.querySelectorAll('.media-grid img')].every((image) => (image as unknown as PageImage).complete));
        return { before, after: await thumbnailUrls() };
      };
      let view = await viewAgain();
      if (signingWindows([...view.before, ...view.after]).size > 1) view = await viewAgain();
      console.log(`      repeat view: ${view.after.length} thumbnails, ${derived.requests} derived requests, ${derived.bytes} bytes over the network`);
      expect(view.after).to.deep.equal(view.before);
      expect(derived.bytes).to.equal(0);
    });

    it('browses by label', async () => {
      await page.getByRole('link', { name: 'Labels' }).click();
      await page.getByRole('heading', { name: 'Labels', level: 1 }).waitFor();
      const first = page.locator('.label-cloud a').first();
      await first.waitFor({ timeout: 60_000 });
      await expectAccessible(page, 'labels');
      await first.click();
      const grid = page.getByRole('list', { name: /^Photos labelled/ });
      await grid.getByRole('img').first().waitFor();
      expect(await grid.getByRole('listitem').count()).to.be.greaterThan(0);
      await expectAccessible(page, 'label media');
    });

    it('renames the album', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Albums' }).click();
      await page.getByRole('link', { name: new RegExp(albumName) }).click();
      await page.getByRole('button', { name: 'Rename' }).click();
      await page.getByLabel('Album name').fill('Summer 2026, Tasmania');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: 'Summer 2026, Tasmania', level: 1 }).waitFor();
    });

    it('made only requests the CloudFront content security policy in Terraform allows', () => {
      const csp = terraformCsp('prod');
      const site = 'https://photos.example.com';
      const web = new URL(stack.webUrl).origin;
      const moto = new URL(stack.stack.endpoint).origin;
      const { region } = stack.stack;
      const localOriginals = topologyFor(stack.stack.prefix).buckets.originals;
      // The originals bucket as Terraform names it in prod (modules/storage: <project>-<env>-originals-<account>).
      const awsOriginals = `photo-album-prod-originals-${PLACEHOLDER_ACCOUNT_ID}`;
      const checked: string[] = [];
      for (const request of requests) {
        const url = new URL(request.url);
        if (url.protocol === 'data:' || url.protocol === 'blob:' || request.type === 'document') continue;
        // Map each local origin to the AWS one it stands for.
        let aws: string;
        if (url.origin === web) aws = `${site}${url.pathname}`;
        else if (url.origin === moto && url.pathname.includes('/derived/')) aws = `${site}/derived/${url.pathname.split('/derived/')[1]}`;
        else if (url.origin === moto && request.method === 'POST' && url.pathname === '/') aws = `https://cognito-idp.${region}.amazonaws.com/`;
        else if (url.origin === moto && request.method === 'POST' && url.pathname.split('/')[1] === localOriginals) aws = `https://${awsOriginals}.s3.${region}.amazonaws.com/`;
        else if (url.origin === moto && request.method === 'OPTIONS') continue;
        else throw new Error(`a request the CSP mapping does not know: ${request.method} ${request.url}`);
        // The browser fetches the favicon as 'other'; CSP governs it with img-src.
        const type = request.type === 'other' && /\.(svg|png|ico)$/.test(url.pathname) ? 'image' : request.type;
        const directive = { fetch: 'connect-src', xhr: 'connect-src', image: 'img-src', media: 'media-src', script: 'script-src', stylesheet: 'style-src', font: 'font-src' }[type];
        if (!directive) throw new Error(`a ${request.type} request the check does not map to a CSP directive: ${request.method} ${request.url}`);
        expect(cspAllows(csp, directive, aws, site), `${directive} ${aws} (locally ${request.method} ${request.url})`).to.equal(true);
        checked.push(directive);
      }
      expect(checked).to.include.members(['connect-src', 'img-src', 'script-src', 'style-src']);
    });

    it('deletes the album after saying how many items go with it', async () => {
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Its 5 items will be deleted with it').waitFor();
      await dialog.getByRole('button', { name: 'Delete album' }).click();
      await page.getByRole('heading', { name: 'No albums yet' }).waitFor();
    });

    it('signs out, and stays signed out on reload', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    });
  });

  describe('at phone size', () => {
    let context: BrowserContext;
    let page: Page;
    before(async () => {
      context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      page = await context.newPage();
    });
    after(() => context?.close());

    const fitsTheScreen = async () => {
      const overflow = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth - (globalThis as unknown as PageGlobals).document.documentElement.clientWidth);
      expect(overflow, 'horizontal overflow in px').to.be.at.most(0);
    };

    it('signs in, creates an album and shows a photo without sideways scrolling or accessibility problems', async () => {
      await page.goto(stack.webUrl);
      await expectAccessible(page, 'sign-in (phone)');
      await fitsTheScreen();
      await signIn(page, stack.webUrl);
      await expectAccessible(page, 'albums (phone)');
      await createAlbum(page, 'Phone album');
      await page.getByLabel('Upload', { exact: true }).setInputFiles([fixture('images/exif/orientation_portrait_6.jpg')]);
      await page.getByRole('list', { name: 'Phone album photos and videos' }).getByRole('img').first().waitFor({ timeout: 120_000 });
      await fitsTheScreen();
      await expectAccessible(page, 'album (phone)');
      await page.getByRole('button', { name: /^Photo orientation_portrait_6/ }).click();
      const viewer = page.getByRole('dialog');
      await viewer.getByRole('img').waitFor();
      await expectAccessible(page, 'viewer (phone)');
      // A new upload lands at the top of the album; the open viewer stays on the photo it shows.
      await page.getByLabel('Upload', { exact: true }).setInputFiles([fixture('images/exif/orientation_landscape_3.jpg')]);
      await viewer.getByText('2 of 2').waitFor();
      expect(await viewer.locator('.viewer-title').innerText()).to.equal('orientation_portrait_6.jpg');
    });

    it('refreshes a session close to expiry silently, without asking for the password', async () => {
      await page.keyboard.press('Escape');
      // The stored ID token "expires" in a minute: on load the session must refresh it at once.
      await page.evaluate(() => {
        const { localStorage } = globalThis as unknown as { localStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null; setItem(k: string, v: string): void } };
        for (let i = 0; i < localStorage.length; i += 1) {
          const key = localStorage.key(i)!;
          if (!key.startsWith('photo-album:session:')) continue;
          const saved = JSON.parse(localStorage.getItem(key)!) as { tokens: { expiresAt: number } };
          saved.tokens.expiresAt = Date.now() + 60_000;
          localStorage.setItem(key, JSON.stringify(saved));
        }
      });
      const refreshed = page.waitForResponse((response) => response.request().method() === 'POST' && (response.request().postData() ?? '').includes('REFRESH_TOKEN_AUTH'));
      await page.reload();
      expect((await refreshed).status()).to.equal(200);
      await page.getByRole('heading', { name: 'Phone album', level: 1 }).waitFor();
      expect(await page.getByRole('dialog', { name: 'Your session has expired' }).count()).to.equal(0);
    });

    it('takes a 300-file drop, uploads it three files at a time, and cancels and retries single files', async () => {
      const albumUrl = page.url();
      // The queue lives in the page: after the reload above it starts empty, so the counts below are this drop's.
      expect(await page.getByRole('region', { name: 'Uploads' }).count()).to.equal(0);
      let inFlight = 0;
      let mostInFlight = 0;
      let issued = 0;
      // The API and S3 stand-ins answer at once, so the queue itself is what is measured, not 300 pipeline runs.
      await page.route('**/api/albums/*/uploads', async (route) => {
        issued += 1;
        const mediaId = `drop-${issued}`;
        await route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ mediaId, upload: { url: `${new URL(albumUrl).origin}/fake-s3/${mediaId}`, fields: { key: mediaId }, expiresAt: new Date(Date.now() + 900_000).toISOString() } }) });
      });
      await page.route('**/api/media/drop-*', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'not_found', message: 'media not found' } }) }));
      // In flight from the browser's side: a cancelled upload stops counting when the browser drops it.
      const isFakeS3 = (request: { url(): string }) => request.url().includes('/fake-s3/');
      const started = (request: { url(): string }) => {
        if (!isFakeS3(request)) return;
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
      };
      const ended = (request: { url(): string }) => {
        if (isFakeS3(request)) inFlight -= 1;
      };
      page.on('request', started);
      page.on('requestfinished', ended);
      page.on('requestfailed', ended);
      await page.route('**/fake-s3/**', async (route) => {
        const slow = route.request().url().endsWith('/drop-1');
        await new Promise((resolve) => setTimeout(resolve, slow ? 1500 : 20));
        await route.fulfill({ status: 204 }).catch(() => undefined);
      });
      await page.evaluate(() => {
        const { document, DataTransfer, File, DragEvent } = globalThis as unknown as DropGlobals;
        const data = new DataTransfer();
        for (let i = 0; i < 300; i += 1) data.items.add(new File([new Uint8Array(2048 + i)], `drop-${String(i).padStart(3, '0')}.jpg`, { type: 'image/jpeg' }));
        data.items.add(new File(['not a photo'], 'notes.txt', { type: 'text/plain' }));
        document.querySelector('.album-page')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      });
      const uploads = page.getByRole('region', { name: 'Uploads' });
      await uploads.getByText('This kind of file is not supported', { exact: false }).waitFor();
      expect(await uploads.getByRole('button', { name: 'Retry notes.txt' }).count(), 'a refused type offers no retry').to.equal(0);
      await uploads.getByRole('button', { name: 'Cancel drop-000.jpg' }).click();
      await uploads.getByRole('button', { name: 'Retry drop-000.jpg' }).click();
      await uploads.getByText('300 uploaded, 1 failed').waitFor({ timeout: 120_000 });
      page.off('request', started);
      page.off('requestfinished', ended);
      page.off('requestfailed', ended);
      expect(mostInFlight, 'uploads in flight at once').to.be.within(2, 3);
      await page.unroute('**/api/albums/*/uploads');
      await page.unroute('**/api/media/drop-*');
      await page.unroute('**/fake-s3/**');
      await uploads.getByRole('button', { name: 'Clear' }).click();
    });

    it('keeps the upload queue when the session expires, and finishes it after signing in again', async () => {
      const cognito = new URL(stack.stack.endpoint).origin;
      // The refresh token is refused (revoked or expired) and the API turns the old ID token away.
      await page.route(`${cognito}/`, async (route) => {
        if (route.request().postData()?.includes('REFRESH_TOKEN_AUTH')) {
          await route.fulfill({ status: 400, contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: 'NotAuthorizedException', message: 'Refresh Token has expired' }) });
        } else await route.continue();
      });
      let refused = 0;
      await page.route('**/api/albums/*/uploads', async (route) => {
        if (refused++ === 0) await route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unauthorized', message: 'no valid token' } }) });
        else await route.continue();
      });
      await page.getByLabel('Upload', { exact: true }).setInputFiles([fixture('images/exif/Nikon_D70.jpg')]);
      const dialog = page.getByRole('dialog', { name: 'Your session has expired' });
      await dialog.waitFor();
      expect(await page.getByRole('region', { name: 'Uploads' }).getByText('Nikon_D70.jpg').count()).to.equal(1);
      await page.unroute(`${cognito}/`);
      await dialog.getByLabel('Password').fill(PASSWORD);
      await dialog.getByRole('button', { name: 'Sign in' }).click();
      await dialog.waitFor({ state: 'detached' });
      const grid = page.getByRole('list', { name: 'Phone album photos and videos' });
      await grid.getByRole('img', { name: /Nikon_D70/ }).waitFor({ timeout: 120_000 });
      expect(await grid.getByRole('img').count()).to.equal(3);
    });
  });
});
