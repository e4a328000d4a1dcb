import assert from 'node:assert/strict';
import test from 'node:test';
import { validateSessionToken } from '../../src/server/accounts/session.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { performSignIn } from '../../src/server/actions/sign-in.ts';
import { actionServices, recordingCookieJar, type ActionServices } from './action-services.ts';

const CLIENT_IP = '203.0.113.7';
const PASSWORD = 'a long enough password';

async function addReader(services: ActionServices, username: string): Promise<number> {
  const created = await signUp(services.db, { username, password: PASSWORD }, services.clock.now());
  if (!created.ok) throw new Error(created.message);
  return created.user.id;
}

test('the right password ends in a new session whose cookie is set', async (t) => {
  const services = await actionServices(t);
  const id = await addReader(services, 'reader');
  const jar = recordingCookieJar();
  const outcome = await performSignIn(services, { username: 'reader', password: PASSWORD }, CLIENT_IP, jar);
  assert.equal(outcome.ok && outcome.user.id, id);
  const cookie = jar.cookies.get('session');
  assert.ok(cookie !== undefined);
  const validation = await validateSessionToken(services.db, cookie.value, services.clock.now());
  assert.equal(validation?.user.id, id);
});

test('a wrong password is refused with 400, sets no cookie, and counts against the address', async (t) => {
  const services = await actionServices(t, { SIGN_IN_FAILURES_PER_IP: '1' });
  await addReader(services, 'reader');
  const jar = recordingCookieJar();
  const wrong = await performSignIn(services, { username: 'reader', password: 'not the password' }, CLIENT_IP, jar);
  assert.deepEqual(wrong, { ok: false, status: 400, message: 'That username and password do not match.' });
  assert.equal(jar.cookies.size, 0);

  const next = await performSignIn(services, { username: 'reader', password: PASSWORD }, CLIENT_IP, jar);
  assert.ok(!next.ok && next.status === 429, 'the recorded failure holds the address back');
  assert.ok(next.retryAfterSeconds > 0);
  assert.match(next.message, /^Too many failed sign-ins from your network\./);
  assert.equal(jar.cookies.size, 0);

  const elsewhere = await performSignIn(services, { username: 'reader', password: PASSWORD }, '198.51.100.1', jar);
  assert.equal(elsewhere.ok, true, 'another address may still sign in');
});

test('an unknown username is refused the same way as a wrong password', async (t) => {
  const services = await actionServices(t);
  const outcome = await performSignIn(
    services,
    { username: 'nobody', password: PASSWORD },
    CLIENT_IP,
    recordingCookieJar(),
  );
  assert.deepEqual(outcome, { ok: false, status: 400, message: 'That username and password do not match.' });
});

test('an account out of attempts is refused with 429 before its password is checked', async (t) => {
  const services = await actionServices(t, { SIGN_IN_ATTEMPTS: '1', SIGN_IN_REFILL_SECONDS: '60' });
  await addReader(services, 'reader');
  await performSignIn(services, { username: 'reader', password: 'not the password' }, CLIENT_IP, recordingCookieJar());
  const jar = recordingCookieJar();
  const outcome = await performSignIn(services, { username: 'reader', password: PASSWORD }, '198.51.100.1', jar);
  assert.ok(!outcome.ok && outcome.status === 429);
  assert.equal(outcome.retryAfterSeconds, 60);
  assert.match(outcome.message, /^Too many sign-in attempts for this account\./);
  assert.equal(jar.cookies.size, 0);
});
