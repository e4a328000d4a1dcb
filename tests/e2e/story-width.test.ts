/**
 * A story's text never makes the page wider than the screen: tests/fixtures/wide-story holds a
 * story with an 800 px image, a wide table, a long line of code, a long address and an 800 px
 * embed, built on its own and served from its build folder.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { ensureBuild } from '../../src/server/build/ensure-build.ts';
import { TEST_DIST_DIR, TEST_SITE_ORIGIN } from './site.ts';

const PROJECT_DIR = resolve(import.meta.dirname, '../..');
const CONTENT_DIR = resolve(import.meta.dirname, '../fixtures/wide-story');
const DIST_DIR = `${TEST_DIST_DIR}-wide-story`;
const STATIC_DIR = join(DIST_DIR, 'client');
const STORY_PATH = '/articles/wide-things/';

// One worker builds the fixture once.
test.describe.configure({ mode: 'serial' });

test.beforeAll(() => {
  test.setTimeout(10 * 60_000);
  if (!ensureBuild(PROJECT_DIR, DIST_DIR, TEST_SITE_ORIGIN, CONTENT_DIR)) throw new Error('The fixture did not build.');
});

/** Answers the page's requests from the build folder, as the server's static files would. */
async function serveBuild(page: Page): Promise<void> {
  await page.route(`${TEST_SITE_ORIGIN}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname.startsWith('/api/')) return route.fulfill({ status: 404, json: { error: 'none' } });
    let file = join(STATIC_DIR, decodeURIComponent(pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(STATIC_DIR) || !existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ path: file });
  });
}

for (const width of [320, 375]) {
  test(`at ${width} px the page is as wide as the screen and everything in the story fits its column`, async ({
    page,
  }) => {
    await serveBuild(page);
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`${TEST_SITE_ORIGIN}${STORY_PATH}`, { waitUntil: 'load' });
    const body = page.locator('.story-body');
    expect(await body.locator('img').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(800);

    const widths = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths).toEqual({ document: width, viewport: width });

    const column = await body.boundingBox();
    if (column === null) throw new Error('no story body');
    for (const selector of [
      'img',
      '.table-scroll, table',
      'pre',
      'code',
      'a[href^="https://example.org/"]',
      'iframe',
    ]) {
      const box = await body.locator(selector).first().boundingBox();
      expect(box, selector).not.toBeNull();
      expect(Math.round((box?.x ?? 0) + (box?.width ?? 0)), selector).toBeLessThanOrEqual(
        Math.round(column.x + column.width),
      );
    }
    // The table and the code keep their width and scroll inside the column.
    for (const selector of ['.table-scroll', 'pre']) {
      const overflow = await body
        .locator(selector)
        .first()
        .evaluate((element) => element.scrollWidth > element.clientWidth);
      expect(overflow, selector).toBe(true);
    }
  });
}

test('axe finds no violations in the story with wide things on a phone', async ({ page }) => {
  await serveBuild(page);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`${TEST_SITE_ORIGIN}${STORY_PATH}`, { waitUntil: 'load' });
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
});
