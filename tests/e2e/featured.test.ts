import { signUp } from '../../src/server/accounts/user.ts';
import { test, expect, seedComment, signInAs, FIRST_STORY_SLUG } from './site.ts';

const storyPath = `/articles/${FIRST_STORY_SLUG}/`;
const commentsPath = `${storyPath}comments/`;

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a moderator features a comment from the thread; it shows first, and Unfeature takes it back', async ({
    page,
    site,
  }) => {
    await seedComment(site, 'first_writer', 'An ordinary comment.');
    const id = await seedComment(site, 'good_writer', 'A comment worth reading first.');
    await signInAs(site, page.context(), 'the_moderator', 'moderator');
    await page.goto(commentsPath);
    await expect(page.getByRole('region', { name: 'Featured' })).toHaveCount(0);
    await page.locator(`#comment-${id}`).getByRole('button', { name: 'Feature' }).click();
    await expect(page).toHaveURL(new RegExp(`${commentsPath}#comment-${id}$`));
    const featured = page.getByRole('region', { name: 'Featured' });
    await expect(featured).toContainText('A comment worth reading first.');
    await expect(featured).not.toContainText('An ordinary comment.');
    await expect(page.locator(`#comment-${id}-meta`)).toContainText('Featured');
    await page.locator(`#comment-${id}`).getByRole('button', { name: 'Unfeature' }).click();
    await expect(page.getByRole('region', { name: 'Featured' })).toHaveCount(0);
  });
});

test('readers see the featured comment first on the story, and no Feature button', async ({ page, site }) => {
  const id = await seedComment(site, 'good_writer', 'Featured for everyone.');
  const moderator = await signUp(site.services.db, { username: 'mod', password: 'a long enough password' }, 1);
  if (!moderator.ok) throw new Error(moderator.message);
  await site.services.db.run(`UPDATE users SET role = 'moderator' WHERE id = ?`, [moderator.user.id]);
  await site.services.db.run('INSERT INTO featured_comments (comment_id, featured_by, featured_at) VALUES (?, ?, ?)', [
    id,
    moderator.user.id,
    site.clock.now(),
  ]);
  await signInAs(site, page.context(), 'plain_reader');
  await page.goto(storyPath);
  await expect(page.getByRole('region', { name: 'Featured' })).toContainText('Featured for everyone.');
  await expect(page.getByRole('button', { name: 'Feature' })).toHaveCount(0);
  await page.getByRole('region', { name: 'Featured' }).getByRole('link', { name: 'See it in the thread' }).click();
  await expect(page.locator(`#comment-${id}`)).toBeInViewport();
});
