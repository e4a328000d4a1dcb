import type { Page } from '@playwright/test';
import { test, expect, signInAs, FIRST_STORY_SLUG } from './site.ts';

const storyPath = `/articles/${FIRST_STORY_SLUG}/`;
const commentsPath = `${storyPath}comments/`;

function accountNav(page: Page): ReturnType<Page['getByRole']> {
  return page.getByRole('navigation', { name: 'Account' });
}

test('a moderator sees Moderation on a prerendered story page once site.js has run', async ({ page, site }) => {
  await signInAs(site, page.context(), 'mod_on_story', 'moderator');
  const prerendered = await (await page.request.get(storyPath)).text();
  expect(prerendered).not.toContain('/moderation/');
  await page.goto(storyPath);
  await expect(accountNav(page).getByRole('link', { name: 'mod_on_story' })).toBeVisible();
  await expect(accountNav(page).getByRole('link', { name: 'Moderation' })).toHaveAttribute('href', '/moderation/');
  await expect(accountNav(page).getByRole('link', { name: 'Sign in' })).toHaveCount(0);
});

test('a moderator sees Moderation on a prerendered page without comments, from /api/session', async ({
  page,
  site,
}) => {
  await signInAs(site, page.context(), 'mod_on_front', 'moderator');
  await page.goto('/');
  await expect(accountNav(page).getByRole('link', { name: 'mod_on_front' })).toBeVisible();
  await expect(accountNav(page).getByRole('link', { name: 'Moderation' })).toBeVisible();
  const answer = (await (await page.request.get('/api/session')).json()) as { viewer: unknown };
  expect(answer.viewer).toEqual({ username: 'mod_on_front', role: 'moderator' });
});

test('a reader sees their name but no Moderation link', async ({ page, site }) => {
  await signInAs(site, page.context(), 'plain_reader');
  for (const path of [storyPath, '/', commentsPath]) {
    await page.goto(path);
    await expect(accountNav(page).getByRole('link', { name: 'plain_reader' })).toBeVisible();
    await expect(accountNav(page).getByRole('link', { name: 'Moderation' })).toHaveCount(0);
  }
});

test('signing out from a prerendered page comes back to it signed out', async ({ page, site }) => {
  await signInAs(site, page.context(), 'leaving_reader');
  await page.goto('/sections/technology/');
  await accountNav(page).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sections\/technology\/$/);
  await expect(accountNav(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('a moderator sees Moderation on a server-rendered page', async ({ page, site }) => {
    await signInAs(site, page.context(), 'mod_no_script', 'moderator');
    await page.goto(commentsPath);
    await expect(accountNav(page).getByRole('link', { name: 'mod_no_script' })).toBeVisible();
    await expect(accountNav(page).getByRole('link', { name: 'Moderation' })).toHaveAttribute('href', '/moderation/');
  });

  test('a reader sees no Moderation link on a server-rendered page', async ({ page, site }) => {
    await signInAs(site, page.context(), 'reader_no_script');
    await page.goto(commentsPath);
    await expect(accountNav(page).getByRole('link', { name: 'reader_no_script' })).toBeVisible();
    await expect(accountNav(page).getByRole('link', { name: 'Moderation' })).toHaveCount(0);
  });

  test('a signed-out reader of a prerendered page is offered sign-in links that come back to it', async ({ page }) => {
    await page.goto(storyPath);
    await expect(accountNav(page).getByRole('link', { name: 'Sign in' })).toHaveAttribute(
      'href',
      `/login/?return_to=${encodeURIComponent(storyPath)}`,
    );
    await expect(accountNav(page).getByRole('link', { name: 'Create account' })).toBeVisible();
  });
});
