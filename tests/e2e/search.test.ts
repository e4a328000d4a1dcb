import {
  CONTENT_SECURITY_POLICY,
  SEARCH_WORKER_CONTENT_SECURITY_POLICY,
} from '../../src/server/http/security-headers.ts';
import { test, expect, FIRST_STORY_SLUG } from './site.ts';

const ferry = 'Harbour Ferry Returns After a Month of Repairs';

test('a reader finds a story by a word of its body, and nothing leaves the site', async ({ page, site }) => {
  const offSite: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(site.url)) offSite.push(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));

  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Search' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
  await expect(page.getByText('Searching needs JavaScript')).toBeHidden();
  await page.getByRole('searchbox', { name: 'Search the stories' }).fill('propeller');
  const results = page.locator('.search-results');
  await expect(results.getByRole('link', { name: ferry })).toBeVisible();
  await expect(results.locator('mark')).toHaveText(['propeller']);
  await expect(page.getByRole('status')).toHaveText('1 story matches “propeller”.');
  await expect(page).toHaveURL(/\/search\/\?q=propeller$/);

  await results.getByRole('link', { name: ferry }).click();
  await expect(page).toHaveURL(/\/articles\/harbour-ferry-returns-after-repairs\/$/);
  await page.goBack();
  await expect(page.getByRole('searchbox', { name: 'Search the stories' })).toHaveValue('propeller');
  await expect(page.locator('.search-results').getByRole('link', { name: ferry })).toBeVisible();

  expect(offSite).toEqual([]);
  expect(problems).toEqual([]);
});

test('navigation, footers and comments are not indexed', async ({ page }) => {
  await page.goto('/search/?q=RSS');
  await expect(page.getByRole('status')).toHaveText('No story matches “RSS”.');
  await page.getByRole('searchbox', { name: 'Search the stories' }).fill('discussion');
  await expect(page.getByRole('status')).toHaveText('No story matches “discussion”.');
});

test('only the search worker may compile WebAssembly, and other pages ship no search script', async ({
  page,
  request,
}) => {
  const worker = await request.get('/pagefind/pagefind-worker.js');
  expect(worker.headers()['content-security-policy']).toBe(SEARCH_WORKER_CONTENT_SECURITY_POLICY);
  for (const path of [
    '/search/',
    '/',
    `/articles/${FIRST_STORY_SLUG}/`,
    '/about/',
    '/no-such-page/',
    '/pagefind/pagefind.js',
  ]) {
    expect((await request.get(path)).headers()['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
  }
  await page.goto(`/articles/${FIRST_STORY_SLUG}/`);
  const scripts = await page
    .locator('script[src]')
    .evaluateAll((elements) => elements.map((element) => element.getAttribute('src')));
  expect(scripts).toEqual(['/scripts/site.js']);
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('the search page says search needs JavaScript and links to the archive', async ({ page }) => {
    await page.goto('/search/');
    await expect(page.getByText('Searching needs JavaScript')).toBeVisible();
    await expect(page.locator('main').getByRole('link', { name: 'archive' })).toHaveAttribute('href', '/archive/');
    await expect(page.getByRole('searchbox')).toHaveCount(0);
  });
});
