/** Issue 13.2: "Forgot your password?" by an emailed link. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { createSession, validateSessionToken } from '../../src/server/accounts/session.ts';
import { authenticate } from '../../src/server/accounts/user.ts';
import {
  isResetLinkLive,
  performForgotPassword,
  performResetPassword,
  RESET_LINK_DEAD,
  RESET_SENT_MESSAGE,
} from '../../src/server/actions/password-reset.ts';
import { RESET_LIFETIME_SECONDS } from '../../src/server/mail/password-reset.ts';
import { actionServices, recordingCookieJar, type ActionServices } from './action-services.ts';
import { addMailUser, capturingTransport, deliver, resetTokenIn } from './mail-helpers.ts';

const IP = '203.0.113.9';
const NEW_PASSWORD = 'a brand new passphrase';

async function resetLink(services: ActionServices, email = 'reader@example.org'): Promise<string> {
  assert.equal((await performForgotPassword(services, email, IP)).ok, true);
  const transport = capturingTransport();
  await deliver(services, transport);
  const mail = transport.sent.find((sent) => sent.to === email);
  assert.ok(mail !== undefined, 'the reset email was sent');
  return resetTokenIn(mail);
}

test('the answer is the same whether or not an account has the address, and only a verified one gets mail', async (t) => {
  const services = await actionServices(t);
  await addMailUser(services.db, 'reader');
  await services.db.run(`UPDATE users SET email = 'unverified@example.org' WHERE id = ?`, [
    await addMailUser(services.db, 'other'),
  ]);
  await services.db.run(`UPDATE users SET email_verified_at = NULL WHERE username = 'other'`);
  const known = await performForgotPassword(services, 'Reader@Example.org', IP);
  const unknown = await performForgotPassword(services, 'nobody@example.org', '203.0.113.10');
  const unverified = await performForgotPassword(services, 'unverified@example.org', '203.0.113.11');
  assert.deepEqual(known, { ok: true, message: RESET_SENT_MESSAGE });
  assert.deepEqual(unknown, known);
  assert.deepEqual(unverified, known);
  const transport = capturingTransport();
  await deliver(services, transport);
  assert.deepEqual(
    transport.sent.map((mail) => mail.to),
    ['reader@example.org'],
  );
  assert.equal(transport.sent[0]?.subject, 'Reset your password – The Ledger');
});

test('the token is stored as its SHA-256 only', async (t) => {
  const services = await actionServices(t);
  await addMailUser(services.db, 'reader');
  const token = await resetLink(services);
  const rows = await services.db.all<{ token_hash: Uint8Array }>('SELECT token_hash FROM password_resets');
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.token_hash.length, 32);
  assert.equal(Buffer.from(rows[0]!.token_hash).toString('latin1').includes(token), false);
});

test('a reset sets the password, ends every session, signs in afresh and uses the link up', async (t) => {
  const services = await actionServices(t);
  const userId = await addMailUser(services.db, 'reader');
  const old = await createSession(services.db, userId, services.clock.now());
  const token = await resetLink(services);
  assert.equal(await isResetLinkLive(services, token), true);
  const jar = recordingCookieJar();
  assert.deepEqual(await performResetPassword(services, token, NEW_PASSWORD, jar, null), { ok: true });
  assert.equal(await validateSessionToken(services.db, old.token, services.clock.now()), null, 'old session gone');
  const cookie = jar.cookies.get('session');
  assert.ok(cookie !== undefined);
  assert.equal((await validateSessionToken(services.db, cookie.value, services.clock.now()))?.user.id, userId);
  assert.equal((await authenticate(services.db, 'reader', NEW_PASSWORD)).ok, true);
  assert.equal(await isResetLinkLive(services, token), false);
  assert.deepEqual(await performResetPassword(services, token, 'yet another passphrase', recordingCookieJar(), null), {
    ok: false,
    status: 400,
    place: 'form',
    message: RESET_LINK_DEAD,
  });
});

test('a link past its hour, a tampered token and a malformed one reset nothing', async (t) => {
  const services = await actionServices(t);
  await addMailUser(services.db, 'reader');
  const token = await resetLink(services);
  const tampered = (token[0] === 'a' ? 'b' : 'a') + token.slice(1);
  for (const bad of [tampered, token.slice(1), `${token}a`, '', '../etc']) {
    assert.equal(await isResetLinkLive(services, bad), false, bad);
  }
  services.clock.advance(RESET_LIFETIME_SECONDS);
  assert.equal(await isResetLinkLive(services, token), false);
  const late = await performResetPassword(services, token, NEW_PASSWORD, recordingCookieJar(), null);
  assert.ok(!late.ok && late.place === 'form');
});

test('the new password follows the sign-up rules', async (t) => {
  const services = await actionServices(t);
  await addMailUser(services.db, 'reader');
  const token = await resetLink(services);
  for (const [password, message] of [
    ['short', 'Passwords need at least 8 characters.'],
    ['Password1', 'That password is one of the most common ones and easily guessed. Choose another.'],
    ['my READER password', 'Your password must not contain your username. Choose another.'],
  ] as const) {
    assert.deepEqual(await performResetPassword(services, token, password, recordingCookieJar(), null), {
      ok: false,
      status: 400,
      place: 'password',
      message,
    });
  }
  assert.equal(await isResetLinkLive(services, token), true, 'a refused password leaves the link usable');
});

test('a fourth request for one address within 10 minutes gets 429, from any network', async (t) => {
  const services = await actionServices(t);
  await addMailUser(services.db, 'reader');
  for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
    assert.equal((await performForgotPassword(services, 'reader@example.org', ip)).ok, true);
  }
  const refused = await performForgotPassword(services, 'READER@example.org', '203.0.113.4');
  assert.ok(!refused.ok && refused.status === 429);
  assert.match(refused.message, /^Too many reset requests\. Try again in /);
  const unknown = await performForgotPassword(services, 'nobody@example.org', '203.0.113.5');
  assert.equal(unknown.ok, true, 'another address is not held up');
});

test('a fourth request from one network within 10 minutes gets 429, whatever the address', async (t) => {
  const services = await actionServices(t);
  for (const n of [1, 2, 3]) assert.equal((await performForgotPassword(services, `a${n}@example.org`, IP)).ok, true);
  const refused = await performForgotPassword(services, 'a4@example.org', IP);
  assert.ok(!refused.ok && refused.status === 429);
});

test('a request without a usable address is refused with 400 and sends nothing', async (t) => {
  const services = await actionServices(t);
  for (const typed of ['', '   ', 'no at sign']) {
    const outcome = await performForgotPassword(services, typed, IP);
    assert.deepEqual(outcome, { ok: false, status: 400, message: 'Enter the email address of your account.' });
  }
});
