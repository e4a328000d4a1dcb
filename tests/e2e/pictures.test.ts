/**
 * The fixture's pages with pictures, as a reader's browser sees them: nothing scrolls sideways at
 * any width from a small phone to a laptop, every picture has a size, and every story shares an
 * image and names its authors with their pages.
 */
import { test, expect, FIRST_STORY_SLUG } from './site.ts';

const STORIES = [
  FIRST_STORY_SLUG,
  'council-approves-new-budget',
  'floods-close-coastal-road',
  'harbour-reopens-after-repairs',
  'offshore-wind-farm-approved',
  'why-the-market-must-stay',
];
const PAGES = [
  '/',
  '/sections/world/',
  '/archive/',
  '/archive/2026/11/',
  '/authors/ada-reporter/',
  ...STORIES.map((slug) => `/articles/${slug}/`),
];

test('no page scrolls sideways from 320 to 1280 px, and every picture has its width and height', async ({ page }) => {
  test.setTimeout(120_000);
  for (const width of [320, 375, 768, 1024, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const path of PAGES) {
      await page.goto(path);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, `${path} at ${width} px`).toBeLessThanOrEqual(width);
      const unsized = await page.locator('main img:not([width][height])').count();
      expect(unsized, `${path}: pictures without width and height`).toBe(0);
    }
  }
});

test('the front page leads with a picture loaded first, and the top stories with pictures loaded lazily', async ({
  page,
}) => {
  await page.goto('/');
  const lead = page.locator('.lead-story img');
  await expect(lead).toHaveAttribute('fetchpriority', 'high');
  await expect(lead).toHaveAttribute('loading', 'eager');
  await expect(page.locator('.top-stories img')).toHaveCount(3);
  for (const image of await page.locator('.top-stories img').all())
    await expect(image).toHaveAttribute('loading', 'lazy');
  expect(await lead.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
});

for (const slug of STORIES) {
  test(`${slug} shares an image, and its JSON-LD has images and authors with pages`, async ({ page, request }) => {
    await page.goto(`/articles/${slug}/`);
    const ogImage = await page.locator('meta[property="og:image"]').getAttribute('content');
    expect(ogImage).toMatch(/^http:\/\/127\.0\.0\.1:4321\/.+\.(jpg|png)$/);
    expect((await request.get(new URL(ogImage ?? '').pathname)).status()).toBe(200);
    await expect(page.locator('meta[property="og:image:alt"]')).toHaveAttribute('content', /\w/);
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(jsonLd.image).toHaveLength(3);
    const bylineLinks = await page.locator('.story-header .byline a').count();
    expect(jsonLd.author ?? []).toHaveLength(bylineLinks);
    for (const author of jsonLd.author ?? []) {
      expect(author.url).toMatch(/^http:\/\/127\.0\.0\.1:4321\/authors\/[a-z-]+\/$/);
      expect((await request.get(new URL(author.url).pathname)).status()).toBe(200);
    }
  });
}

test('a byline leads to the author, whose page leads to their other stories', async ({ page }) => {
  await page.goto('/articles/floods-close-coastal-road/');
  await page.locator('.story-header .byline').getByRole('link', { name: 'Ada Reporter' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ada Reporter');
  await page.getByRole('link', { name: 'Council Approves New Budget After Late-Night Session' }).click();
  await expect(page).toHaveURL(/\/articles\/council-approves-new-budget\/$/);
});

test('at 1280 px the lead fills the width, picture beside its words, and its section label is as big as any', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  const picture = await page.locator('.lead-story img').boundingBox();
  const heading = await page.locator('.lead-story h2').boundingBox();
  const main = await page.locator('main').boundingBox();
  expect(picture !== null && heading !== null && main !== null).toBe(true);
  if (picture === null || heading === null || main === null) return;
  expect(picture.x + picture.width).toBeLessThanOrEqual(heading.x);
  expect(heading.x + heading.width).toBeGreaterThan(main.x + main.width * 0.85);
  const size = (selector: string): Promise<number> =>
    page
      .locator(selector)
      .first()
      .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  expect(await size('.top-stories .kicker')).toBe(await size('.lead-story .kicker'));
  expect(await size('.latest .kicker')).toBe(await size('.lead-story .kicker'));
});
