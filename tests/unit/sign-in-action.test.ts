import assert from 'node:assert/strict';
import test from 'node:test';
import { createSession, validateSessionToken } from '../../src/server/accounts/session.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { performSignIn } from '../../src/server/actions/sign-in.ts';
import { actionServices, recordingCookieJar, type ActionServices } from './action-services.ts';

const CLIENT_IP = '203.0.113.7';
const PASSWORD = 'a long enough password';
const ATTACKER_IP = '198.51.100.66';
const OWNER_IP = '192.0.2.10';

async function addReader(services: ActionServices, username: string): Promise<number> {
  const created = await signUp(services.db, { username, password: PASSWORD }, services.clock.now());
  if (!created.ok) throw new Error(created.message);
  return created.user.id;
}

test('the right password ends in a new session whose cookie is set', async (t) => {
  const services = await actionServices(t);
  const id = await addReader(services, 'reader');
  const jar = recordingCookieJar();
  const outcome = await performSignIn(services, { username: 'reader', password: PASSWORD }, CLIENT_IP, jar, null);
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
  const wrong = await performSignIn(
    services,
    { username: 'reader', password: 'not the password' },
    CLIENT_IP,
    jar,
    null,
  );
  assert.deepEqual(wrong, { ok: false, status: 400, message: 'That username and password do not match.' });
  assert.equal(jar.cookies.size, 0);

  const next = await performSignIn(services, { username: 'reader', password: PASSWORD }, CLIENT_IP, jar, null);
  assert.ok(!next.ok && next.status === 429, 'the recorded failure holds the address back');
  assert.ok(next.retryAfterSeconds > 0);
  assert.match(next.message, /^Too many failed sign-ins from your network\./);
  assert.equal(jar.cookies.size, 0);

  const elsewhere = await performSignIn(
    services,
    { username: 'reader', password: PASSWORD },
    '198.51.100.1',
    jar,
    null,
  );
  assert.equal(elsewhere.ok, true, 'another address may still sign in');
});

test('an unknown username is refused the same way as a wrong password', async (t) => {
  const services = await actionServices(t);
  const outcome = await performSignIn(
    services,
    { username: 'nobody', password: PASSWORD },
    CLIENT_IP,
    recordingCookieJar(),
    null,
  );
  assert.deepEqual(outcome, { ok: false, status: 400, message: 'That username and password do not match.' });
});

/** Signs in to `username` from `ip` with `password`, remembering nothing about the browser. */
function attempt(services: ActionServices, username: string, password: string, ip: string) {
  return performSignIn(services, { username, password }, ip, recordingCookieJar(), null);
}

test("an attacker's wrong passwords from one address never keep the owner out at another (issue 11.7)", async (t) => {
  const services = await actionServices(t);
  await addReader(services, 'reader');
  for (let guess = 0; guess < 20; guess += 1) await attempt(services, 'reader', `guess ${guess}`, ATTACKER_IP);
  const owner = await attempt(services, 'reader', PASSWORD, OWNER_IP);
  assert.equal(owner.ok, true, `the owner was refused: ${owner.ok ? '' : owner.message}`);
});

test('the attacker is still stopped: five guesses at once from one address, then one a minute', async (t) => {
  const services = await actionServices(t);
  await addReader(services, 'reader');
  const outcomes = [];
  for (let guess = 0; guess < 6; guess += 1)
    outcomes.push(await attempt(services, 'reader', `guess ${guess}`, ATTACKER_IP));
  assert.deepEqual(
    outcomes.map((outcome) => !outcome.ok && outcome.status),
    [400, 400, 400, 400, 400, 429],
  );
  const sixth = outcomes[5];
  assert.ok(sixth !== undefined && !sixth.ok && sixth.status === 429);
  assert.match(sixth.message, /^Too many sign-in attempts for this account\. Try again in 1 minute\.$/);
  const withTheRightPassword = await attempt(services, 'reader', PASSWORD, ATTACKER_IP);
  assert.equal(!withTheRightPassword.ok && withTheRightPassword.status, 429, 'refused before the password is checked');

  services.clock.advance(60);
  assert.equal((await attempt(services, 'reader', 'guess 7', ATTACKER_IP)).ok, false);
  const eighth = await attempt(services, 'reader', 'guess 8', ATTACKER_IP);
  assert.equal(!eighth.ok && eighth.status, 429, 'a minute later, one more guess and no second');
});

test('once an account has run out of failures, every address that has failed waits and a fresh one gets one try', async (t) => {
  const services = await actionServices(t);
  await addReader(services, 'reader');
  await addReader(services, 'other');
  for (let guess = 0; guess < 5; guess += 1) await attempt(services, 'reader', `guess ${guess}`, ATTACKER_IP);

  // An address that failed on another account is refused here, with the right password too.
  await attempt(services, 'other', 'not it', '198.51.100.67');
  const failedElsewhere = await attempt(services, 'reader', PASSWORD, '198.51.100.67');
  assert.ok(!failedElsewhere.ok && failedElsewhere.status === 429);
  assert.match(failedElsewhere.message, /^Too many sign-in attempts for this account\. Try again in 1 minute\.$/);

  // A fresh address gets one password check at a time, however many it sends at once.
  const burst = await Promise.all(
    Array.from({ length: 5 }, (_, index) => attempt(services, 'reader', `burst ${index}`, '198.51.100.68')),
  );
  assert.deepEqual(burst.map((outcome) => !outcome.ok && outcome.status).sort(), [400, 429, 429, 429, 429]);
  const afterItsFailure = await attempt(services, 'reader', PASSWORD, '198.51.100.68');
  assert.equal(!afterItsFailure.ok && afterItsFailure.status, 429, 'and having failed, it waits too');

  const owner = await attempt(services, 'reader', PASSWORD, OWNER_IP);
  assert.equal(owner.ok, true, 'the owner, from an address with no failures, signs in');
  const ownerAgain = await attempt(services, 'reader', PASSWORD, OWNER_IP);
  assert.equal(ownerAgain.ok, true, 'and again, from the same place');
});

test('signing in ends the session the browser presented and issues a new one (ASVS 7.2.4)', async (t) => {
  const services = await actionServices(t);
  const id = await addReader(services, 'reader');
  const attackerId = await addReader(services, 'attacker');
  for (const owner of [id, attackerId]) {
    const presented = await createSession(services.db, owner, services.clock.now());
    const jar = recordingCookieJar();
    const outcome = await performSignIn(
      services,
      { username: 'reader', password: PASSWORD },
      CLIENT_IP,
      jar,
      presented.session,
    );
    assert.equal(outcome.ok, true);
    assert.equal(
      await validateSessionToken(services.db, presented.token, services.clock.now()),
      null,
      'the presented session is over',
    );
    const issued = jar.cookies.get('session')?.value ?? '';
    assert.notEqual(issued, presented.token);
    assert.equal((await validateSessionToken(services.db, issued, services.clock.now()))?.user.id, id);
  }
});

test('a failed sign-in leaves the presented session as it was', async (t) => {
  const services = await actionServices(t);
  const id = await addReader(services, 'reader');
  const presented = await createSession(services.db, id, services.clock.now());
  const outcome = await performSignIn(
    services,
    { username: 'reader', password: 'wrong' },
    CLIENT_IP,
    recordingCookieJar(),
    presented.session,
  );
  assert.equal(outcome.ok, false);
  assert.notEqual(await validateSessionToken(services.db, presented.token, services.clock.now()), null);
});

test('every sign-in and every failed or refused one is logged in one line, without the password or a token', async (t) => {
  const services = await actionServices(t, { SIGN_IN_ATTEMPTS: '1' });
  await addReader(services, 'reader');
  const lines: string[] = [];
  const log = (line: string): void => void lines.push(line);
  const sign = (username: string, password: string, ip: string | null, jar = recordingCookieJar()) =>
    performSignIn(services, { username, password }, ip, jar, null, log);

  const jar = recordingCookieJar();
  await sign('Reader', PASSWORD, CLIENT_IP, jar);
  await sign('reader', 'a wrong password', '2001:db8::7');
  await sign('reader', 'another wrong one', '2001:db8::7');
  await sign(`ev\u202eil\n2026-01-01T00:00:00.000Z sign-in succeeded username="admin" ${'x'.repeat(100)}`, 'pw', null);
  const time = new Date(services.clock.now() * 1000).toISOString();
  assert.deepEqual(lines.slice(0, 3), [
    `${time} sign-in succeeded username="Reader" address=${CLIENT_IP}`,
    `${time} sign-in failed username="reader" address=2001:db8::7`,
    `${time} sign-in refused username="reader" address=2001:db8::7`,
  ]);
  assert.equal(lines.length, 4);
  const forged = lines[3] ?? '';
  assert.ok(!forged.includes('\n'), 'a name cannot start a line of its own');
  assert.equal(
    forged,
    String.raw`${time} sign-in failed username="ev\u202eil\n2026-01-01T00:00:00.000Z sign-in succeeded username=\"admin" address=unknown`,
    'escaped, and cut at 64 characters',
  );
  const token = jar.cookies.get('session')?.value ?? '';
  for (const line of lines) {
    for (const secret of [PASSWORD, 'a wrong password', 'another wrong one', token, token.split('.')[1] ?? '']) {
      assert.ok(!line.includes(secret), `a secret in: ${line}`);
    }
  }
});
