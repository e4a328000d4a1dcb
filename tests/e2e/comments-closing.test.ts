import type { Page } from '@playwright/test';
import { test, expect, signInAs, countRows, FIRST_STORY_SLUG, type TestSite } from './site.ts';

/** The fixture story whose front matter leaves `comments` out. */
const FERRY = 'harbour-ferry-keeps-winter-timetable';
const FERRY_PUBLISHED = Date.parse('2026-11-12T07:00:00Z') / 1000;
const DAY = 24 * 60 * 60;
// Open today, closed once the test moves the server's clock two days on.
const closeAfterDays = Math.ceil((Date.now() / 1000 - FERRY_PUBLISHED) / DAY) + 1;
const closesOn = new Date((FERRY_PUBLISHED + closeAfterDays * DAY) * 1000).toLocaleDateString('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const closedNotice = `Comments closed on ${closesOn}, ${closeAfterDays} days after this story was published.`;

test.use({ serverEnv: { COMMENTS_CLOSE_AFTER_DAYS: String(closeAfterDays), COMMENT_INTERVAL_SECONDS: '0' } });

async function postJson(
  page: Page,
  site: TestSite,
  story: string,
  body: string,
): Promise<{ status: number; body: unknown }> {
  const response = await page.request.post('/api/comments', {
    headers: { Origin: site.url.replace(/\/$/, ''), 'Content-Type': 'application/json' },
    data: JSON.stringify({ story, body }),
  });
  return { status: response.status(), body: await response.json() };
}

test('a story without a comments setting closes COMMENTS_CLOSE_AFTER_DAYS after publishing, and the server refuses posts', async ({
  page,
  site,
}) => {
  await signInAs(site, page.context(), 'ferry_reader');
  await page.goto(`/articles/${FERRY}/`);
  const section = page.locator('#comments');
  await expect(section.getByLabel('Comment', { exact: true })).toBeVisible();
  expect(await postJson(page, site, FERRY, 'Posted while open.')).toMatchObject({ status: 201 });

  site.clock.advance(2 * DAY);
  await page.reload();
  await expect(section.getByText(closedNotice)).toBeVisible();
  await expect(section.getByText('Posted while open.')).toBeVisible();
  await expect(section.getByLabel('Comment', { exact: true })).toHaveCount(0);
  expect(await postJson(page, site, FERRY, 'Posted after closing.')).toEqual({
    status: 403,
    body: { error: 'comments-closed', message: 'Comments are closed on this story.' },
  });
  expect(await countRows(site, 'comments')).toBe(1);

  // Its front matter says `comments: open`, which wins at any age.
  expect(await postJson(page, site, FIRST_STORY_SLUG, 'The first story stays open.')).toMatchObject({ status: 201 });
});

test('a signed-out reader sees the closed notice from the shared section too', async ({ page, site }) => {
  // The first read while open puts the story in the server's own fast path (server.ts).
  await page.goto(`/articles/${FERRY}/`);
  await expect(
    page.locator('#comments').getByText('Sign in or create an account to join the discussion.'),
  ).toBeVisible();
  site.clock.advance(2 * DAY);
  await page.reload();
  await expect(page.locator('#comments').getByText(closedNotice)).toBeVisible();
  await expect(page.locator('#comments').getByRole('link', { name: 'Sign in' })).toHaveCount(0);
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('a form posted after the closing time is refused with a 403 and the page says when comments closed', async ({
    page,
    site,
  }) => {
    await signInAs(site, page.context(), 'late_reader');
    const commentsPath = `/articles/${FERRY}/comments/`;
    await page.goto(commentsPath);
    await expect(page.getByLabel('Comment', { exact: true })).toBeVisible();
    site.clock.advance(2 * DAY);
    // The form from before the closing time, posted after it.
    await page.getByLabel('Comment', { exact: true }).fill('Too late for this one.');
    const [response] = await Promise.all([
      page.waitForResponse((answer) => answer.request().method() === 'POST'),
      page.getByRole('button', { name: 'Post comment' }).click(),
    ]);
    expect(response.status()).toBe(403);
    await expect(page.getByText(closedNotice)).toBeVisible();
    await expect(page.getByLabel('Comment', { exact: true })).toHaveCount(0);
    expect(await countRows(site, 'comments')).toBe(0);
  });
});
