/**
 * Issue 13 as a new reader meets it: sign up with an email, confirm it with the code from the
 * `.eml` file the embedded transport wrote into DATA_DIR/outbox/, opt in, hear of a reply once,
 * follow the links; forget the password and set a new one from the emailed link. The mail is
 * sent by the server's own sender, driven here at the test's clock.
 */
import AxeBuilder from '@axe-core/playwright';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { mailDelivery } from '../../src/server/app/mail.ts';
import { deliverDueMail } from '../../src/server/mail/delivery.ts';
import { test, expect, signInAs, FIRST_STORY_SLUG, type TestSite } from './site.ts';

test.use({ serverEnv: { COMMENT_INTERVAL_SECONDS: '0' } });

const storyPath = `/articles/${FIRST_STORY_SLUG}/`;
/** Without JavaScript the story page links to its comments page, which the server renders. */
const commentsPath = (javaScriptEnabled: boolean): string => (javaScriptEnabled ? storyPath : `${storyPath}comments/`);

/** Sends what is due and answers the messages written since the last call, oldest first. */
async function newMail(site: TestSite, seen: Set<string>): Promise<ParsedMail[]> {
  const delivery = await mailDelivery(site.services, 'The Ledger');
  await deliverDueMail(site.services.db, delivery, site.clock.now());
  delivery.transport.close();
  const dir = join(site.services.config.dataDir, 'outbox');
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.eml') && !seen.has(name))
    .sort();
  for (const file of files) seen.add(file);
  return Promise.all(files.map((file) => simpleParser(readFileSync(join(dir, file)))));
}

function codeIn(mail: ParsedMail): string {
  const code = /Your code is (\d{8})\./.exec(mail.text ?? '')?.[1];
  if (code === undefined) throw new Error(`no code in ${mail.text}`);
  return code;
}

/** A link of ours in the text part, made relative to the test server. */
function linkIn(mail: ParsedMail, pattern: RegExp): string {
  const link = pattern.exec(mail.text ?? '')?.[0];
  if (link === undefined) throw new Error(`no link like ${pattern} in ${mail.text}`);
  const url = new URL(link);
  return `${url.pathname}${url.search}${url.hash}`;
}

async function signUpWithEmail(page: Page, username: string, email: string): Promise<void> {
  await page.goto('/signup/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByLabel('Email (optional)').fill(email);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signup'));
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });
    // Each test walks a whole flow through several pages and two browsers.
    test.setTimeout(120_000);

    test('a new reader confirms their email, opts in, hears of a reply once and unsubscribes', async ({
      page,
      browser,
      site,
    }) => {
      const seen = new Set<string>();
      await signUpWithEmail(page, 'ada', 'ada@example.org');
      const [welcome] = await newMail(site, seen);
      expect(welcome?.to).toMatchObject({ text: 'ada@example.org' });
      expect(welcome?.subject).toBe('Your verification code – The Ledger');

      await page.goto('/account/');
      await page.getByLabel('Code from the email').fill(codeIn(welcome!));
      await page.getByRole('button', { name: 'Confirm address' }).click();
      await expect(page.getByRole('status')).toHaveText('Your email address is confirmed.');
      await page.getByLabel('Email me when someone replies to me').check();
      await page.getByRole('button', { name: 'Save email choices' }).click();
      await expect(page.getByRole('status')).toHaveText('Your email choices are saved.');
      await expect(page.getByLabel('Email me when someone replies to me')).toBeChecked();

      await page.goto(commentsPath(javaScriptEnabled));
      const comments = page.locator('#comments');
      await comments.getByLabel('Comment', { exact: true }).fill('Ada asks a question.');
      await comments.getByRole('button', { name: 'Post comment' }).click();
      await expect(comments.locator('.comment-body', { hasText: 'Ada asks a question.' })).toBeVisible();

      const bobContext = await browser.newContext({ baseURL: site.url, javaScriptEnabled });
      const bobPage = await bobContext.newPage();
      await signInAs(site, bobContext, 'bob');
      await bobPage.goto(commentsPath(javaScriptEnabled));
      const parent = bobPage.locator('#comments article.comment', { hasText: 'Ada asks a question.' }).first();
      await parent.getByRole('link', { name: 'Reply' }).first().click();
      await parent.getByLabel('Reply', { exact: true }).first().fill('Bob answers <b>boldly</b>.');
      await parent.getByRole('button', { name: 'Post reply' }).first().click();
      await expect(bobPage.locator('.comment-body', { hasText: 'Bob answers' })).toBeVisible();
      await bobContext.close();

      const notes = await newMail(site, seen);
      expect(notes).toHaveLength(1);
      const [note] = notes;
      expect(note?.subject).toBe('bob replied to you – The Ledger');
      expect(note?.text).toContain('Bob answers <b>boldly</b>.');
      expect(note?.html).toContain('Bob answers &lt;b&gt;boldly&lt;/b&gt;.');
      const postHeader = note?.headerLines.find((line) => line.key === 'list-unsubscribe-post')?.line;
      expect(postHeader).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

      await page.goto('/'); // away first: a link to the page already open would only move to its anchor
      await page.goto(linkIn(note!, /http\S+#comment-\d+/));
      const anchor = new URL(page.url()).hash;
      await expect(page.locator(`${anchor} .comment-body`).first()).toContainText('Bob answers');

      await page.context().clearCookies();
      await page.goto(linkIn(note!, /http\S+\/unsubscribe\/\S+/));
      await expect(page.getByText('Stop emails about replies to you?')).toBeVisible();
      await page.getByRole('button', { name: 'Unsubscribe' }).click();
      await expect(page.getByRole('status')).toContainText('You will get no more emails about replies.');
      const row = await site.services.db.get<{ notify_replies: number }>(
        `SELECT notify_replies FROM users WHERE username = 'ada'`,
      );
      expect(Number(row?.notify_replies)).toBe(0);
    });

    test('a reader who forgot their password sets a new one from the emailed link; old sessions end', async ({
      page,
      browser,
      site,
    }) => {
      const seen = new Set<string>();
      await signUpWithEmail(page, 'cyd', 'cyd@example.org');
      const [welcome] = await newMail(site, seen);
      await page.goto('/account/');
      await page.getByLabel('Code from the email').fill(codeIn(welcome!));
      await page.getByRole('button', { name: 'Confirm address' }).click();
      await expect(page.getByRole('status')).toHaveText('Your email address is confirmed.');

      const other = await browser.newContext({ baseURL: site.url, javaScriptEnabled });
      const otherPage = await other.newPage();
      await otherPage.goto('/login/');
      await otherPage.getByRole('link', { name: 'Forgot your password?' }).click();
      await otherPage.getByLabel('Email').fill('cyd@example.org');
      await otherPage.getByRole('button', { name: 'Send reset link' }).click();
      await expect(otherPage.getByRole('status')).toContainText('If an account has that verified address');

      const [reset] = await newMail(site, seen);
      expect(reset?.subject).toBe('Reset your password – The Ledger');
      const response = await otherPage.goto(linkIn(reset!, /http\S+\/reset-password\/\S+/));
      expect(response?.headers()['referrer-policy']).toBe('no-referrer');
      await otherPage.getByLabel('New password').fill('a new and different passphrase');
      await otherPage.getByRole('button', { name: 'Set new password' }).click();
      await otherPage.waitForURL(/\/account\/$/);
      await expect(otherPage.getByText('You are signed in as')).toContainText('cyd');
      await other.close();

      await page.goto('/account/');
      await expect(page).toHaveURL(/\/login\//);
    });
  });
}

test('the mail pages have no accessibility violations, errors shown beside their fields', async ({ page, site }) => {
  test.setTimeout(120_000); // five pages through axe
  await page.goto('/forgot-password/');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  const pages: string[] = [
    '/forgot-password/',
    '/reset-password/?token=nonsense',
    '/unsubscribe/?user=1&list=replies&sig=x',
  ];
  const { id } = await signInAs(site, page.context(), 'moira', 'moderator');
  await site.services.db.run(`UPDATE users SET email = 'moira@example.org' WHERE id = ?`, [id]);
  pages.push('/account/');
  for (const path of pages) {
    await page.goto(path);
    const result = await new AxeBuilder({ page }).analyze();
    expect(result.violations.map((violation) => `${path} ${violation.id}: ${violation.help}`)).toEqual([]);
  }
  await page.goto('/account/');
  await page.getByLabel('Code from the email').fill('123');
  await page.getByRole('button', { name: 'Confirm address' }).click();
  await expect(page.getByLabel('Code from the email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toHaveText('The code is the 8 digits in the email we sent.');
  await expect(page.getByLabel('Email me a daily digest of comments waiting for review')).toBeVisible();
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((violation) => `/account/email/ ${violation.id}: ${violation.help}`)).toEqual([]);
});
