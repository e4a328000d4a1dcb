import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { signUp } from '../../src/server/accounts/user.ts';
import { postComment } from '../../src/server/comments/store.ts';
import { writeAuditEntry } from '../../src/server/moderation/audit-log.ts';
import { banUser, hideComment } from '../../src/server/moderation/decisions.ts';
import { reportComment } from '../../src/server/moderation/reports.ts';
import { test, expect, signInAs, FIRST_STORY_SLUG, type TestSite } from './site.ts';

const SCREENSHOTS = '.tmp/screenshots';

interface Seeded {
  rudeId: number;
}

/** dave-k wrote two comments: one a moderator hid, one the report threshold hid; then he was banned. */
async function seed(site: TestSite, moderatorId: number): Promise<Seeded> {
  const db = site.services.db;
  const now = site.clock.now();
  const author = async (username: string): Promise<number> => {
    const made = await signUp(db, { username, password: 'a long enough password', email: null }, now);
    if (!made.ok) throw new Error(made.message);
    return made.user.id;
  };
  const dave = await author('dave-k');
  const erin = await author('erin');
  const post = async (authorId: number, body: string): Promise<number> => {
    const posted = await postComment(db, { storySlug: FIRST_STORY_SLUG, parentId: null, authorId, body }, now);
    if (!posted.ok) throw new Error(JSON.stringify(posted));
    return posted.comment.id;
  };
  const rudeId = await post(dave, 'A rude remark.');
  const spamId = await post(dave, 'Buy cheap watches.');
  await post(erin, 'A fair point.');
  const rules = { reportHideThreshold: 3, reportMinAccountAgeHours: 0 };
  const reported = await reportComment(
    db,
    { commentId: spamId, reporterId: erin, reason: 'spam', note: 'Adverts' },
    rules,
    now,
  );
  expect(reported.ok).toBe(true);
  expect(
    await hideComment(db, { actorId: moderatorId, commentId: rudeId, reason: 'Rude to other readers' }, now),
  ).toEqual({ ok: true });
  await db.transaction((tx) =>
    writeAuditEntry(
      tx,
      { actorId: null, action: 'hide-reported-comment', targetType: 'comment', targetId: spamId, reason: '3 reports' },
      now + 1,
    ),
  );
  await db.run(`UPDATE comments SET status = 'hidden' WHERE id = ?`, [spamId]);
  expect(await banUser(db, { actorId: moderatorId, userId: dave, reason: 'Spam run' }, now + 2)).toEqual({ ok: true });
  return { rudeId };
}

function logLine(page: Page, text: string): ReturnType<Page['locator']> {
  return page.locator('.audit-log tbody tr', { hasText: text });
}

async function noSidewaysScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, 'the page is no wider than the screen').toBeLessThanOrEqual(width);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('the audit log names people, credits the threshold, filters, and undoes a ban', async ({ page, site }) => {
      const moderator = await signInAs(site, page.context(), 'mo_log', 'moderator');
      const { rudeId } = await seed(site, moderator.id);

      await page.goto('/moderation/');
      await page.getByRole('link', { name: 'Audit log' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');

      const hide = logLine(page, 'hid a comment');
      await expect(hide.getByRole('cell').nth(1)).toHaveText('mo_log');
      await expect(hide.getByRole('link', { name: `#${rudeId}` })).toHaveAttribute(
        'href',
        `/articles/${FIRST_STORY_SLUG}/#comment-${rudeId}`,
      );
      await expect(hide.getByRole('cell').nth(3)).toHaveText('dave-k');
      await expect(logLine(page, 'hid a reported comment').getByRole('cell').nth(1)).toHaveText('automatic: 3 reports');
      await expect(page.getByText('command line')).toHaveCount(0);

      await page.getByLabel('Action').selectOption('ban-user');
      await page.getByRole('button', { name: 'Filter' }).click();
      await expect(page.locator('.audit-log tbody tr')).toHaveCount(1);
      await logLine(page, 'banned').getByRole('button', { name: 'Undo' }).click();
      await expect(page.getByRole('status')).toHaveText('Author unbanned.');
      await expect(logLine(page, 'unbanned')).toHaveCount(1);
      await expect(logLine(page, 'banned').getByRole('button', { name: 'Undo' })).toHaveCount(0);
    });

    test("a moderator opens a user's record from the log", async ({ page, site }) => {
      const moderator = await signInAs(site, page.context(), 'mo_record', 'moderator');
      await seed(site, moderator.id);

      await page.goto('/moderation/log/?action=ban-user');
      await logLine(page, 'banned').getByRole('link', { name: 'dave-k' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('dave-k');
      await expect(page.getByText(/Reader · joined .* · banned since /)).toBeVisible();
      const comments = page.getByRole('region', { name: 'Comments', exact: true }).getByRole('listitem');
      await expect(comments).toHaveCount(2);
      await expect(comments.first()).toContainText('Hidden');
      await expect(comments.first()).toContainText('Buy cheap watches.');
      await expect(comments.nth(1)).toContainText('Reason: Rude to other readers');
      const against = page.getByRole('region', { name: /Reports against their comments/ });
      await expect(against.getByRole('listitem')).toHaveText(/Spam by erin on #\d+ · .* — “Adverts”/);
      const history = page.getByRole('region', { name: 'Bans, suspensions and roles' });
      await expect(logLine(page, 'banned')).toContainText('Spam run');
      await expect(history.getByRole('link', { name: 'mo_record' })).toBeVisible();
    });
  });
}

test('readers find neither the log nor a record', async ({ page, site }) => {
  await signInAs(site, page.context(), 'just_a_reader');
  expect((await page.goto('/moderation/log/'))?.status()).toBe(404);
  expect((await page.goto('/moderation/users/just_a_reader/'))?.status()).toBe(404);
});

test('the log and a record read at 375 and 1280 pixels without sideways scrolling', async ({ page, site }) => {
  const moderator = await signInAs(site, page.context(), 'mo_layout_with_a_long_name', 'moderator');
  await seed(site, moderator.id);
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/moderation/log/');
    await expect(page.locator('.audit-log tbody tr')).toHaveCount(3);
    await noSidewaysScroll(page, width);
    await page.screenshot({ path: `${SCREENSHOTS}/log-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 375, height: 900 });
  await page.goto('/moderation/users/dave-k/');
  await noSidewaysScroll(page, 375);
  await page.screenshot({ path: `${SCREENSHOTS}/record-375.png`, fullPage: true });
});

test('from a comment in the queue, a moderator opens its author’s record and a reporter’s', async ({ page, site }) => {
  const { id: moderatorId } = await signInAs(site, page.context(), 'queue_mod', 'moderator');
  await seed(site, moderatorId);
  await page.goto('/moderation/');
  const item = page.locator('.queue-item', { hasText: 'Buy cheap watches.' });
  await item.getByRole('link', { name: 'erin' }).click();
  await expect(page).toHaveURL(/\/moderation\/users\/erin\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('erin');
  await page.goBack();
  await page.locator('.queue-item', { hasText: 'Buy cheap watches.' }).getByRole('link', { name: 'dave-k' }).click();
  await expect(page).toHaveURL(/\/moderation\/users\/dave-k\/$/);
  await expect(page.getByText('A rude remark.')).toBeVisible();
});
