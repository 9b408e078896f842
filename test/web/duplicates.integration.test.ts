/**
 * Duplicate uploads in a real browser against the whole local system `make dev` runs: a photo the
 * person already has, dropped on another album, is not uploaded again; the upload list says where
 * it is and offers to move it here, and dropped on its own album it just says so. axe-core checks
 * the upload list with the prompt; screenshots go to SCREENSHOT_DIR.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expect } from 'chai';
import type { Browser, Page, Request } from 'playwright-core';

import { topologyFor } from '../../src/shared/topology.js';
import { DESKTOP, launchBrowser } from '../support/browser.js';
import { startDevStack, type DevStack } from '../support/dev-stack.js';
import { fixture } from '../support/fixtures.js';
import { albumGrid, createAlbum, createWebUser, expectAccessible, mainNav, screenshot, signIn } from '../support/web-app.js';

const USER = { username: 'duplicate-tester', password: 'Browser-test-pw-5' };
const BEACH = 'Beach';
const FAVOURITES = 'Favourites';
const PHOTO = 'gps_DSCN0010.jpg';
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'duplicates-screenshots');

describe('duplicate uploads in a real browser: caught before upload, and moved here on request', function () {
  this.timeout(900_000);
  let stack: DevStack;
  let browser: Browser;
  let page: Page;
  /** Every POST of a file to the originals bucket the page made. */
  const storagePosts: Request[] = [];

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startDevStack();
    createWebUser(stack, USER);
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: DESKTOP, locale: 'en-US' })).newPage();
    const originals = topologyFor(stack.stack.prefix).buckets.originals;
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.startsWith(`/${originals}`)) storagePosts.push(request);
    });
    await signIn(page, stack.webUrl, USER);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const uploads = () => page.getByRole('region', { name: 'Uploads' });
  const upload = (file: string) => page.getByLabel('Upload', { exact: true }).setInputFiles([fixture(`images/exif/${file}`)]);

  it('uploads a photo once', async () => {
    await createAlbum(page, BEACH);
    await upload(PHOTO);
    await albumGrid(page, BEACH).getByRole('img').first().waitFor({ timeout: 120_000 });
    expect(storagePosts).to.have.length(1);
    await uploads().getByRole('button', { name: 'Clear' }).click();
  });

  it('says where the photo already is when it is dropped on another album, uploads nothing, and moves it here on request', async () => {
    await mainNav(page, 'Albums').click();
    await createAlbum(page, FAVOURITES);
    await upload(PHOTO);
    await uploads().getByText(`You already have this file in “${BEACH}”: not uploaded again.`).waitFor();
    await uploads().getByRole('heading', { name: '1 already uploaded' }).waitFor();
    expect(storagePosts, 'no second upload to storage').to.have.length(1);
    expect(await albumGrid(page, FAVOURITES).getByRole('listitem').count()).to.equal(0);
    await expectAccessible(page, 'upload list with a duplicate');
    await screenshot(page, SCREENSHOTS, 'desktop-duplicate-prompt');

    await uploads().getByRole('button', { name: `Move here: ${PHOTO}, from ${BEACH}` }).click();
    await uploads().getByText(`Moved here from ${BEACH}.`).waitFor();
    await albumGrid(page, FAVOURITES).getByRole('img').first().waitFor();
    expect(await albumGrid(page, FAVOURITES).getByRole('button', { name: `Photo ${PHOTO}` }).count()).to.equal(1);
    await expectAccessible(page, 'upload list after a move');
    await screenshot(page, SCREENSHOTS, 'desktop-duplicate-moved');

    await mainNav(page, 'Albums').click();
    await page.getByRole('link', { name: new RegExp(`^${BEACH}`) }).click();
    await page.getByRole('heading', { name: BEACH, level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'This album is empty', level: 2 }).waitFor();
  });

  it('says so, with nothing to move, when the photo is dropped on the album it is in', async () => {
    await mainNav(page, 'Albums').click();
    await page.getByRole('link', { name: new RegExp(`^${FAVOURITES}`) }).click();
    await page.getByRole('heading', { name: FAVOURITES, level: 1 }).waitFor();
    await uploads().getByRole('button', { name: 'Clear' }).click();
    await upload(PHOTO);
    await uploads().getByText('Already in this album: not uploaded again.').waitFor();
    expect(await uploads().getByRole('button', { name: /^Move here/ }).count()).to.equal(0);
    expect(storagePosts).to.have.length(1);
    expect(await albumGrid(page, FAVOURITES).getByRole('listitem').count()).to.equal(1);
  });
});
