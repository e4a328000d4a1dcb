import type { BrowserContext, Page } from '@playwright/test';
import { createSession } from '../../src/server/accounts/session.ts';
import { postComment } from '../../src/server/comments/store.ts';
import { test, expect, signInAs, countRows, FIRST_STORY_SLUG, type TestSite } from './site.ts';

const storyPath = `/articles/${FIRST_STORY_SLUG}/`;
const commentsPath = `${storyPath}comments/`;

function shown(page: Page, text: string): ReturnType<Page['locator']> {
  return page.locator('#comments .comment-body', { hasText: text });
}

async function post(page: Page, text: string): Promise<void> {
  await page.getByLabel('Comment', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Post comment' }).click();
}

async function asReader(site: TestSite, browserContext: () => Promise<BrowserContext>, name: string): Promise<Page> {
  const context = await browserContext();
  await signInAs(site, context, name);
  return context.newPage();
}

test.describe('with PREMODERATION=first', () => {
  test.use({ serverEnv: { PREMODERATION: 'first' } });

  test("a new reader's first comment waits until a moderator approves it", async ({ page, site, browser }) => {
    await signInAs(site, page.context(), 'newcomer');
    await page.goto(storyPath);
    await post(page, 'My very first comment.');
    await expect(page.locator('#comments .comment-pending')).toHaveText('awaiting moderation');

    const other = await asReader(site, () => browser.newContext(), 'onlooker');
    await other.goto(storyPath);
    await expect(other.locator('#comments .comment-count')).toHaveText('No comments yet');
    await expect(shown(other, 'My very first comment.')).toHaveCount(0);

    const moderatorContext = await browser.newContext();
    await signInAs(site, moderatorContext, 'the_moderator', 'moderator');
    const moderator = await moderatorContext.newPage();
    await moderator.goto('/moderation/');
    const item = moderator.locator('.queue-item', { hasText: 'My very first comment.' });
    await expect(item).toContainText('Awaiting approval');
    await item.getByRole('button', { name: 'Approve' }).click();
    await expect(moderator.getByRole('status')).toHaveText('Comment approved.');

    await other.reload();
    await expect(shown(other, 'My very first comment.')).toBeVisible();
    await page.reload();
    await expect(page.locator('#comments .comment-pending')).toHaveCount(0);
  });
});

test('three established readers report a comment and it is hidden until a moderator decides', async ({
  page,
  site,
  browser,
}) => {
  await signInAs(site, page.context(), 'provocateur');
  await page.goto(storyPath);
  await post(page, 'A comment three readers dislike.');
  await expect(shown(page, 'A comment three readers dislike.')).toBeVisible();

  // Only reports from accounts a day old with a comment on show count toward hiding (issue 11).
  const reporters: Page[] = [];
  for (const name of ['reporter_one', 'reporter_two', 'reporter_three']) {
    const context = await browser.newContext();
    const { id } = await signInAs(site, context, name);
    const own = await postComment(
      site.services.db,
      { storySlug: FIRST_STORY_SLUG, parentId: null, authorId: id, body: `${name} was here first.` },
      site.clock.now(),
    );
    expect(own.ok).toBe(true);
    reporters.push(await context.newPage());
  }
  site.clock.advance(25 * 60 * 60);

  for (const reader of reporters) {
    await reader.goto(storyPath);
    await reader
      .locator('#comments .comment', { hasText: 'A comment three readers dislike.' })
      .getByRole('link', { name: 'Report' })
      .click();
    await reader.getByLabel('Why are you reporting this comment?').selectOption('abuse');
    await reader.getByRole('button', { name: 'Send report' }).click();
    await expect(reader.getByRole('status')).toHaveText('Thank you: a moderator will look at your report.');
    await expect(reader, 'the reader stays on the story').toHaveURL(new RegExp(`${storyPath}$`));
  }

  const bystander = await asReader(site, () => browser.newContext(), 'bystander');
  await bystander.goto(storyPath);
  await expect(shown(bystander, 'A comment three readers dislike.')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('#comments .comment-pending')).toContainText('hidden by a moderator');

  const moderatorContext = await browser.newContext();
  await signInAs(site, moderatorContext, 'mod_reports', 'moderator');
  const moderator = await moderatorContext.newPage();
  await moderator.goto('/moderation/');
  const item = moderator.locator('.queue-item', { hasText: 'A comment three readers dislike.' });
  await expect(item.getByRole('list', { name: 'Reports' }).getByRole('listitem')).toHaveCount(3);
});

test("a moderator bans an author: the author's form is gone and their comments vanish", async ({
  page,
  site,
  browser,
}) => {
  const troll = await signInAs(site, page.context(), 'troll', 'reader');
  await page.goto(storyPath);
  await post(page, 'Something regrettable.');
  await expect(shown(page, 'Something regrettable.')).toBeVisible();

  const moderatorContext = await browser.newContext();
  await signInAs(site, moderatorContext, 'mod_bans', 'moderator');
  const moderator = await moderatorContext.newPage();
  await moderator.goto(`${commentsPath}?report=1#comment-1`);
  await moderator.getByLabel('Why are you reporting this comment?').selectOption('abuse');
  await moderator.getByRole('button', { name: 'Send report' }).click();
  await moderator.goto('/moderation/');
  await moderator.getByRole('link', { name: 'Ban troll…' }).click();
  await moderator.getByRole('button', { name: 'Yes, ban troll' }).click();
  await expect(moderator.getByRole('status')).toHaveText(
    'Author banned: their comments are hidden and their sessions ended.',
  );

  await page.reload();
  await expect(page.getByLabel('Comment', { exact: true })).toHaveCount(0);
  await expect(page.locator('#comments .comment-invitation')).toBeVisible();
  // Signing in again lets the banned author read, with a notice instead of the form.
  const { token } = await createSession(site.services.db, troll.id, site.clock.now());
  await page.context().addCookies([{ name: 'session', value: token, url: site.url }]);
  await page.reload();
  await expect(page.getByLabel('Comment', { exact: true })).toHaveCount(0);
  await expect(page.locator('#comments')).toContainText('Your account can no longer post comments.');
  const reader = await asReader(site, () => browser.newContext(), 'later_reader');
  await reader.goto(storyPath);
  await expect(shown(reader, 'Something regrettable.')).toHaveCount(0);
});

test('a reader gets 404 from /moderation and 403 for a forged moderation action', async ({ page, site }) => {
  const author = await signInAs(site, page.context(), 'plain_reader');
  await page.goto(storyPath);
  await post(page, 'Please do not delete me.');
  await expect(shown(page, 'Please do not delete me.')).toBeVisible();
  const response = await page.goto('/moderation/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('We could not find that page');

  const origin = site.url.replace(/\/$/, '');
  const forms: Record<string, string>[] = [
    { intent: 'delete', comment_id: '1' },
    { intent: 'ban', user_id: String(author.id) },
    { intent: 'set-role', username: 'plain_reader', role: 'admin' },
  ];
  for (const form of forms) {
    const forged = await page.request.post('/moderation/', { headers: { Origin: origin }, form, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
  }
  await page.goto(storyPath);
  await expect(shown(page, 'Please do not delete me.')).toBeVisible();
  expect(await countRows(site, 'comments')).toBe(1);
  const role = await site.services.db.get<{ role: string; banned_at: number | null }>(
    'SELECT role, banned_at FROM users WHERE id = ?',
    [author.id],
  );
  expect(role).toEqual({ role: 'reader', banned_at: null });
});

test('the sixth wrong password in a row is refused with 429 and a clear message', async ({ page, site }) => {
  await signInAs(site, page.context(), 'guarded');
  await page.context().clearCookies();
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const response = await page.request.post('/login/', {
      headers: { Origin: site.url.replace(/\/$/, '') },
      form: { username: 'guarded', password: `wrong password ${attempt}` },
      maxRedirects: 0,
    });
    expect(response.status(), `attempt ${attempt}`).toBe(400);
  }
  await page.goto('/login/');
  await page.getByLabel('Username').fill('guarded');
  await page.getByLabel('Password').fill('wrong password 6');
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  expect(answer.status()).toBe(429);
  expect(Number(answer.headers()['retry-after'])).toBeGreaterThan(0);
  await expect(page.getByRole('alert')).toContainText('Too many sign-in attempts for this account.');
});

test('a second comment five seconds after the first gets 429 with a clear message', async ({ page, site }) => {
  await signInAs(site, page.context(), 'hasty');
  await page.goto(storyPath);
  await post(page, 'First thought.');
  await expect(shown(page, 'First thought.')).toBeVisible();
  site.clock.advance(5);
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    post(page, 'Second thought, too soon.'),
  ]);
  expect(answer.status()).toBe(429);
  expect(Number(answer.headers()['retry-after'])).toBeGreaterThan(0);
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await page.getByRole('alert').textContent()).toMatch(/wait|seconds/i);
  await expect(page.getByLabel('Comment', { exact: true })).toHaveValue('Second thought, too soon.');
  expect(await countRows(site, 'comments')).toBe(1);
});

test('pages and endpoints carry the security headers and Chromium reports no CSP violation', async ({ page, site }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await signInAs(site, page.context(), 'careful_reader');
  for (const path of [storyPath, commentsPath, '/', '/login/', '/api/session', '/no-such-page/']) {
    const response = await page.goto(path);
    const headers = response?.headers() ?? {};
    const csp = headers['content-security-policy'] ?? '';
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).toContain("base-uri 'none'");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toMatch(/script-src 'self'(;|$)/);
    expect(csp, path).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect(headers['strict-transport-security'], path).toBeUndefined();
  }
  const signedIn = await page.goto(commentsPath);
  expect(signedIn?.headers()['cache-control']).toBe('no-store');
  await page.goto(storyPath);
  await expect(page.locator('#comments .comment-count')).toBeVisible();
  expect(violations).toEqual([]);
});

test('a moderation form the server cannot read is answered with its own status, not a generic 400', async ({
  page,
  site,
}) => {
  await signInAs(site, page.context(), 'strict_moderator', 'moderator');
  const origin = site.url.replace(/\/$/, '');
  for (const path of ['/moderation/', '/moderation/log/']) {
    const response = await page.request.post(path, {
      headers: { Origin: origin, 'Content-Type': 'text/plain' },
      data: 'intent=approve&comment_id=1',
    });
    expect(response.status(), path).toBe(415);
    expect(await response.text(), path).toContain('application/x-www-form-urlencoded');
  }
});
