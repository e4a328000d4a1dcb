import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { recordHoldReasons, screenComment } from '../../src/server/abuse/screening.ts';
import { getComment, postComment } from '../../src/server/comments/store.ts';
import { reportComment } from '../../src/server/moderation/reports.ts';
import { test, expect, signInAs, FIRST_STORY_SLUG, type TestSite } from './site.ts';

const HEADLINE = 'Anthropic Accuses Alibaba of Illicit AI Capability Extraction';
const SCREENSHOTS = resolve(import.meta.dirname, '../../.tmp/screenshots');
const THREE_LINKS = 'see https://a.example https://b.example https://c.example';

/** Posts as the comment action does: screened, stored, and the hold reasons kept. */
async function seed(site: TestSite, authorId: number, body: string): Promise<number> {
  const { db, config } = site.services;
  const now = site.clock.now();
  const user = { id: authorId, role: 'reader' as const, bannedAt: null };
  const screening = await screenComment(db, { user, body }, config.limits, now);
  if (!screening.ok) throw new Error(screening.message);
  const posted = await postComment(
    db,
    { storySlug: FIRST_STORY_SLUG, parentId: null, authorId, body, status: screening.status },
    now,
  );
  if (!posted.ok) throw new Error(posted.reason);
  await recordHoldReasons(db, posted.comment.id, screening);
  site.clock.advance(60);
  return posted.comment.id;
}

async function report(
  site: TestSite,
  commentId: number,
  reporterId: number,
  reason: 'spam' | 'abuse' | 'off-topic',
  note: string | null = null,
): Promise<void> {
  const rules = { reportHideThreshold: 3, reportMinAccountAgeHours: 24 };
  await reportComment(site.services.db, { commentId, reporterId, reason, note }, rules, site.clock.now());
}

/** Reader accounts, each signed in in a browser context of its own. */
async function readers(site: TestSite, browser: Browser, ...names: string[]): Promise<{ id: number }[]> {
  return Promise.all(names.map(async (name) => signInAs(site, await browser.newContext(), name)));
}

async function asModerator(site: TestSite, page: Page, role: 'moderator' | 'admin' = 'moderator'): Promise<number> {
  const { id } = await signInAs(site, page.context(), `mod_${role}`, role);
  return id;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the moderation queue with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('each held item says why, links its headline to the comment in place, with date and time', async ({
      page,
      site,
      browser,
    }) => {
      const ann = await signInAs(site, await browser.newContext(), 'ann');
      const linked = await seed(site, ann.id, THREE_LINKS);
      const worded = await seed(site, ann.id, 'a casino bonus for you');
      const bob = await signInAs(site, await browser.newContext(), 'bob');
      await seed(site, bob.id, 'an ordinary remark');
      const reported = { id: await seed(site, bob.id, 'a fair point') };
      await report(site, reported.id, ann.id, 'abuse', 'rude');
      await asModerator(site, page);
      await page.goto('/moderation/');

      const links = page.locator(`#item-${linked}`);
      await expect(links.getByRole('list', { name: 'Why it waits' })).toHaveText('Too many links: 3 (at most 2)');
      await expect(page.locator(`#item-${worded}`).getByRole('list', { name: 'Why it waits' })).toHaveText(
        'Banned word: casino bonus',
      );
      const why = page.locator(`#item-${reported.id}`).getByRole('list', { name: 'Why it waits' });
      await expect(why).toContainText('1 report:');
      await expect(why).toContainText('Abuse or harassment — from ann — “rude”');
      await expect(links.getByRole('link', { name: HEADLINE })).toHaveAttribute(
        'href',
        `/articles/${FIRST_STORY_SLUG}/#comment-${linked}`,
      );
      await expect(links.locator('.meta time')).toHaveText(/^\d{1,2} \w+ \d{4}, \d{2}:\d{2} UTC$/);
    });

    test('the queue filters by reason and user and orders oldest first, all in the address', async ({
      page,
      site,
      browser,
    }) => {
      const [ann, bob] = await readers(site, browser, 'ann', 'bob');
      const first = await seed(site, ann.id, THREE_LINKS);
      const second = await seed(site, bob.id, 'a casino bonus for you');
      await asModerator(site, page);
      await page.goto('/moderation/');
      await page.getByLabel('Reason', { exact: true }).selectOption('links');
      await page.getByRole('button', { name: 'Show' }).click();
      await expect(page).toHaveURL(/reason=links/);
      await expect(page.locator('.queue-item')).toHaveCount(1);
      await expect(page.locator(`#item-${first}`)).toBeVisible();

      await page.goto('/moderation/?user=bob');
      await expect(page.locator('.queue-item')).toHaveCount(1);
      await expect(page.locator(`#item-${second}`)).toBeVisible();

      await page.goto('/moderation/?order=oldest');
      await expect(page.locator('.queue-item').first()).toHaveAttribute('id', `item-${first}`);
    });

    test('the queue is paged, 25 to a page', async ({ page, site, browser }) => {
      const ann = await signInAs(site, await browser.newContext(), 'ann');
      for (let n = 0; n < 26; n += 1) await seed(site, ann.id, `${THREE_LINKS} number ${n}`);
      await asModerator(site, page);
      await page.goto('/moderation/');
      await expect(page.getByRole('heading', { name: 'Queue (26)' })).toBeVisible();
      await expect(page.locator('.queue-item')).toHaveCount(25);
      await page.getByRole('link', { name: 'Next page' }).click();
      await expect(page).toHaveURL(/page=2/);
      await expect(page.locator('.queue-item')).toHaveCount(1);
    });

    test('dismissing reports keeps the comment on show and clears it from the queue', async ({
      page,
      site,
      browser,
    }) => {
      const [ann, bob] = await readers(site, browser, 'ann', 'bob');
      const commentId = await seed(site, bob.id, 'a perfectly fine remark');
      await report(site, commentId, ann.id, 'spam');
      await asModerator(site, page);
      await page.goto('/moderation/');
      await page.locator(`#item-${commentId}`).getByRole('button', { name: 'Dismiss reports' }).click();
      await expect(page.getByRole('status')).toHaveText('Reports dismissed; the comment stays.');
      await expect(page.locator(`#item-${commentId}`)).toHaveCount(0);
      expect((await getComment(site.services.db, commentId))?.status).toBe('visible');
    });

    test('delete for good asks first, and Cancel keeps the comment', async ({ page, site, browser }) => {
      const ann = await signInAs(site, await browser.newContext(), 'ann');
      const commentId = await seed(site, ann.id, THREE_LINKS);
      await asModerator(site, page);
      await page.goto('/moderation/');
      await page.locator(`#item-${commentId}`).getByRole('link', { name: 'Delete for good…' }).click();
      const confirm = page.getByRole('region', { name: 'Are you sure?' });
      await expect(confirm).toContainText(`Delete comment ${commentId} by ann for good?`);
      await confirm.getByRole('link', { name: 'Cancel' }).click();
      await expect(page.getByRole('region', { name: 'Are you sure?' })).toHaveCount(0);
      expect((await getComment(site.services.db, commentId))?.status).toBe('pending');

      await page.locator(`#item-${commentId}`).getByRole('link', { name: 'Delete for good…' }).click();
      await page.getByRole('button', { name: 'Yes, delete for good' }).click();
      await expect(page.getByRole('status')).toHaveText('Comment deleted for good.');
      // With no replies, nothing of it is left (removeComment's rule).
      expect(await getComment(site.services.db, commentId)).toBeNull();
    });

    test('a suspension for 24 hours asks first, then the queue says until when', async ({ page, site, browser }) => {
      const ann = await signInAs(site, await browser.newContext(), 'ann');
      const commentId = await seed(site, ann.id, THREE_LINKS);
      await asModerator(site, page);
      await page.goto('/moderation/');
      const item = page.locator(`#item-${commentId}`);
      await item.getByLabel('Suspend for').selectOption('24h');
      await item.getByRole('button', { name: 'Suspend ann…' }).click();
      await page.getByRole('button', { name: 'Yes, suspend ann for 24 hours' }).click();
      await expect(page.getByRole('status')).toHaveText(
        'Author suspended: they cannot post, edit or report until it ends.',
      );
      await expect(page.locator(`#item-${commentId} h3`)).toContainText(
        /suspended until \d{1,2} \w+ \d{4}, \d{2}:\d{2} UTC/,
      );
      const row = await site.services.db.get<{ suspended_until: number }>(
        'SELECT suspended_until FROM users WHERE id = ?',
        [ann.id],
      );
      expect(Number(row?.suspended_until)).toBe(site.clock.now() + 24 * 60 * 60);
    });

    test('ban and suspend are offered only where the role allows them', async ({ page, site, browser }) => {
      const ann = await signInAs(site, await browser.newContext(), 'ann');
      const fellow = await signInAs(site, await browser.newContext(), 'fellow_mod', 'moderator');
      const boss = await signInAs(site, await browser.newContext(), 'boss', 'admin');
      const own = await asModerator(site, page);
      const readers = await seed(site, ann.id, THREE_LINKS);
      const ids = [];
      for (const author of [fellow.id, boss.id, own]) {
        const posted = await postComment(
          site.services.db,
          { storySlug: FIRST_STORY_SLUG, parentId: null, authorId: author, body: `staff ${author}`, status: 'pending' },
          site.clock.now(),
        );
        if (!posted.ok) throw new Error(posted.reason);
        ids.push(posted.comment.id);
      }
      await page.goto('/moderation/');
      await expect(page.locator(`#item-${readers}`).getByRole('link', { name: 'Ban ann…' })).toBeVisible();
      for (const id of ids) {
        await expect(page.locator(`#item-${id}`).getByRole('link', { name: /^Ban / })).toHaveCount(0);
        await expect(page.locator(`#item-${id}`).getByRole('button', { name: /^Suspend / })).toHaveCount(0);
      }
    });

    test('after a decision the page returns to the next item, not the top', async ({ page, site, browser }) => {
      const ann = await signInAs(site, await browser.newContext(), 'ann');
      const older = await seed(site, ann.id, `${THREE_LINKS} older`);
      const newer = await seed(site, ann.id, `${THREE_LINKS} newer`);
      await asModerator(site, page);
      await page.goto('/moderation/?order=oldest');
      await page.locator(`#item-${older}`).getByRole('button', { name: 'Approve' }).click();
      await expect(page.getByRole('status')).toHaveText('Comment approved.');
      await expect(page).toHaveURL(new RegExp(`order=oldest.*#item-${newer}$`));
    });

    test('bulk approve and bulk hide act on the ticked comments', async ({ page, site, browser }) => {
      const ann = await signInAs(site, await browser.newContext(), 'ann');
      const ids = [];
      for (const n of [1, 2, 3]) ids.push(await seed(site, ann.id, `${THREE_LINKS} ${n}`));
      await asModerator(site, page);
      await page.goto('/moderation/');
      await page.getByRole('checkbox', { name: `Choose comment ${ids[0]} by ann` }).check();
      await page.getByRole('checkbox', { name: `Choose comment ${ids[1]} by ann` }).check();
      await page.getByRole('button', { name: 'Approve chosen' }).click();
      await expect(page.getByRole('status')).toHaveText('The chosen comments were approved.');
      expect((await getComment(site.services.db, ids[0] ?? 0))?.status).toBe('visible');
      expect((await getComment(site.services.db, ids[1] ?? 0))?.status).toBe('visible');
      expect((await getComment(site.services.db, ids[2] ?? 0))?.status).toBe('pending');

      await page.getByRole('checkbox', { name: `Choose comment ${ids[2]} by ann` }).check();
      await page.getByLabel('Reason shown to the authors').fill('Link farm');
      await page.getByRole('button', { name: 'Hide chosen' }).click();
      await expect(page.getByRole('status')).toHaveText(
        'The chosen comments were hidden; their authors see your reason.',
      );
      expect((await getComment(site.services.db, ids[2] ?? 0))?.hiddenReason).toBe('Link farm');
    });
  });
}

for (const width of [375, 1280]) {
  test(`the queue reads at ${width} px without scrolling sideways`, async ({ page, site, browser }) => {
    await page.setViewportSize({ width, height: 1400 });
    const dave = await signInAs(site, await browser.newContext(), 'dave-k');
    const ann = await signInAs(site, await browser.newContext(), 'ann_reader');
    await seed(
      site,
      dave.id,
      'Read this https://a.example/a-very-long-path-that-goes-on https://b.example https://c.example',
    );
    await seed(site, ann.id, 'Get your casino bonus today, friends of the newsroom');
    const reported = await seed(site, ann.id, 'I disagree with the premise of this article entirely.');
    await report(site, reported, dave.id, 'off-topic', 'not about the story at all');
    await signInAs(site, page.context(), 'the_moderator', 'moderator');
    await page.goto('/moderation/');
    await expect(page.locator('.queue-item')).toHaveCount(3);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, `queue-${width}.png`), fullPage: true });
  });
}
