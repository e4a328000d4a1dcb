import AxeBuilder from '@axe-core/playwright';
import { postComment } from '../../src/server/comments/store.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { test, expect, FIRST_STORY_SLUG, type TestSite } from './site.ts';

const COUNCIL = 'council-approves-new-budget';
const FLOODS = 'floods-close-coastal-road';

async function addReader(site: TestSite, username: string): Promise<number> {
  const created = await signUp(site.services.db, { username, password: 'a long enough password' }, site.clock.now());
  if (!created.ok) throw new Error(created.message);
  return created.user.id;
}

async function addComment(
  site: TestSite,
  authorId: number,
  storySlug: string,
  body: string,
  ago: number,
): Promise<void> {
  const posted = await postComment(
    site.services.db,
    { storySlug, parentId: null, authorId, body },
    site.clock.now() - ago,
  );
  if (!posted.ok) throw new Error(posted.reason);
}

test('the name on a comment leads to the reader’s profile, which lists their comments with headlines', async ({
  page,
  site,
}) => {
  const rosa = await addReader(site, 'rosa_reads');
  await addComment(site, rosa, COUNCIL, 'Nine to four was closer than it looks.', 3600);
  await addComment(site, rosa, FIRST_STORY_SLUG, 'Who audits the auditors?', 60);
  await addComment(site, rosa, FLOODS, 'Comments on this story are hidden.', 30);

  await page.goto(`/articles/${FIRST_STORY_SLUG}/`);
  await page.locator('#comments').getByRole('link', { name: 'rosa_reads' }).click();
  await expect(page).toHaveURL(/\/users\/rosa_reads\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('rosa_reads');
  await expect(page.locator('.profile-summary')).toContainText('3 comments');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
  const items = page.locator('.profile-comment');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText('On a story that is no longer available');
  await expect(items.nth(0)).not.toContainText('Comments on this story are hidden.');
  await expect(items.nth(1)).toContainText('Who audits the auditors?');
  await expect(items.nth(2)).toContainText('Nine to four was closer than it looks.');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

  await items.nth(2).getByRole('link', { name: 'Council Approves New Budget After Late-Night Session' }).click();
  await expect(page).toHaveURL(new RegExp(`/articles/${COUNCIL}/$`));
});

test('an unknown reader’s profile is a 404, and a banned reader’s says the account is suspended', async ({
  page,
  site,
}) => {
  const missing = await page.goto('/users/nobody_here/');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We could not find that page');

  const mallory = await addReader(site, 'mallory');
  await addComment(site, mallory, FIRST_STORY_SLUG, 'Left up by the moderators.', 60);
  await site.services.db.run('UPDATE users SET banned_at = ? WHERE id = ?', [site.clock.now(), mallory]);
  const banned = await page.goto('/users/mallory/');
  expect(banned?.status()).toBe(200);
  await expect(page.getByText('This account has been suspended.')).toBeVisible();
  await expect(page.getByText('Left up by the moderators.')).toHaveCount(0);
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('a long profile pages from newest to oldest, and each comment links to its place in the thread', async ({
    page,
    site,
  }) => {
    const ivo = await addReader(site, 'ivo');
    for (let index = 1; index <= 21; index += 1) {
      await addComment(site, ivo, FIRST_STORY_SLUG, `Thought number ${index}.`, 1000 - index);
    }
    await page.goto('/users/ivo/');
    await expect(page.locator('.profile-comment')).toHaveCount(20);
    await expect(page.locator('.profile-comment').first()).toContainText('Thought number 21.');
    const pages = page.getByRole('navigation', { name: 'Comment pages' });
    await expect(pages).toContainText('Page 1 of 2');
    await pages.getByRole('link', { name: 'Older comments' }).click();
    await expect(page).toHaveURL(/\/users\/ivo\/\?page=2$/);
    await expect(page.locator('.profile-comment')).toHaveCount(1);
    await page.locator('.profile-comment .meta a').click();
    await expect(page).toHaveURL(new RegExp(`/articles/${FIRST_STORY_SLUG}/comments/#comment-1$`));
    await expect(page.locator('#comment-1')).toContainText('Thought number 1.');
    expect((await page.goto('/users/ivo/?page=3'))?.status()).toBe(404);
  });
});
