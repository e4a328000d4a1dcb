import assert from 'node:assert/strict';
import test from 'node:test';
import { validateSessionToken } from '../../src/server/accounts/session.ts';
import { findUserByUsername } from '../../src/server/accounts/user.ts';
import type { SignUpRequest } from '../../src/server/actions/account-request.ts';
import { performSignUp } from '../../src/server/actions/sign-up.ts';
import { actionServices, recordingCookieJar } from './action-services.ts';
import { addUser } from './fixtures.ts';

const CLIENT_IP = '203.0.113.7';

function request(overrides: Partial<SignUpRequest> = {}): SignUpRequest {
  return { username: 'new_reader', password: 'a long enough password', email: '', honeypot: '', ...overrides };
}

test('a sign-up creates the account, starts a session and sets its cookie', async (t) => {
  const services = await actionServices(t);
  const jar = recordingCookieJar();
  const outcome = await performSignUp(services, request({ email: 'reader@example.org' }), CLIENT_IP, jar);
  assert.equal(outcome.ok, true);
  const user = await findUserByUsername(services.db, 'new_reader');
  assert.notEqual(user, null);
  const cookie = jar.cookies.get('session');
  assert.ok(cookie !== undefined && cookie.value !== '', 'the session cookie is set');
  assert.equal(cookie.options.httpOnly, true);
  const validation = await validateSessionToken(services.db, cookie.value, services.clock.now());
  assert.equal(validation?.user.id, user?.id, 'the cookie carries a session of the new account');
});

test('a sign-up that filled the honeypot is refused above the form and creates nothing', async (t) => {
  const services = await actionServices(t);
  const jar = recordingCookieJar();
  const outcome = await performSignUp(services, request({ honeypot: 'https://spam.example' }), CLIENT_IP, jar);
  assert.deepEqual(outcome, { ok: false, status: 400, place: 'form', message: 'Your account could not be created.' });
  assert.equal(await findUserByUsername(services.db, 'new_reader'), null);
  assert.equal(jar.cookies.size, 0);
});

const passwordRefusals = [
  {
    name: 'a sign-up with one of the most common passwords is refused next to the password field',
    password: 'Password1',
    message: 'That password is one of the most common ones and easily guessed. Choose another.',
  },
  {
    name: 'a password containing the username is refused next to the password field',
    password: 'NEW_READER rocks',
    message: 'Your password must not contain your username. Choose another.',
  },
  {
    name: 'a password too short is refused for its length, not as a common one',
    password: 'abc',
    message: 'Passwords need at least 8 characters.',
  },
];

for (const { name, password, message } of passwordRefusals) {
  test(name, async (t) => {
    const services = await actionServices(t);
    const outcome = await performSignUp(services, request({ password }), CLIENT_IP, recordingCookieJar());
    assert.deepEqual(outcome, { ok: false, status: 400, place: 'password', message });
    assert.equal(await findUserByUsername(services.db, 'new_reader'), null);
  });
}

test('an address over its sign-up limit gets 429 with the seconds to wait, and no account', async (t) => {
  const services = await actionServices(t, { SIGN_UP_BURST: '1', SIGN_UP_REFILL_SECONDS: '10' });
  assert.equal((await performSignUp(services, request(), CLIENT_IP, recordingCookieJar())).ok, true);
  const jar = recordingCookieJar();
  const outcome = await performSignUp(services, request({ username: 'second_reader' }), CLIENT_IP, jar);
  assert.ok(!outcome.ok && outcome.status === 429, 'refused as too many');
  assert.equal(outcome.retryAfterSeconds, 10);
  assert.equal(outcome.place, 'form');
  assert.match(outcome.message, /^Too many new accounts from your network\. Try again in /);
  assert.equal(await findUserByUsername(services.db, 'second_reader'), null);
  assert.equal(jar.cookies.size, 0);
  const elsewhere = await performSignUp(services, request({ username: 'third_reader' }), '198.51.100.1', jar);
  assert.equal(elsewhere.ok, true, 'another address is not held back');
});

test('a taken username is a 409 next to the username field', async (t) => {
  const services = await actionServices(t);
  await addUser(services.db, 'new_reader');
  const jar = recordingCookieJar();
  const outcome = await performSignUp(services, request({ username: 'NEW_READER' }), CLIENT_IP, jar);
  assert.deepEqual(outcome, {
    ok: false,
    status: 409,
    place: 'username',
    message: 'That username is taken. Please choose another.',
  });
  assert.equal(jar.cookies.size, 0);
});

test('an invalid email is a 400 next to the email field', async (t) => {
  const services = await actionServices(t);
  const outcome = await performSignUp(services, request({ email: 'not an address' }), CLIENT_IP, recordingCookieJar());
  assert.ok(!outcome.ok);
  assert.equal(outcome.status, 400);
  assert.equal(outcome.place, 'email');
});
