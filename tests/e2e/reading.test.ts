import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, xmlTexts, FIRST_STORY_SLUG } from './site.ts';

const seedLines = readFileSync(resolve(import.meta.dirname, '../fixtures/first-story.txt'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '');
const headline = seedLines[0] ?? '';
const paragraphs = seedLines.slice(1, -1);
/** The fixture's published stories, newest first (tests/fixtures/site/README.md). */
const publishedStories = [
  { slug: FIRST_STORY_SLUG, headline },
  { slug: 'council-approves-new-budget', headline: 'Council Approves New Budget After Late-Night Session' },
  { slug: 'floods-close-coastal-road', headline: 'Floods Close the Coastal Road for a Second Week' },
  { slug: 'harbour-reopens-after-repairs', headline: 'Harbour Reopens After a Year of Repairs' },
  { slug: 'offshore-wind-farm-approved', headline: 'Offshore Wind Farm Approved Despite Fishing Fleet Objections' },
  { slug: 'harbour-ferry-keeps-winter-timetable', headline: 'Harbour Ferry Keeps Its Winter Timetable Into Spring' },
  { slug: 'harbour-ferry-returns-after-repairs', headline: 'Harbour Ferry Returns After a Month of Repairs' },
  { slug: 'why-the-market-must-stay', headline: 'Why the Covered Market Must Stay Where It Is' },
];

/** Typography turns straight quotes into curly ones; the words must be the seed's, exactly. */
function straightQuotes(text: string): string {
  return text.replace(/[“”]/g, '"').replace(/[‘’]/g, "'");
}

async function readStoryFromFrontPage(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: headline }).first().click();
  await expect(page).toHaveURL(new RegExp(`/articles/${FIRST_STORY_SLUG}/$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(headline);
  const bodyText = (await page.locator('.story-body > p').allTextContents()).map(straightQuotes);
  expect(bodyText).toEqual(paragraphs);
}

test('a reader follows the lead story from the front page and reads every paragraph', async ({ page }) => {
  expect(paragraphs).toHaveLength(7);
  await readStoryFromFrontPage(page);
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.locator('.story-header time')).toHaveAttribute('datetime', '2026-11-26T00:00:00.000Z');
  await expect(page.locator('.byline')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Add new comment' })).toBeVisible();
  expect(paragraphs.some((paragraph) => paragraph.includes('Add new comment'))).toBe(false);
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('the story still reads in full', async ({ page }) => {
    await readStoryFromFrontPage(page);
  });
});

test('the quotes in the story are set as quotations', async ({ page }) => {
  await page.goto(`/articles/${FIRST_STORY_SLUG}/`);
  await expect(page.locator('.story-body blockquote')).toContainText('This is a clear breach of trust');
});

test('the story carries canonical, Open Graph and NewsArticle metadata', async ({ page }) => {
  await page.goto(`/articles/${FIRST_STORY_SLUG}/`);
  const canonical = `http://127.0.0.1:4321/articles/${FIRST_STORY_SLUG}/`;
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', canonical);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', headline);
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute('content', 'article');
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
  const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
  expect(jsonLd).toMatchObject({
    '@type': 'NewsArticle',
    headline,
    datePublished: '2026-11-26T00:00:00.000Z',
    url: canonical,
  });
  expect(jsonLd.author).toBeUndefined();
});

test('section and tag pages list the story', async ({ page }) => {
  await page.goto('/sections/technology/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Technology');
  await expect(page.getByRole('link', { name: headline })).toBeVisible();
  await page.goto(`/articles/${FIRST_STORY_SLUG}/`);
  await page.getByRole('link', { name: 'Cybersecurity' }).click();
  await expect(page.getByRole('link', { name: headline })).toBeVisible();
});

test('an unknown address answers 404 with a page that leads back', async ({ page }) => {
  const response = await page.goto('/no-such-story/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We could not find that page');
  await expect(page.getByRole('link', { name: 'front page' })).toBeVisible();
});

for (const [name, path] of [
  ['the front page', '/'],
  ['a story page', `/articles/${FIRST_STORY_SLUG}/`],
  ['a tag page', '/tags/artificial-intelligence/'],
  ['an author page', '/authors/ada-reporter/'],
  ['the archive', '/archive/2026/11/'],
  ['a section front', '/sections/world/'],
  ['the 404 page', '/no-such-page/'],
  ['the comments page', `/articles/${FIRST_STORY_SLUG}/comments/`],
  ['the sign-in page', '/login/'],
  ['the sign-up page', '/signup/'],
  ['the search page with results', '/search/?q=ferry'],
] as const) {
  test(`axe finds no accessibility violations on ${name}`, async ({ page }) => {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });
}

test('the RSS feed and the sitemap parse and list the published stories, newest first', async ({ page, request }) => {
  const storyUrls = publishedStories.map(({ slug }) => `http://127.0.0.1:4321/articles/${slug}/`);
  await page.goto('/');
  const rss = await request.get('/rss.xml');
  expect(rss.status()).toBe(200);
  const feed = await rss.text();
  expect(await xmlTexts(page, feed, 'item > title')).toEqual(publishedStories.map((story) => story.headline));
  expect(await xmlTexts(page, feed, 'item > link')).toEqual(storyUrls);
  const index = await (await request.get('/sitemap-index.xml')).text();
  expect(await xmlTexts(page, index, 'sitemap > loc')).toEqual(['http://127.0.0.1:4321/sitemap-0.xml']);
  const sitemap = await (await request.get('/sitemap-0.xml')).text();
  const locations = await xmlTexts(page, sitemap, 'url > loc');
  for (const url of storyUrls) expect(locations).toContain(url);
  expect(locations?.filter((url) => url.includes('/articles/'))).toHaveLength(storyUrls.length);
});
