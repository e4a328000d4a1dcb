import type { Page } from '@playwright/test';
import { signUp } from '../../src/server/accounts/user.ts';
import { test, expect, seedComment, signInAs, FIRST_STORY_SLUG } from './site.ts';

const storyPath = `/articles/${FIRST_STORY_SLUG}/`;
const commentsPath = `${storyPath}comments/`;

function commentOf(page: Page, id: number): ReturnType<Page['locator']> {
  return page.locator(`#comment-${id}`);
}

test('with JavaScript, Like toggles in place, counts, and is remembered', async ({ page, site }) => {
  const id = await seedComment(site, 'writer', 'Worth a like.');
  await signInAs(site, page.context(), 'liker');
  await page.goto(storyPath);
  const button = commentOf(page, id).getByRole('button', { name: 'Like' });
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await expect(commentOf(page, id)).toContainText('0 likes');
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(commentOf(page, id)).toContainText('1 like');
  await expect(page).toHaveURL(new RegExp(`${storyPath}$`));
  await page.reload();
  await expect(commentOf(page, id).getByRole('button', { name: 'Like' })).toHaveAttribute('aria-pressed', 'true');
  await commentOf(page, id).getByRole('button', { name: 'Like' }).click();
  await expect(commentOf(page, id).getByRole('button', { name: 'Like' })).toHaveAttribute('aria-pressed', 'false');
  await expect(commentOf(page, id)).toContainText('0 likes');
});

test('one’s own comment has no Like, and a signed-out reader sees only the count', async ({ page, site }) => {
  const id = await seedComment(site, 'writer', 'Liked by someone.');
  const liker = await signUp(site.services.db, { username: 'fan', password: 'a long enough password' }, 1);
  if (!liker.ok) throw new Error(liker.message);
  await site.services.db.run('INSERT INTO likes (user_id, comment_id, created_at) VALUES (?, ?, ?)', [
    liker.user.id,
    id,
    site.clock.now(),
  ]);
  await page.goto(storyPath);
  await expect(commentOf(page, id)).toContainText('1 like');
  await expect(commentOf(page, id).getByRole('button', { name: 'Like' })).toHaveCount(0);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('Like is a form that comes back to the comment', async ({ page, site }) => {
    const id = await seedComment(site, 'writer', 'Liked without a script.');
    await signInAs(site, page.context(), 'plain_liker');
    await page.goto(commentsPath);
    await commentOf(page, id).getByRole('button', { name: 'Like' }).click();
    await expect(page).toHaveURL(new RegExp(`${commentsPath}#comment-${id}$`));
    await expect(commentOf(page, id).getByRole('button', { name: 'Like' })).toHaveAttribute('aria-pressed', 'true');
    await expect(commentOf(page, id)).toContainText('1 like');
  });
});
