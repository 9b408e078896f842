/**
 * `npm run -s screenshots [-- --out docs/screenshots]`: PNG screenshots of the web app's main
 * screens at phone and desktop sizes, from the running `make dev` stack. It signs in as the user
 * `demo` (made, or re-keyed, by the user command), fills an album through the real upload control
 * when it is not there yet, waits for every item to settle, then photographs each screen.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import type { Browser, Page } from 'playwright-core';

import { readLocalStack } from '../../src/cli/stack-target.js';
import { projectRoot } from '../../src/local/paths.js';
import { DESKTOP, launchBrowser, PHONE } from '../../test/support/browser.js';
import { fixture } from '../../test/support/fixtures.js';
import type { PageGlobals, PageImage } from '../../test/support/in-page.js';

const USER = 'demo';
const PASSWORD = 'Demo-album-2026';
const ALBUMS: Record<string, string[]> = {
  'Tasmania, summer 2026': [
    'images/exif/orientation_landscape_1.jpg',
    'images/exif/gps_DSCN0010.jpg',
    'images/exif/orientation_portrait_1.jpg',
    'images/exif/gps_DSCN0021.jpg',
    'images/exif/Canon_40D.jpg',
    'images/exif/heic_IMG_5195.HEIC',
    'images/exif/Nikon_D70.jpg',
    'images/exif/tiff_BSG1.tiff',
    'images/pngsuite/basn6a16.png',
    'images/exif/corrupted.jpg',
  ],
  'Garden': ['images/exif/gps_DSCN0021.jpg', 'images/exif/orientation_landscape_3.jpg'],
};

const say = (line: string) => process.stderr.write(`screenshots: ${line}\n`);

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Username').fill(USER);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Albums', level: 1 }).waitFor();
}

async function settled(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelectorAll('.media-grid .tile').length > 0 && (globalThis as unknown as PageGlobals).document.querySelectorAll('.media-grid .tile-pending').length === 0, undefined, { timeout: timeoutMs });
  await page.waitForFunction(() => [...(globalThis as unknown as PageGlobals).document.querySelectorAll('img')].every((image) => image.complete));
}

async function fillAlbums(page: Page, url: string, videoFile: string): Promise<void> {
  for (const [name, files] of Object.entries(ALBUMS)) {
    await page.goto(url);
    await page.getByRole('heading', { name: 'Albums', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    if ((await page.getByRole('link', { name: new RegExp(`^${name}`) }).count()) > 0) continue;
    say(`creating album "${name}" with ${files.length + (name === 'Garden' ? 0 : 1)} files`);
    await page.getByRole('button', { name: 'New album' }).first().click();
    await page.getByLabel('Album name').fill(name);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByLabel('Upload', { exact: true }).setInputFiles([...files.map(fixture), ...(name === 'Garden' ? [] : [videoFile])]);
    await settled(page, 300_000);
  }
}

async function shoot(browser: Browser, url: string, outDir: string, size: 'desktop' | 'phone'): Promise<string[]> {
  const context = await browser.newContext(size === 'phone' ? { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport: DESKTOP });
  const page = await context.newPage();
  const written: string[] = [];
  const capture = async (screen: string) => {
    const file = join(outDir, `${size}-${screen}.png`);
    await page.screenshot({ path: file });
    written.push(file);
  };
  await page.goto(url);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await capture('sign-in');
  await signIn(page, url);
  await page.locator('.album-list img').first().waitFor();
  await page.waitForFunction(() => [...(globalThis as unknown as PageGlobals).document.querySelectorAll('img')].every((image) => image.complete));
  await capture('albums');
  const album = Object.keys(ALBUMS)[0]!;
  await page.getByRole('link', { name: new RegExp(`^${album}`) }).click();
  await settled(page, 60_000);
  // The album's name and count arrive after its first page of media; the picture shows them.
  await page.getByRole('heading', { name: album, level: 1 }).waitFor();
  await capture('album');
  await page.getByRole('button', { name: /^Photo orientation_landscape_1/ }).click();
  await page.getByRole('dialog').getByRole('img').waitFor();
  await page.waitForFunction(() => [...(globalThis as unknown as PageGlobals).document.querySelectorAll('dialog img')].every((image) => (image as unknown as PageImage).complete));
  await capture('viewer');
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Labels' }).click();
  await page.locator('.label-cloud a').first().waitFor();
  await capture('labels');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Timeline', exact: true }).click();
  await page.locator('.timeline-main img').first().waitFor();
  await page.waitForFunction(() => [...(globalThis as unknown as PageGlobals).document.querySelectorAll('img')].every((image) => image.complete));
  await capture('timeline');
  await context.close();
  return written;
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string', default: join(projectRoot, 'docs', 'screenshots') } }, strict: true });
  const outDir = resolve(values.out!);
  mkdirSync(outDir, { recursive: true });
  const stack = readLocalStack();
  const url = `${stack.apiUrl ?? 'http://127.0.0.1:3000'}/`;
  const created = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/cli/user-main.ts'), 'create', USER, '--password', PASSWORD], { encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`user create ${USER} failed: ${created.stderr}`);
  const scratch = mkdtempSync(join(tmpdir(), 'screenshots-'));
  const videoFile = join(scratch, 'Harbour at dusk.mp4');
  execFileSync('ffmpeg', ['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=duration=3:size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', videoFile]);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    await signIn(page, url);
    await fillAlbums(page, url, videoFile);
    await context.close();
    for (const size of ['desktop', 'phone'] as const) {
      for (const file of await shoot(browser, url, outDir, size)) process.stdout.write(`${file}\n`);
    }
  } finally {
    await browser.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`screenshots: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
