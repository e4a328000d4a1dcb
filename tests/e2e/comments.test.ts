import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { signUp } from '../../src/server/accounts/user.ts';
import { test, expect, signInAs, countRows, FIRST_STORY_SLUG } from './site.ts';

// These tests post several comments a second; the 15-second interval has its own test.
test.use({ serverEnv: { COMMENT_INTERVAL_SECONDS: '0' } });

const storyPath = `/articles/${FIRST_STORY_SLUG}/`;
const commentsPath = `${storyPath}comments/`;

function comments(page: Page): ReturnType<Page['locator']> {
  return page.locator('#comments');
}

/** A comment's text as shown, not the copy inside its edit form. */
function shown(page: Page, text: string): ReturnType<Page['locator']> {
  return comments(page).locator('.comment-body', { hasText: text });
}

async function post(page: Page, text: string): Promise<void> {
  await comments(page).getByLabel('Comment', { exact: true }).fill(text);
  await comments(page).getByRole('button', { name: 'Post comment' }).click();
}

async function reply(page: Page, to: string, text: string): Promise<void> {
  const parent = comments(page).locator('article.comment', { hasText: to }).first();
  await parent.getByRole('link', { name: 'Reply' }).first().click();
  await parent.getByLabel('Reply', { exact: true }).first().fill(text);
  await parent.getByRole('button', { name: 'Post reply' }).first().click();
}

test('a new reader signs up from the story, comments, replies, and after a reload sees the reply nested', async ({
  page,
}) => {
  await page.goto(storyPath);
  const section = comments(page);
  await expect(section.getByRole('heading', { name: 'Add new comment' })).toBeVisible();
  await expect(section.getByText('Sign in or create an account to join the discussion.')).toBeVisible();
  await section.getByRole('link', { name: 'Create account' }).click();

  await page.getByLabel('Username').fill('first_reader');
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(new RegExp(`${storyPath}#comment-form$`));
  await expect(page.getByRole('navigation', { name: 'Account' })).toContainText('first_reader');
  await expect(section.getByLabel('Comment', { exact: true })).toBeFocused();
  await expect(section.getByLabel('Comment', { exact: true })).toBeInViewport();

  await post(page, 'The first comment on this story.');
  await expect(shown(page, 'The first comment on this story.')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${storyPath}#comment-form$`));
  await reply(page, 'The first comment on this story.', 'A reply to my own comment.');
  await expect(shown(page, 'A reply to my own comment.')).toBeVisible();

  await page.reload();
  const parent = section.locator('article.comment', { hasText: 'The first comment on this story.' }).first();
  await expect(parent.locator('.replies article.comment')).toContainText('A reply to my own comment.');
  await expect(section.getByText('2 comments')).toBeVisible();
});

test('a second reader sees both comments, replies, and cannot edit or delete the first reader’s', async ({
  page,
  site,
}) => {
  const first = await signInAs(site, page.context(), 'writer_one');
  await page.goto(storyPath);
  await post(page, 'Written by the first reader.');
  await expect(shown(page, 'Written by the first reader.')).toBeVisible();
  await page.context().clearCookies();

  await signInAs(site, page.context(), 'writer_two');
  await page.goto(storyPath);
  const firstComment = comments(page).locator('article.comment', { hasText: 'Written by the first reader.' });
  await expect(firstComment).toContainText('writer_one');
  await expect(firstComment.locator('> .comment-actions').getByRole('link', { name: 'Delete' })).toHaveCount(0);
  await expect(firstComment.locator('> .comment-actions').getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await reply(page, 'Written by the first reader.', 'The second reader answers.');
  await expect(firstComment.locator('.replies')).toContainText('The second reader answers.');
  await expect(firstComment.locator('.replies').getByRole('link', { name: 'Delete' })).toHaveCount(1);

  const deleteOthers = await page.request.delete(`/api/comments/1`, {
    headers: { Origin: site.url.replace(/\/$/, '') },
  });
  expect(deleteOthers.status()).toBe(403);
  expect(first.id).toBeGreaterThan(0);
  await expect(shown(page, 'Written by the first reader.')).toBeVisible();
});

test('an author edits a comment, which is marked edited, and deleting one with replies leaves a placeholder', async ({
  page,
  site,
}) => {
  await signInAs(site, page.context(), 'editor_reader');
  await page.goto(storyPath);
  await post(page, 'Frist!');
  const mine = comments(page).locator('article.comment', { hasText: 'Frist!' });
  await mine.locator('> .comment-actions').getByRole('link', { name: 'Edit' }).click();
  await mine.getByLabel('Edit comment').fill('First, spelt properly.');
  await mine.getByRole('button', { name: 'Save' }).click();
  const edited = comments(page).locator('article.comment', { hasText: 'First, spelt properly.' });
  await expect(edited.locator('.comment-edited')).toHaveText(/edited/);

  await reply(page, 'First, spelt properly.', 'A reply that must keep its place.');
  await expect(edited.locator('.replies')).toContainText('A reply that must keep its place.');
  await edited.locator('> .comment-actions').getByRole('link', { name: 'Delete' }).click();
  await edited.getByRole('button', { name: 'Delete comment' }).click();
  await expect(comments(page).getByText('Comment deleted')).toBeVisible();
  await expect(shown(page, 'First, spelt properly.')).toHaveCount(0);
  await expect(comments(page).locator('.comment-placeholder .replies')).toContainText(
    'A reply that must keep its place.',
  );
});

test('signing in from the comment section comes back to the comment form, focused', async ({ page, site }) => {
  await signUp(site.services.db, { username: 'story_reader', password: 'a long enough password' }, 1);
  await page.setViewportSize({ width: 375, height: 700 });
  await page.goto(storyPath);
  await comments(page).getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Username').fill('story_reader');
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${storyPath}#comment-form$`));
  const field = comments(page).getByLabel('Comment', { exact: true });
  await expect(field).toBeFocused();
  await expect(field).toBeInViewport();
});

test('signing out brings back the invitation to sign in', async ({ page, site }) => {
  await signInAs(site, page.context(), 'leaving_reader');
  await page.goto(storyPath);
  await expect(comments(page).getByLabel('Comment', { exact: true })).toBeVisible();
  await page.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(new RegExp(`${storyPath}$`));
  await expect(comments(page).getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(comments(page).getByLabel('Comment', { exact: true })).toHaveCount(0);
});

test('a comment that is only spaces is refused next to the field, keeping what was typed', async ({ page, site }) => {
  await signInAs(site, page.context(), 'blank_reader');
  await page.goto(storyPath);
  await post(page, '      ');
  expect(await countRows(site, 'comments')).toBe(0);
  const field = page.getByLabel('Comment', { exact: true });
  await expect(page.getByRole('alert')).toHaveText('Write something before posting.');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveValue('      ');
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('a reader reads, posts and replies through the comments page', async ({ page, site }) => {
    await signInAs(site, page.context(), 'no_script_reader');
    await page.goto(storyPath);
    await comments(page).getByRole('link', { name: 'Read the comments and join the discussion' }).click();
    await expect(page).toHaveURL(new RegExp(`${commentsPath}$`));
    await post(page, 'Posted without JavaScript.');
    await expect(page).toHaveURL(new RegExp(`${commentsPath}#comment-1$`));
    await reply(page, 'Posted without JavaScript.', 'Replied without JavaScript.');
    const parent = comments(page).locator('#comment-1');
    await expect(parent.locator('.replies')).toContainText('Replied without JavaScript.');
  });

  test('a signed-out reader is sent to sign in and comes back to the comment form', async ({ page, site }) => {
    await signUp(site.services.db, { username: 'returning_reader', password: 'a long enough password' }, 1);
    await page.setViewportSize({ width: 375, height: 600 });
    await page.goto(commentsPath);
    await comments(page).getByRole('link', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/login\/?\?return_to=/);
    await page.getByLabel('Username').fill('returning_reader');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(new RegExp(`${commentsPath}#comment-form$`));
    await expect(comments(page).getByLabel('Comment', { exact: true })).toBeInViewport();
  });
});

test('a cross-origin form post creates nothing', async ({ page, site }) => {
  await signInAs(site, page.context(), 'target_reader');
  const variants: Record<string, string>[] = [
    { Origin: 'http://evil.example' },
    { 'Sec-Fetch-Site': 'cross-site' },
    {},
  ];
  for (const headers of variants) {
    const response = await page.request.post(commentsPath, {
      headers,
      form: { intent: 'post', body: 'forged', return_to: storyPath },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
  }
  expect(await countRows(site, 'comments')).toBe(0);
});

test('a comment survives a restart of the server', async ({ page, site }) => {
  await signInAs(site, page.context(), 'durable_reader');
  await page.goto(storyPath);
  await post(page, 'Still here after a restart.');
  await expect(shown(page, 'Still here after a restart.')).toBeVisible();
  await site.restart();
  await page.goto(`${site.url}${commentsPath.slice(1)}`);
  await expect(shown(page, 'Still here after a restart.')).toBeVisible();
});

test('axe finds no accessibility violations in a signed-in thread with a reply form open', async ({ page, site }) => {
  await signInAs(site, page.context(), 'axe_reader');
  await page.goto(storyPath);
  await post(page, 'A comment for the accessibility check.');
  await reply(page, 'A comment for the accessibility check.', 'And a reply to it.');
  await expect(shown(page, 'And a reply to it.')).toBeVisible();
  await comments(page).getByRole('link', { name: 'Reply' }).first().click();
  const onStory = await new AxeBuilder({ page }).analyze();
  expect(onStory.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  await page.goto(`${commentsPath}?reply=1#comment-1`);
  const onCommentsPage = await new AxeBuilder({ page }).analyze();
  expect(onCommentsPage.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
});

test('a notice name in the address that the site never sends shows no notice', async ({ page, site }) => {
  await signInAs(site, page.context(), 'curious', 'moderator');
  for (const path of [`${commentsPath}?notice=toString`, '/moderation/?done=constructor']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByRole('status'), path).toHaveCount(0);
  }
});
