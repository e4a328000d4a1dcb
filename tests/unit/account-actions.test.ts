import assert from 'node:assert/strict';
import test from 'node:test';
import { createSession, listUserSessions, validateSessionToken } from '../../src/server/accounts/session.ts';
import { authenticate, signUp, type User } from '../../src/server/accounts/user.ts';
import { performChangePassword } from '../../src/server/actions/change-password.ts';
import { performDeleteAccount } from '../../src/server/actions/delete-account.ts';
import { performSignOutDevice } from '../../src/server/actions/sign-out.ts';
import { startEmailVerification } from '../../src/server/mail/email-verification.ts';
import { requestPasswordReset } from '../../src/server/mail/password-reset.ts';
import { actionServices, recordingCookieJar, type ActionServices } from './action-services.ts';
import { addComment, addUser } from './fixtures.ts';

const CLIENT_IP = '203.0.113.7';
const PASSWORD = 'a long enough password';
const NEW_PASSWORD = 'another long passphrase';
const DAY = 24 * 60 * 60;

async function addReader(services: ActionServices, username = 'reader'): Promise<User> {
  const created = await signUp(services.db, { username, password: PASSWORD }, services.clock.now());
  if (!created.ok) throw new Error(created.message);
  return created.user;
}

async function signIn(services: ActionServices, user: User, browser = 'Firefox on Linux') {
  return createSession(services.db, user.id, services.clock.now(), { browser });
}

async function isSignedIn(services: ActionServices, token: string): Promise<boolean> {
  return (await validateSessionToken(services.db, token, services.clock.now())) !== null;
}

test('changing the password asks for the current one, then ends every other session but this one', async (t) => {
  const services = await actionServices(t);
  const user = await addReader(services);
  const here = await signIn(services, user);
  const there = await signIn(services, user, 'Chrome on Android');
  const request = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD };
  assert.deepEqual(await performChangePassword(services, user, here.session, request, CLIENT_IP), { ok: true });
  assert.equal(await isSignedIn(services, here.token), true);
  assert.equal(await isSignedIn(services, there.token), false);
  assert.equal((await authenticate(services.db, 'reader', NEW_PASSWORD)).ok, true);
  assert.equal((await authenticate(services.db, 'reader', PASSWORD)).ok, false);
});

test('a wrong current password changes nothing and ends no session', async (t) => {
  const services = await actionServices(t);
  const user = await addReader(services);
  const here = await signIn(services, user);
  const there = await signIn(services, user);
  const request = { currentPassword: 'not the password', newPassword: NEW_PASSWORD };
  assert.deepEqual(await performChangePassword(services, user, here.session, request, CLIENT_IP), {
    ok: false,
    status: 400,
    field: 'current-password',
    message: 'That is not your current password.',
  });
  assert.equal(await isSignedIn(services, there.token), true);
  assert.equal((await authenticate(services.db, 'reader', PASSWORD)).ok, true);
});

test('a new password follows the sign-up rules: length, no username, not a common one', async (t) => {
  const services = await actionServices(t);
  const user = await addReader(services);
  const { session } = await signIn(services, user);
  for (const newPassword of ['short', 'my reader password', 'password123']) {
    const outcome = await performChangePassword(
      services,
      user,
      session,
      { currentPassword: PASSWORD, newPassword },
      CLIENT_IP,
    );
    assert.equal(!outcome.ok && outcome.field, 'new-password', newPassword);
  }
  assert.equal((await authenticate(services.db, 'reader', PASSWORD)).ok, true);
});

test('guessing the current password runs into the sign-in limit of the account', async (t) => {
  const services = await actionServices(t);
  const user = await addReader(services);
  const { session } = await signIn(services, user);
  const guess = { currentPassword: 'a wrong guess', newPassword: NEW_PASSWORD };
  for (let attempt = 0; attempt < 5; attempt++) {
    assert.equal((await performChangePassword(services, user, session, guess, CLIENT_IP)).ok, false);
  }
  const right = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD };
  const refused = await performChangePassword(services, user, session, right, CLIENT_IP);
  assert.equal(!refused.ok && refused.status, 429);
});

test('the device list shows each session with its browser, the most recently used first', async (t) => {
  const services = await actionServices(t);
  const user = await addReader(services);
  const older = await signIn(services, user, 'Firefox on Linux');
  services.clock.advance(2 * 60 * 60);
  const newer = await signIn(services, user, 'Safari on iOS');
  const devices = await listUserSessions(services.db, user.id, services.clock.now());
  assert.deepEqual(
    devices.map((device) => [device.id, device.browser]),
    [
      [newer.session.id, 'Safari on iOS'],
      [older.session.id, 'Firefox on Linux'],
    ],
  );
});

test('signing out one device ends that session only, and never another account’s', async (t) => {
  const services = await actionServices(t);
  const user = await addReader(services);
  const other = await addReader(services, 'someone_else');
  const here = await signIn(services, user);
  const there = await signIn(services, user);
  const theirs = await signIn(services, other);
  assert.equal(await performSignOutDevice(services, user.id, theirs.session.id), false);
  assert.equal(await isSignedIn(services, theirs.token), true);
  assert.equal(await performSignOutDevice(services, user.id, there.session.id), true);
  assert.equal(await isSignedIn(services, there.token), false);
  assert.equal(await isSignedIn(services, here.token), true);
});

test('deleting the account needs the password, leaves placeholders where replies hang, and signs out', async (t) => {
  const services = await actionServices(t);
  const user = await addReader(services);
  const replier = await addUser(services.db, 'replier');
  const answered = await addComment(services.db, user.id, { body: 'Answered' });
  await addComment(services.db, replier, { parentId: answered.id, body: 'A reply' });
  const alone = await addComment(services.db, user.id, { body: 'Alone' });
  const here = await signIn(services, user);
  const jar = recordingCookieJar();

  const wrong = await performDeleteAccount(services, user, 'not the password', CLIENT_IP, jar);
  assert.equal(wrong.ok, false);
  assert.equal(await isSignedIn(services, here.token), true);

  assert.deepEqual(await performDeleteAccount(services, user, PASSWORD, CLIENT_IP, jar), { ok: true });
  assert.equal(await isSignedIn(services, here.token), false);
  assert.equal(jar.cookies.get('session')?.value, '');
  const comments = await services.db.all<{ id: number; status: string; body: string }>(
    'SELECT id, status, body FROM comments WHERE author_id = ? ORDER BY id',
    [user.id],
  );
  assert.deepEqual(
    comments.map((comment) => ({ ...comment, id: Number(comment.id) })),
    [{ id: answered.id, status: 'deleted', body: '' }],
  );
  assert.equal(
    comments.find((comment) => Number(comment.id) === alone.id),
    undefined,
  );
  const row = await services.db.get<{ email: string | null; password_hash: string }>(
    'SELECT email, password_hash FROM users WHERE id = ?',
    [user.id],
  );
  assert.deepEqual({ ...row }, { email: null, password_hash: '' });
  assert.equal((await authenticate(services.db, 'reader', PASSWORD)).ok, false);
});

test('a deleted account’s reports go with it', async (t) => {
  const services = await actionServices(t);
  const user = await addReader(services);
  const author = await addUser(services.db, 'author');
  const comment = await addComment(services.db, author);
  await services.db.run(`INSERT INTO reports (comment_id, reporter_id, reason, created_at) VALUES (?, ?, 'spam', ?)`, [
    comment.id,
    user.id,
    services.clock.now(),
  ]);
  await performDeleteAccount(services, user, PASSWORD, CLIENT_IP, recordingCookieJar());
  assert.equal(await services.db.get('SELECT id FROM reports WHERE reporter_id = ?', [user.id]), null);
});

test('a deleted account’s username stays reserved for 30 days, with a clear message, then can be taken', async (t) => {
  const services = await actionServices(t);
  const user = await addReader(services, 'Departed');
  await performDeleteAccount(services, user, PASSWORD, CLIENT_IP, recordingCookieJar());
  services.clock.advance(29 * DAY);
  const early = await signUp(services.db, { username: 'departed', password: PASSWORD }, services.clock.now());
  assert.equal(early.ok, false);
  assert.match(!early.ok ? early.message : '', /belonged to an account that was deleted; it stays reserved until /);
  services.clock.advance(DAY);
  const later = await signUp(services.db, { username: 'departed', password: PASSWORD }, services.clock.now());
  assert.equal(later.ok && later.user.username, 'departed');
  assert.notEqual(later.ok && later.user.id, user.id);
});

test('a username still in use says it is taken, as before', async (t) => {
  const services = await actionServices(t);
  await addReader(services, 'present');
  const again = await signUp(services.db, { username: 'present', password: PASSWORD }, services.clock.now());
  assert.deepEqual(!again.ok && again.message, 'That username is taken. Please choose another.');
});

test('a deleted account leaves no address, code, reset link, queued email or mail choice behind', async (t) => {
  const services = await actionServices(t);
  const user = await addReader(services);
  const now = services.clock.now();
  await services.db.run(
    'UPDATE users SET email = ?, email_verified_at = ?, notify_replies = 1, moderator_digest = 1 WHERE id = ?',
    ['reader@example.org', now, user.id],
  );
  assert.equal(await requestPasswordReset(services.db, 'reader@example.org', now), 1);
  await services.db.transaction((tx) => startEmailVerification(tx, user.id, 'new@example.org', now));
  await performDeleteAccount(services, user, PASSWORD, CLIENT_IP, recordingCookieJar());
  for (const table of ['email_verifications', 'password_resets', 'mail_outbox']) {
    assert.equal(await services.db.get(`SELECT user_id FROM ${table} WHERE user_id = ?`, [user.id]), null, table);
  }
  const row = await services.db.get<Record<string, unknown>>(
    'SELECT email_verified_at, notify_replies, moderator_digest FROM users WHERE id = ?',
    [user.id],
  );
  assert.deepEqual({ ...row }, { email_verified_at: null, notify_replies: 0, moderator_digest: 0 });
});
