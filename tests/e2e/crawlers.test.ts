import { test, expect, xmlTexts, FIRST_STORY_SLUG } from './site.ts';

const storyPath = `/articles/${FIRST_STORY_SLUG}/`;
const origin = 'http://127.0.0.1:4321';

test('robots.txt keeps crawlers from the account pages and names both sitemaps, which parse', async ({
  page,
  request,
}) => {
  await page.goto('/');
  const robots = await request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  expect(robots.headers()['content-type']).toContain('text/plain');
  const lines = (await robots.text()).split('\n');
  for (const path of ['/api/', '/login', '/signup', '/account', '/moderation']) {
    expect(lines).toContain(`Disallow: ${path}`);
  }
  const sitemaps = lines.filter((line) => line.startsWith('Sitemap: ')).map((line) => line.slice('Sitemap: '.length));
  expect(sitemaps).toEqual([`${origin}/sitemap-index.xml`, `${origin}/news-sitemap.xml`]);

  const index = await (await request.get('/sitemap-index.xml')).text();
  expect(await xmlTexts(page, index, 'sitemap > loc')).toEqual([`${origin}/sitemap-0.xml`]);
  const sitemap = await (await request.get('/sitemap-0.xml')).text();
  const floods = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'application/xml');
    const url = [...doc.querySelectorAll('url')].find((entry) =>
      entry.querySelector('loc')?.textContent?.endsWith('/articles/floods-close-coastal-road/'),
    );
    return url?.querySelector('lastmod')?.textContent ?? null;
  }, sitemap);
  expect(floods, 'lastmod is the story’s updatedAt').toBe('2026-11-19T08:00:00.000Z');
  expect((await xmlTexts(page, sitemap, 'url > loc'))?.some((url) => /\/(login|signup|account)\//.test(url))).toBe(
    false,
  );

  const news = await request.get('/news-sitemap.xml');
  expect(news.status()).toBe(200);
  const namespace = await page.evaluate(
    (source) => {
      const doc = new DOMParser().parseFromString(source, 'application/xml');
      return doc.querySelector('parsererror') === null ? doc.documentElement.getAttribute('xmlns:news') : null;
    },
    await news.text(),
  );
  expect(namespace).toBe('http://www.google.com/schemas/sitemap-news/0.9');
});

test('the account links lead back to the story however often a reader switches between them', async ({ page }) => {
  await page.goto(storyPath);
  const nav = page.getByRole('navigation', { name: 'Account' });
  await expect(nav.getByRole('link', { name: 'Sign in' })).toHaveAttribute('rel', 'nofollow');
  await nav.getByRole('link', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  for (let round = 0; round < 3; round += 1) {
    await nav.getByRole('link', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: 'Create account' })).toBeVisible();
    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  }
  expect(new URL(page.url()).search).toBe(`?return_to=${encodeURIComponent(storyPath)}`);
  for (const link of await page.locator('a[href*="return_to"]').all()) {
    const href = (await link.getAttribute('href')) ?? '';
    expect(decodeURIComponent(href.split('return_to=')[1] ?? '')).toBe(storyPath);
  }
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test("a sign-in page's own links carry its return path, not its address", async ({ page }) => {
    await page.goto(`/login/?return_to=${encodeURIComponent(`/signup/?return_to=${encodeURIComponent(storyPath)}`)}`);
    const nav = page.getByRole('navigation', { name: 'Account' });
    await expect(nav.getByRole('link', { name: 'Create account' })).toHaveAttribute(
      'href',
      `/signup/?return_to=${encodeURIComponent(storyPath)}`,
    );
    await expect(page.locator('input[name="return_to"]')).toHaveValue(storyPath);
  });
});

test('a page has one address: the spelling without its trailing slash answers 301', async ({ request }) => {
  for (const [from, to] of [
    ['/login', '/login/'],
    ['/signup?return_to=%2F', '/signup/?return_to=%2F'],
    ['/about', '/about/'],
    [storyPath.slice(0, -1), storyPath],
  ] as const) {
    const answer = await request.get(from, { maxRedirects: 0 });
    expect(answer.status(), from).toBe(301);
    expect(answer.headers()['location'], from).toBe(to);
  }
});

test('the 404 page names no canonical address', async ({ page }) => {
  const answer = await page.goto('/no-such-page/');
  expect(answer?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'We could not find that page' })).toBeVisible();
  await expect(page.locator('link[rel="canonical"]')).toHaveCount(0);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
});
