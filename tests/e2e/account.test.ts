/**
 * The account page (issue 13 items 3 and 6) as a reader uses it, with JavaScript on and off:
 * every part is a plain form that posts and redirects.
 */
import type { Browser, Page } from '@playwright/test';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { test, expect, signInAs, FIRST_STORY_SLUG, type TestSite } from './site.ts';
import { createSession } from '../../src/server/accounts/session.ts';
import { sessionCookieName } from '../../src/server/accounts/session-cookie.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { postComment } from '../../src/server/comments/store.ts';

const PASSWORD = 'a long enough password';
const NEW_PASSWORD = 'a brand new passphrase';

/** An account that is not signed in here, made through src/server. */
async function addReader(site: TestSite, username: string): Promise<number> {
  const made = await signUp(site.services.db, { username, password: PASSWORD, email: null }, site.clock.now());
  if (!made.ok) throw new Error(made.message);
  return made.user.id;
}

/** A comment on the fixture's lead story, as `authorId` would post it; answers its id. */
async function addCommentAs(site: TestSite, authorId: number, body: string, parentId: number | null = null) {
  const storySlug = FIRST_STORY_SLUG;
  const posted = await postComment(site.services.db, { storySlug, parentId, authorId, body }, site.clock.now());
  if (!posted.ok) throw new Error(JSON.stringify(posted));
  return posted.comment.id;
}

/** Another browser signed in to the same account, as the device list would show it. */
async function otherDevice(site: TestSite, browser: Browser, userId: number): Promise<Page> {
  const { token } = await createSession(site.services.db, userId, site.clock.now(), { browser: 'Safari on iOS' });
  const context = await browser.newContext();
  await context.addCookies([{ name: sessionCookieName(false), value: token, url: site.url }]);
  return context.newPage();
}

async function isSignedIn(page: Page): Promise<boolean> {
  const answer = (await (await page.request.get('/api/session')).json()) as { viewer: unknown };
  return answer.viewer !== null;
}

function codeNow(site: TestSite, key: string): string {
  return generateHOTP(decodeBase32IgnorePadding(key.replace(/\s/g, '')), BigInt(Math.floor(site.clock.now() / 30)), 6);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('changing the password signs the other device out and keeps this one', async ({ page, site, browser }) => {
      const { id } = await signInAs(site, page.context(), 'changer');
      const elsewhere = await otherDevice(site, browser, id);
      await page.goto('/account/');
      await page.getByLabel('Current password').fill('not my password');
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect(page.getByText('That is not your current password.')).toBeVisible();
      expect(await isSignedIn(elsewhere)).toBe(true);

      await page.getByLabel('Current password').fill(PASSWORD);
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
      await expect(page.getByRole('status')).toContainText('Your password is changed.');
      expect(await isSignedIn(page)).toBe(true);
      expect(await isSignedIn(elsewhere)).toBe(false);
    });

    test('the device list names each browser; one can be signed out, then all', async ({ page, site, browser }) => {
      const { id } = await signInAs(site, page.context(), 'traveller');
      const phone = await otherDevice(site, browser, id);
      await page.goto('/account/');
      const devices = page.locator('#devices');
      await expect(devices.getByText('This device', { exact: true })).toBeVisible();
      await expect(devices.getByText('Safari on iOS')).toBeVisible();
      await devices.getByRole('button', { name: /^Sign out Safari on iOS/ }).click();
      await expect(page.getByRole('status')).toHaveText('That device is signed out.');
      await expect(devices.getByText('Safari on iOS')).toHaveCount(0);
      expect(await isSignedIn(phone)).toBe(false);

      const laptop = await otherDevice(site, browser, id);
      await page.goto('/account/');
      await page.getByRole('button', { name: 'Sign out everywhere' }).click();
      await expect(page).toHaveURL(new URL('/', site.url).href);
      expect(await isSignedIn(page)).toBe(false);
      expect(await isSignedIn(laptop)).toBe(false);
    });

    test('Download my data saves a JSON file of the account and its comments', async ({ page, site }) => {
      const { id } = await signInAs(site, page.context(), 'archivist');
      await addCommentAs(site, id, 'Worth keeping');
      await page.goto('/account/');
      const downloading = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Download my data' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^the-ledger-archivist-\d{4}-\d{2}-\d{2}\.json$/);
      const chunks: Buffer[] = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
      const data = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        account: { username: string };
        comments: { story: string; storyTitle: string | null; text: string }[];
      };
      expect(data.account.username).toBe('archivist');
      expect(data.comments).toMatchObject([{ story: FIRST_STORY_SLUG, text: 'Worth keeping' }]);
      expect(data.comments[0]?.storyTitle).toMatch(/Anthropic/);
    });

    test('deleting the account leaves a placeholder where a reply hangs, and reserves the username', async ({
      page,
      site,
    }) => {
      const { id } = await signInAs(site, page.context(), 'leaver');
      const replier = await addReader(site, 'replier');
      const answered = await addCommentAs(site, id, 'Answered by someone');
      await addCommentAs(site, replier, 'My answer', answered);
      await addCommentAs(site, id, 'Nobody answered');
      await page.goto('/account/');
      const part = page.locator('#delete');
      await part.getByLabel('Your password').fill('wrong password');
      await part.getByRole('button', { name: 'Delete my account' }).click();
      await expect(page.getByText('That is not your current password.')).toBeVisible();
      await page.locator('#delete').getByLabel('Your password').fill(PASSWORD);
      await page.locator('#delete').getByRole('button', { name: 'Delete my account' }).click();
      await expect(page.getByRole('heading', { name: 'Your account is deleted' })).toBeVisible();
      expect(await isSignedIn(page)).toBe(false);

      await page.goto(`/articles/${FIRST_STORY_SLUG}/comments/`);
      await expect(page.getByText('Comment deleted')).toBeVisible();
      await expect(page.getByText('My answer')).toBeVisible();
      await expect(page.getByText('Nobody answered')).toHaveCount(0);
      await expect(page.getByText('Answered by someone')).toHaveCount(0);

      await page.goto('/signup/');
      await page.getByLabel('Username').fill('leaver');
      await page.getByLabel('Password').fill(PASSWORD + ' again');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect(page.getByText(/belonged to an account that was deleted; it stays reserved until/)).toBeVisible();
    });

    test('two-factor sign-in: set up, sign in with a code, then with the recovery code', async ({ page, site }) => {
      await signInAs(site, page.context(), 'careful');
      await page.goto('/account/');
      const part = page.locator('#two-factor');
      const key = (await part.locator('.totp-key').textContent()) ?? '';
      await expect(part.getByRole('link', { name: 'open it in your app' })).toHaveAttribute(
        'href',
        /^otpauth:\/\/totp\//,
      );
      await part.getByLabel('The code your app shows').fill('000000');
      await part.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
      await expect(page.getByText('That code is not right.')).toBeVisible();
      await page.locator('#two-factor').getByLabel('The code your app shows').fill(codeNow(site, key));
      await page.locator('#two-factor').getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
      const recoveryCode = (await page.locator('.recovery-code code').textContent()) ?? '';
      expect(recoveryCode).toMatch(/^[a-z2-7]{26}$/);

      await page.context().clearCookies();
      site.clock.advance(30);
      await page.goto('/login/?return_to=%2Faccount%2F');
      await page.getByLabel('Username').fill('careful');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
      expect(await isSignedIn(page)).toBe(false);
      await page.goto('/account/');
      await expect(page).toHaveURL(/\/login\//);
      await page.goto('/login/two-factor/?return_to=%2Faccount%2F');
      await page.getByLabel('Code from your authenticator app').fill(codeNow(site, key));
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page).toHaveURL(new URL('/account/', site.url).href);
      await expect(page.locator('#two-factor')).toContainText('On: after your password');

      await page.context().clearCookies();
      await page.goto('/login/');
      await page.getByLabel('Username').fill('careful');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Recovery code').fill(recoveryCode);
      await page.getByRole('button', { name: 'Sign in with the recovery code' }).click();
      await expect(page.getByRole('status').first()).toContainText('You signed in with your recovery code');
      await expect(page.locator('#two-factor')).toContainText('Off.');
    });

    test.describe('with STAFF_TWO_FACTOR=required', () => {
      test.use({ serverEnv: { STAFF_TWO_FACTOR: 'required' } });

      test('a moderator is sent to set up two-factor sign-in before the moderation pages open', async ({
        page,
        site,
      }) => {
        await signInAs(site, page.context(), 'gatekeeper', 'moderator');
        await page.goto('/moderation/');
        await expect(page).toHaveURL(/\/account\/\?two_factor=required#two-factor$/);
        await expect(page.getByText('Moderators and admins must set up two-factor sign-in')).toBeVisible();
        const part = page.locator('#two-factor');
        const key = (await part.locator('.totp-key').textContent()) ?? '';
        await part.getByLabel('The code your app shows').fill(codeNow(site, key));
        await part.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
        await expect(page.locator('.recovery-code')).toBeVisible();
        await page.goto('/moderation/');
        await expect(page.getByRole('heading', { level: 1 })).toContainText('Moderation');
      });
    });

    test('a moderator deletes an account from its record in moderation, and the log says so', async ({
      page,
      site,
    }) => {
      await signInAs(site, page.context(), 'deleter', 'moderator');
      const id = await addReader(site, 'spammer');
      await addCommentAs(site, id, 'Buy cheap watches');
      await page.goto('/moderation/users/spammer/');
      const part = page.locator('section', { has: page.getByRole('heading', { name: 'Delete this account' }) });
      await part.getByLabel('Reason, for the log').fill('Spam only');
      await part.getByLabel('I mean to delete spammer’s account').check();
      await part.getByRole('button', { name: 'Delete spammer’s account' }).click();
      await expect(page.getByRole('status')).toContainText('Account deleted');
      await page.goto(`/articles/${FIRST_STORY_SLUG}/comments/`);
      await expect(page.getByText('Buy cheap watches')).toHaveCount(0);
      const entry = await site.services.db.get<{ reason: string }>(
        `SELECT reason FROM audit_log WHERE action = 'delete-user'`,
      );
      expect(entry?.reason).toBe('Spam only');
    });
  });
}
