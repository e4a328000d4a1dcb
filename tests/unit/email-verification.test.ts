/** Issue 13.1: an address is added at sign-up or on /account/ and verified by an emailed code. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { findUserByUsername, type User } from '../../src/server/accounts/user.ts';
import { performChangeEmail, performResendCode, performVerifyEmail } from '../../src/server/actions/email-settings.ts';
import { performSignUp } from '../../src/server/actions/sign-up.ts';
import { CODE_LIFETIME_SECONDS } from '../../src/server/mail/email-verification.ts';
import { getMailSettings } from '../../src/server/mail/mail-settings.ts';
import { actionServices, recordingCookieJar, type ActionServices } from './action-services.ts';
import { capturingTransport, codeIn, deliver, outboxRows } from './mail-helpers.ts';

const PASSWORD = 'a long enough password';

async function signUpWith(services: ActionServices, email: string): Promise<User> {
  const request = { username: 'new_reader', password: PASSWORD, email, honeypot: '' };
  const outcome = await performSignUp(services, request, '203.0.113.7', recordingCookieJar());
  assert.ok(outcome.ok);
  return outcome.user;
}

test('signing up with an email sends an 8-digit code to it at once; the code verifies it', async (t) => {
  const services = await actionServices(t);
  const user = await signUpWith(services, 'reader@example.org');
  const transport = capturingTransport();
  assert.deepEqual(await deliver(services, transport), { sent: 1, failed: 0, dropped: 0 });
  const [mail] = transport.sent;
  assert.ok(mail !== undefined);
  assert.equal(mail.to, 'reader@example.org');
  assert.equal(mail.subject, 'Your verification code – The Ledger');
  const code = codeIn(mail);
  assert.ok(mail.html.includes(code), 'the HTML part carries the code too');
  assert.equal((await getMailSettings(services.db, user.id, services.clock.now())).verified, false);

  assert.deepEqual(await performVerifyEmail(services, user, code), { ok: true, notice: 'verified' });
  assert.equal((await getMailSettings(services.db, user.id, services.clock.now())).verified, true);
  const again = await performVerifyEmail(services, user, code);
  assert.equal(again.ok, false, 'a code is used once');
});

test('signing up without an email still works and sends nothing', async (t) => {
  const services = await actionServices(t);
  await signUpWith(services, '');
  assert.deepEqual(await outboxRows(services.db), []);
});

test('the code is kept only as its hash, and the sent code leaves the outbox', async (t) => {
  const services = await actionServices(t);
  await signUpWith(services, 'reader@example.org');
  const transport = capturingTransport();
  await deliver(services, transport);
  const code = codeIn(transport.sent[0]!);
  const stored = await services.db.all<{ code_hash: Uint8Array }>('SELECT code_hash FROM email_verifications');
  assert.equal(stored.length, 1);
  assert.equal(Buffer.from(stored[0]!.code_hash).includes(Buffer.from(code)), false);
  const rows = await outboxRows(services.db);
  assert.equal(rows[0]?.payload, '{}', 'the code is erased from the outbox once sent');
});

test('a wrong code, a code past 15 minutes and a code replaced by a newer one are refused', async (t) => {
  const services = await actionServices(t);
  const user = await signUpWith(services, 'reader@example.org');
  const transport = capturingTransport();
  await deliver(services, transport);
  const first = codeIn(transport.sent[0]!);
  const wrong = first === '00000000' ? '11111111' : '00000000';
  assert.equal((await performVerifyEmail(services, user, wrong)).ok, false);

  assert.equal((await performResendCode(services, user)).ok, true);
  await deliver(services, transport);
  const second = codeIn(transport.sent[1]!);
  if (second !== first)
    assert.equal((await performVerifyEmail(services, user, first)).ok, false, 'the old code is dead');

  services.clock.advance(CODE_LIFETIME_SECONDS);
  const late = await performVerifyEmail(services, user, second);
  assert.deepEqual(late, {
    ok: false,
    status: 400,
    place: 'code',
    message: 'That code has expired. Ask for a new one.',
  });
});

test('the eleventh code tried within an hour is refused with 429, even the right one', async (t) => {
  const services = await actionServices(t);
  const user = await signUpWith(services, 'reader@example.org');
  const transport = capturingTransport();
  await deliver(services, transport);
  const code = codeIn(transport.sent[0]!);
  const wrong = code === '00000000' ? '11111111' : '00000000';
  for (let n = 0; n < 10; n += 1) assert.equal((await performVerifyEmail(services, user, wrong)).ok, false);
  const refused = await performVerifyEmail(services, user, code);
  assert.ok(!refused.ok && refused.status === 429, 'refused as too many');
  assert.match(refused.message, /^Too many codes tried\. Try again in /);
  services.clock.advance(6 * 60);
  assert.equal((await performVerifyEmail(services, user, code)).ok, true, 'a try comes back after 6 minutes');
});

test('a code typed, or asked for, without an address waiting is answered above the form', async (t) => {
  const services = await actionServices(t);
  const user = await signUpWith(services, '');
  const noAddress = { ok: false, status: 400, place: 'form', message: 'Add an email address first.' };
  assert.deepEqual(await performVerifyEmail(services, user, '12345678'), noAddress);
  assert.deepEqual(await performResendCode(services, user), noAddress);
});

test('a malformed code is refused beside the code field without costing a try', async (t) => {
  const services = await actionServices(t);
  const user = await signUpWith(services, 'reader@example.org');
  const transport = capturingTransport();
  await deliver(services, transport);
  for (const typed of ['', 'abc', '1234567', '123456789', ...Array.from({ length: 10 }, () => 'x')]) {
    assert.deepEqual(await performVerifyEmail(services, user, typed), {
      ok: false,
      status: 400,
      place: 'code',
      message: 'The code is the 8 digits in the email we sent.',
    });
  }
  assert.deepEqual(await performVerifyEmail(services, user, codeIn(transport.sent[0]!)), {
    ok: true,
    notice: 'verified',
  });
});

test('sign-ups naming one address send it at most 5 codes an hour, from any network', async (t) => {
  const services = await actionServices(t);
  for (let n = 0; n < 5; n += 1) {
    const request = { username: `reader_${n}`, password: PASSWORD, email: 'Target@example.org', honeypot: '' };
    assert.equal((await performSignUp(services, request, `203.0.113.${n}`, recordingCookieJar())).ok, true);
  }
  const request = { username: 'reader_5', password: PASSWORD, email: 'target@example.org', honeypot: '' };
  const refused = await performSignUp(services, request, '198.51.100.1', recordingCookieJar());
  assert.ok(!refused.ok && refused.status === 429 && refused.place === 'email');
  assert.match(refused.message, /^Too many codes sent\. Try again in /);
  assert.equal(await findUserByUsername(services.db, 'reader_5'), null, 'no account without its code');
});

test('the code sent at sign-up and 4 resends make the 5 of an hour; the next gets 429 and the wait', async (t) => {
  const services = await actionServices(t);
  const user = await signUpWith(services, 'reader@example.org');
  for (let n = 0; n < 4; n += 1) assert.equal((await performResendCode(services, user)).ok, true);
  const refused = await performResendCode(services, user);
  assert.ok(!refused.ok && refused.status === 429);
  assert.ok(refused.retryAfterSeconds !== undefined && refused.retryAfterSeconds > 0);
});

test('changing the address asks for the password, sends the new one a code and tells the old one', async (t) => {
  const services = await actionServices(t);
  const user = await signUpWith(services, 'old@example.org');
  const transport = capturingTransport();
  await deliver(services, transport);
  await performVerifyEmail(services, user, codeIn(transport.sent[0]!));

  const wrongPassword = await performChangeEmail(services, user, {
    email: 'new@example.org',
    password: 'not it at all',
  });
  assert.deepEqual(wrongPassword, { ok: false, status: 400, place: 'password', message: 'That is not your password.' });
  const invalid = await performChangeEmail(services, user, { email: 'not an address', password: PASSWORD });
  assert.ok(!invalid.ok && invalid.place === 'email');

  const changed = await performChangeEmail(services, user, { email: 'new@example.org', password: PASSWORD });
  assert.equal(changed.ok, true);
  const settings = await getMailSettings(services.db, user.id, services.clock.now());
  assert.deepEqual([settings.email, settings.verified, settings.codePending], ['new@example.org', false, true]);
  await deliver(services, transport);
  const toNew = transport.sent.find((mail) => mail.to === 'new@example.org');
  const toOld = transport.sent.slice(1).find((mail) => mail.to === 'old@example.org');
  assert.match(toNew?.text ?? '', /Your code is \d{8}\./);
  assert.equal(toOld?.subject, 'Your email address was changed – The Ledger');
  assert.ok(!(toOld?.text ?? '').includes('new@example.org'), 'the old address sees the new one masked');
  assert.match(toOld?.text ?? '', /n…@example\.org/);
});

test('a code sent to an address since replaced verifies nothing', async (t) => {
  const services = await actionServices(t);
  const user = await signUpWith(services, 'first@example.org');
  const transport = capturingTransport();
  await deliver(services, transport);
  const code = codeIn(transport.sent[0]!);
  await performChangeEmail(services, user, { email: 'second@example.org', password: PASSWORD });
  assert.equal((await performVerifyEmail(services, user, code)).ok, false);
  assert.equal((await findUserByUsername(services.db, 'new_reader'))?.id, user.id);
});
