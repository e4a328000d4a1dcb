import { postComment } from '../../src/server/comments/store.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { test, expect, signInAs, type TestSite } from './site.ts';

// tests/fixtures/site/articles/harbour-ferry-returns-after-repairs.mdx: first published as
// harbour-ferry-resumes (its id), renamed once in between.
const oldPath = '/articles/harbour-ferry-resumes/';
const betweenPath = '/articles/harbour-ferry-back-in-service/';
const newPath = '/articles/harbour-ferry-returns-after-repairs/';

test.use({ serverEnv: { COMMENT_INTERVAL_SECONDS: '0' } });

/** A comment posted before the rename, so stored under the story's id; its number. */
async function commentBeforeRename(site: TestSite, username: string, body: string): Promise<number> {
  const now = site.clock.now();
  const author = await signUp(site.services.db, { username, password: 'a long enough password', email: null }, now);
  if (!author.ok) throw new Error(author.message);
  const posted = await postComment(
    site.services.db,
    { storySlug: 'harbour-ferry-resumes', parentId: null, authorId: author.user.id, body },
    now,
  );
  if (!posted.ok) throw new Error(posted.reason);
  return posted.comment.id;
}

test('the old addresses of a renamed story answer 301 with the new one', async ({ request }) => {
  for (const [from, to] of [
    [oldPath, newPath],
    [betweenPath, newPath],
    [`${oldPath}comments/`, `${newPath}comments/`],
  ]) {
    const answer = await request.get(from, { maxRedirects: 0 });
    expect(answer.status(), from).toBe(301);
    expect(answer.headers()['location'], from).toBe(to);
  }
  expect((await request.get('/articles/harbour-ferry-never-was/', { maxRedirects: 0 })).status()).toBe(404);
});

test('comments made before the rename follow the story to its new address', async ({ page, site }) => {
  const id = await commentBeforeRename(site, 'early_reader', 'Posted before the rename.');

  await page.goto(`${oldPath}#comment-${id}`);
  await expect(page).toHaveURL(`${site.url.replace(/\/$/, '')}${newPath}#comment-${id}`);
  await expect(page.locator('#comments')).toContainText('Posted before the rename.');

  await signInAs(site, page.context(), 'later_reader');
  await page.reload();
  await page.locator('#comments').getByLabel('Comment', { exact: true }).fill('Posted after the rename.');
  await page.locator('#comments').getByRole('button', { name: 'Post comment' }).click();
  await expect(page.locator('#comments')).toContainText('Posted after the rename.');
  const keys = await site.services.db.all<{ story_slug: string }>('SELECT DISTINCT story_slug FROM comments');
  expect(keys).toEqual([{ story_slug: 'harbour-ferry-resumes' }]);
});

test('the comment count of a renamed story counts the comments made before the rename', async ({ page, site }) => {
  await commentBeforeRename(site, 'counted_reader', 'Counted after the rename.');
  await page.goto(newPath);
  await expect(page.locator('.story-header [data-comment-count]')).toHaveText('1 comment');
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('the comments page at the old address leads to the new one, thread and all', async ({ page, site }) => {
    await commentBeforeRename(site, 'no_script', 'Read without scripts.');
    await page.goto(`${oldPath}comments/`);
    await expect(page).toHaveURL(new RegExp(`${newPath}comments/$`));
    await expect(page.locator('#comments')).toContainText('Read without scripts.');
    await expect(page.getByRole('link', { name: 'Harbour Ferry Returns After a Month of Repairs' })).toHaveAttribute(
      'href',
      newPath,
    );
  });
});
