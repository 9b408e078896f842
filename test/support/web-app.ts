/**
 * What the browser tests of the web app do again and again: make a user on a dev stack, sign in,
 * check a screen with axe, keep a screenshot. Each test file names its own user.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { expect } from 'chai';
import type { Page } from 'playwright-core';

import { describeViolations, seriousViolations } from './browser.js';
import type { DevStack } from './dev-stack.js';
import type { PageGlobals } from './in-page.js';

export interface WebUser {
  readonly username: string;
  readonly password: string;
}

/** The user, made through the same command an operator uses. */
export function createWebUser(stack: DevStack, user: WebUser): void {
  const created = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/user-main.ts', 'create', user.username, '--password', user.password], {
    env: { ...process.env, LOCAL_STACK_FILE: stack.stackFile },
    encoding: 'utf8',
  });
  expect(created.status, created.stderr).to.equal(0);
}

export async function signIn(page: Page, url: string, user: WebUser): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Albums', level: 1 }).waitFor();
}

export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${screen}: serious or critical axe violations\n${describeViolations(violations)}`).to.deep.equal([]);
}

/** A screenshot once every image on the page has loaded, named in the log so a person can look at it. */
export async function screenshot(page: Page, directory: string, name: string): Promise<void> {
  await page.waitForFunction(() => [...(globalThis as unknown as PageGlobals).document.querySelectorAll('img')].every((image) => image.complete));
  const path = join(directory, `${name}.png`);
  await page.screenshot({ path });
  console.log(`      screenshot: ${path}`);
}

export async function createAlbum(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'New album' }).first().click();
  await page.getByLabel('Album name').fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

export const albumGrid = (page: Page, album: string) => page.getByRole('list', { name: `${album} photos and videos` });
export const mainNav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

/** No sideways scrolling: the page is no wider than the screen. */
export async function fitsTheScreen(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth - (globalThis as unknown as PageGlobals).document.documentElement.clientWidth);
  expect(overflow, 'horizontal overflow in px').to.be.at.most(0);
}

/** Waits until `probe` holds: for a page that reloads in place, where no single element appears. */
export async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
