import type { Locator, Page } from '@playwright/test';
import { signUp } from '../../src/server/accounts/user.ts';
import { postComment } from '../../src/server/comments/store.ts';
import { test, expect, FIRST_STORY_SLUG, type TestSite } from './site.ts';

const storyPath = `/articles/${FIRST_STORY_SLUG}/`;
const commentsPath = `${storyPath}comments/`;

function section(page: Page): Locator {
  return page.locator('#comments');
}

function comments(page: Page): Locator {
  return section(page).locator('.comment-section > article.comment');
}

/** 25 top-level comments a minute apart, "Root 1." oldest; the first has 7 replies. */
async function seedLongThread(site: TestSite): Promise<{ roots: number[]; replies: number[] }> {
  const user = await signUp(site.services.db, { username: 'talker', password: 'a long enough password' }, 1);
  if (!user.ok) throw new Error(user.message);
  const start = site.clock.now() - 3 * 24 * 60 * 60;
  const post = async (body: string, parentId: number | null, at: number): Promise<number> => {
    const stored = await postComment(
      site.services.db,
      { storySlug: FIRST_STORY_SLUG, parentId, authorId: user.user.id, body },
      at,
    );
    if (!stored.ok) throw new Error(stored.reason);
    return stored.comment.id;
  };
  const roots = [];
  for (let index = 1; index <= 25; index += 1) roots.push(await post(`Root ${index}.`, null, start + index * 60));
  const replies = [];
  for (let index = 1; index <= 7; index += 1)
    replies.push(await post(`Reply ${index}.`, roots[0]!, start + 3000 + index));
  return { roots, replies };
}

test.describe('with JavaScript', () => {
  test('the story shows 20 threads, and the next page and hidden replies join them in place', async ({
    page,
    site,
  }) => {
    await seedLongThread(site);
    await page.goto(storyPath);
    await expect(comments(page)).toHaveCount(20);
    await expect(section(page).getByText('Root 21.')).toHaveCount(0);
    await expect(section(page).getByText('Reply 6.')).toHaveCount(0);
    await section(page).getByRole('link', { name: 'Show 2 more replies' }).click();
    await expect(section(page).getByText('Reply 7.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Show 2 more replies' })).toHaveCount(0);
    await section(page).getByRole('link', { name: 'Show more comments' }).click();
    await expect(section(page).getByText('Root 25.')).toBeVisible();
    await expect(comments(page)).toHaveCount(25);
    await expect(section(page).getByRole('link', { name: 'Show more comments' })).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`${storyPath}$`));
  });

  test('a link to a comment on a later page lands on it', async ({ page, site }) => {
    const { roots } = await seedLongThread(site);
    await page.goto(`${storyPath}#comment-${roots[23]}`);
    await expect(page).toHaveURL(new RegExp(`${commentsPath}\\?page=2#comment-${roots[23]}$`));
    await expect(page.locator(`#comment-${roots[23]}`)).toBeInViewport();
  });

  test('the chosen order applies at once and is remembered', async ({ page, site }) => {
    await seedLongThread(site);
    await page.goto(storyPath);
    await expect(comments(page).first()).toContainText('Root 1.');
    await section(page).getByLabel('Sort by').selectOption('newest');
    await section(page).getByRole('button', { name: 'Sort' }).click();
    await expect(comments(page).first()).toContainText('Root 25.');
    await expect(section(page).getByLabel('Sort by')).toBeFocused();
    await page.reload();
    await expect(comments(page).first()).toContainText('Root 25.');
    await expect(section(page).getByLabel('Sort by')).toHaveValue('newest');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the comments page goes a page at a time and shows hidden replies', async ({ page, site }) => {
    await seedLongThread(site);
    await page.goto(commentsPath);
    await expect(comments(page)).toHaveCount(20);
    await section(page).getByRole('link', { name: 'Show 2 more replies' }).click();
    await expect(section(page).getByText('Reply 7.')).toBeVisible();
    await section(page).getByRole('link', { name: 'Show more comments' }).click();
    await expect(page).toHaveURL(new RegExp(`${commentsPath}\\?page=2&sort=oldest$`));
    await expect(comments(page)).toHaveCount(5);
    await expect(section(page).getByText('Root 25.')).toBeVisible();
    await section(page).getByRole('link', { name: 'Previous comments' }).click();
    await expect(section(page).getByText('Root 1.', { exact: true })).toBeVisible();
  });

  test('a permalink opens the page its comment is on', async ({ page, site }) => {
    const { roots, replies } = await seedLongThread(site);
    await page.goto(`/comments/${roots[22]}/`);
    await expect(page).toHaveURL(new RegExp(`${commentsPath}\\?page=2#comment-${roots[22]}$`));
    await expect(page.locator(`#comment-${roots[22]}`)).toContainText('Root 23.');
    await page.goto(`/comments/${replies[6]}/`);
    await expect(page.locator(`#comment-${replies[6]}`)).toContainText('Reply 7.');
    expect((await page.request.get(`/comments/999999/`, { maxRedirects: 0 })).status()).toBe(404);
  });

  test('sorting works as a form and is remembered', async ({ page, site }) => {
    await seedLongThread(site);
    await page.goto(commentsPath);
    await section(page).getByLabel('Sort by').selectOption('newest');
    await section(page).getByRole('button', { name: 'Sort' }).click();
    await expect(page).toHaveURL(new RegExp(`${commentsPath}\\?sort=newest$`));
    await expect(comments(page).first()).toContainText('Root 25.');
    await page.goto(commentsPath);
    await expect(comments(page).first()).toContainText('Root 25.');
  });
});
