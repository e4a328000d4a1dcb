/** The server's own answer to a signed-in reader's comment section (server.ts) against Astro's. */
import { generateHOTP } from '@oslojs/otp';
import { createSession } from '../../src/server/accounts/session.ts';
import { enableTwoFactor, generateTotpKey } from '../../src/server/accounts/two-factor.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { postComment } from '../../src/server/comments/store.ts';
import { test, expect, seedComment, signInAs, FIRST_STORY_SLUG, type TestSite } from './site.ts';

const sectionPath = `/api/comment-section?story=${FIRST_STORY_SLUG}`;

async function reader(site: TestSite, username: string): Promise<string> {
  const created = await signUp(site.services.db, { username, password: 'a long enough password' }, 1);
  if (!created.ok) throw new Error(created.message);
  const stored = await postComment(
    site.services.db,
    { storySlug: FIRST_STORY_SLUG, parentId: null, authorId: created.user.id, body: `Written by ${username}.` },
    site.clock.now(),
  );
  if (!stored.ok) throw new Error(stored.reason);
  return (await createSession(site.services.db, created.user.id, site.clock.now())).token;
}

test('a signed-in reader gets the same answer from the server as from the endpoint, never cached', async ({
  request,
  site,
}) => {
  const token = await reader(site, 'fast_reader');
  const headers = { Cookie: `session=${token}` };
  const first = await request.get(sectionPath, { headers });
  const second = await request.get(sectionPath, { headers });
  expect(first.status()).toBe(200);
  expect(await second.text()).toBe(await first.text());
  // Astro streams its answers; the server's own carries its length, which tells the two apart.
  expect(first.headers()['content-length']).toBeUndefined();
  expect(second.headers()['content-length']).toMatch(/^\d+$/);
  expect(second.headers()['content-encoding']).toBe('gzip');
  expect(second.headers()['cache-control']).toBe('no-store');
  expect(second.headers()['content-security-policy']).toBe(first.headers()['content-security-policy']);
  const answer = (await second.json()) as { html: string; accountNav: string; reader: { own: object } };
  expect(answer.accountNav).toContain('fast_reader');
  expect(answer.html).not.toContain('data-panel>Edit</a>');
  expect(Object.values(answer.reader.own).join('')).toContain('data-panel>Edit</a>');
});

test('a cookie naming no session, or a session due for its hourly refresh, is answered by the middleware', async ({
  request,
  site,
}) => {
  const token = await reader(site, 'slow_reader');
  await request.get(sectionPath);
  const forged = await request.get(sectionPath, { headers: { Cookie: `session=${'a'.repeat(24)}.${'b'.repeat(52)}` } });
  expect(forged.status()).toBe(200);
  expect(forged.headers()['set-cookie']).toMatch(/^session=;/);
  expect(((await forged.json()) as { html: string }).html).toContain('Sign in');
  site.clock.advance(2 * 60 * 60);
  const due = await request.get(sectionPath, { headers: { Cookie: `session=${token}` } });
  expect(due.headers()['set-cookie']).toMatch(/^session=[a-z2-7]{24}\./);
  expect(((await due.json()) as { accountNav: string }).accountNav).toContain('slow_reader');
});

test('a staff session still waiting for its second factor reads the section from the server as signed out', async ({
  page,
  site,
}) => {
  await seedComment(site, 'other_reader', 'A comment staff could feature.');
  const { id } = await signInAs(site, page.context(), 'half_signed_in', 'moderator');
  const key = generateTotpKey();
  const code = generateHOTP(key, BigInt(Math.floor(site.clock.now() / 30)), 6);
  expect((await enableTwoFactor(site.services.db, id, key, code, site.clock.now())).ok).toBe(true);
  await postComment(
    site.services.db,
    { storySlug: FIRST_STORY_SLUG, parentId: null, authorId: id, body: 'Written before the second factor.' },
    site.clock.now(),
  );
  // The story's first section request goes through Astro; from then on the server's own check
  // of the session decides (server.ts), which hands this one to the middleware.
  expect((await page.request.get(sectionPath, { headers: { Cookie: '' } })).status()).toBe(200);
  expect(site.services.threads.stories.has(FIRST_STORY_SLUG)).toBe(true);
  await page.goto(`/articles/${FIRST_STORY_SLUG}/`);
  const comments = page.locator('[data-comment-section]');
  await expect(comments.locator('.comment-body').getByText('Written before the second factor.')).toBeVisible();
  await expect(comments.getByText('Sign in or create an account to join the discussion.')).toBeVisible();
  await expect(comments.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(comments.getByRole('button', { name: 'Like' })).toHaveCount(0);
  await expect(comments.getByRole('button', { name: 'Feature' })).toHaveCount(0);
  await expect(comments.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await expect(comments.getByRole('link', { name: 'Reply' })).toHaveCount(0);
  await expect(page.locator('[data-account-nav]')).not.toContainText('half_signed_in');
});
