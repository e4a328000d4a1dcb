import assert from 'node:assert/strict';
import test from 'node:test';
import { generateHOTP } from '@oslojs/otp';
import { createSession, validateSessionToken } from '../../src/server/accounts/session.ts';
import { encodeTotpKey, generateTotpKey, hasTwoFactor, matchTotpCode } from '../../src/server/accounts/two-factor.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { performSignIn } from '../../src/server/actions/sign-in.ts';
import { mustSetUpTwoFactor } from '../../src/server/actions/staff-two-factor.ts';
import {
  performDisableTwoFactor,
  performEnableTwoFactor,
  performSecondFactor,
} from '../../src/server/actions/two-factor.ts';
import { readServerConfig } from '../../src/server/app/config.ts';
import { actionServices, recordingCookieJar, type ActionServices } from './action-services.ts';

const CLIENT_IP = '203.0.113.7';
const PASSWORD = 'a long enough password';

function codeAt(key: Uint8Array, now: number): string {
  return generateHOTP(key, BigInt(Math.floor(now / 30)), 6);
}

/** A reader signed in once, as the account page sees them. */
async function signedInReader(services: ActionServices) {
  const created = await signUp(services.db, { username: 'reader', password: PASSWORD }, services.clock.now());
  assert.ok(created.ok);
  const { session } = await createSession(services.db, created.user.id, services.clock.now());
  return { user: created.user, session };
}

/** A reader with two-factor sign-in on, and the recovery code they were shown. */
async function readerWithTwoFactor(services: ActionServices) {
  const { user, session } = await signedInReader(services);
  const key = generateTotpKey();
  const code = codeAt(key, services.clock.now());
  const enabled = await performEnableTwoFactor(services, user.id, session, encodeTotpKey(key), code);
  assert.ok(enabled.ok);
  services.clock.advance(30);
  return { user, key, recoveryCode: enabled.recoveryCode };
}

/** Signs in with the password, as the login page does, and answers the session token. */
async function signInWithPassword(services: ActionServices): Promise<string> {
  const jar = recordingCookieJar();
  const outcome = await performSignIn(services, { username: 'reader', password: PASSWORD }, CLIENT_IP, jar, null);
  assert.equal(outcome.ok && outcome.twoFactorPending, true);
  return jar.cookies.get('session')?.value ?? '';
}

async function validate(services: ActionServices, token: string) {
  const validation = await validateSessionToken(services.db, token, services.clock.now());
  assert.ok(validation !== null);
  return validation;
}

test('a code is accepted for the step before, now and after, and refused otherwise', () => {
  const key = generateTotpKey();
  const now = 1_800_000_000;
  assert.equal(matchTotpCode(key, codeAt(key, now), now), now / 30);
  assert.equal(matchTotpCode(key, codeAt(key, now - 30), now), now / 30 - 1);
  assert.equal(matchTotpCode(key, codeAt(key, now + 30), now), now / 30 + 1);
  assert.equal(matchTotpCode(key, codeAt(key, now - 60), now), null);
  assert.equal(matchTotpCode(key, 'abcdef', now), null);
  assert.equal(matchTotpCode(key, '', now), null);
});

test('setting up needs a right code for the shown key, and the recovery code is kept only as a hash', async (t) => {
  const services = await actionServices(t);
  const { user, session } = await signedInReader(services);
  const key = generateTotpKey();
  const wrong = await performEnableTwoFactor(services, user.id, session, encodeTotpKey(key), '000000');
  assert.equal(!wrong.ok && wrong.status, 400);
  const altered = await performEnableTwoFactor(services, user.id, session, 'not a key', '000000');
  assert.equal(!altered.ok && altered.message, 'The setup form was altered. Start again.');
  assert.equal(await hasTwoFactor(services.db, user.id), false);
  const code = codeAt(key, services.clock.now());
  const enabled = await performEnableTwoFactor(services, user.id, session, encodeTotpKey(key), code);
  assert.ok(enabled.ok);
  assert.match(enabled.recoveryCode, /^[a-z2-7]{26}$/);
  const row = await services.db.get<Record<string, unknown>>('SELECT * FROM two_factor');
  assert.ok(!JSON.stringify(Object.values(row ?? {}).map(String)).includes(enabled.recoveryCode));
});

test('after the password, the session waits for the code, and the right code signs in', async (t) => {
  const services = await actionServices(t);
  const { key } = await readerWithTwoFactor(services);
  const token = await signInWithPassword(services);
  const pending = await validate(services, token);
  assert.equal(pending.twoFactorPending, true);
  assert.equal(await mustSetUpTwoFactor(services, pending.user), false);

  const wrong = await performSecondFactor(services, pending.session, { kind: 'code', code: '123456' }, CLIENT_IP);
  assert.equal(wrong.ok, false);
  assert.equal((await validate(services, token)).twoFactorPending, true);

  const right = await performSecondFactor(
    services,
    pending.session,
    { kind: 'code', code: codeAt(key, services.clock.now()) },
    CLIENT_IP,
  );
  assert.deepEqual(right, { ok: true });
  assert.equal((await validate(services, token)).twoFactorPending, false);
});

test('a code already used is refused the second time', async (t) => {
  const services = await actionServices(t);
  const { key } = await readerWithTwoFactor(services);
  const code = codeAt(key, services.clock.now());
  const first = await validate(services, await signInWithPassword(services));
  assert.deepEqual(await performSecondFactor(services, first.session, { kind: 'code', code }, CLIENT_IP), {
    ok: true,
  });
  const second = await validate(services, await signInWithPassword(services));
  assert.equal((await performSecondFactor(services, second.session, { kind: 'code', code }, CLIENT_IP)).ok, false);
});

test('guessing codes runs into the account’s limit, even with the right code after it', async (t) => {
  const services = await actionServices(t);
  const { key } = await readerWithTwoFactor(services);
  const pending = await validate(services, await signInWithPassword(services));
  for (let attempt = 0; attempt < 5; attempt++) {
    await performSecondFactor(services, pending.session, { kind: 'code', code: '000000' }, CLIENT_IP);
  }
  const refused = await performSecondFactor(
    services,
    pending.session,
    { kind: 'code', code: codeAt(key, services.clock.now()) },
    CLIENT_IP,
  );
  assert.equal(!refused.ok && refused.status, 429);
});

test('the recovery code signs in and turns two-factor sign-in off; a wrong one does neither', async (t) => {
  const services = await actionServices(t);
  const { user, recoveryCode } = await readerWithTwoFactor(services);
  const token = await signInWithPassword(services);
  const pending = await validate(services, token);
  const wrong = await performSecondFactor(
    services,
    pending.session,
    { kind: 'recovery', recoveryCode: 'a'.repeat(26) },
    CLIENT_IP,
  );
  assert.deepEqual(wrong, { ok: false, status: 400, message: 'That recovery code is not right.' });
  assert.equal(await hasTwoFactor(services.db, user.id), true);
  const right = await performSecondFactor(
    services,
    pending.session,
    { kind: 'recovery', recoveryCode: recoveryCode.toUpperCase() },
    CLIENT_IP,
  );
  assert.deepEqual(right, { ok: true });
  assert.equal((await validate(services, token)).twoFactorPending, false);
  assert.equal(await hasTwoFactor(services.db, user.id), false);
});

test('turning it off from the account page takes a current code', async (t) => {
  const services = await actionServices(t);
  const { user, key } = await readerWithTwoFactor(services);
  assert.equal((await performDisableTwoFactor(services, user.id, '000000', CLIENT_IP)).ok, false);
  assert.equal(await hasTwoFactor(services.db, user.id), true);
  const code = codeAt(key, services.clock.now());
  assert.deepEqual(await performDisableTwoFactor(services, user.id, code, CLIENT_IP), { ok: true });
  assert.equal(await hasTwoFactor(services.db, user.id), false);
});

test('with STAFF_TWO_FACTOR=required a moderator without two-factor must set it up; a reader need not', async (t) => {
  const services = await actionServices(t, { STAFF_TWO_FACTOR: 'required' });
  const moderator = { id: 1, username: 'moderator', role: 'moderator', bannedAt: null } as const;
  const reader = { id: 2, username: 'reader', role: 'reader', bannedAt: null } as const;
  await services.db.run(
    `INSERT INTO users (id, username, username_key, password_hash, role, created_at) VALUES (1, 'moderator', 'moderator', '', 'moderator', 0)`,
  );
  assert.equal(await mustSetUpTwoFactor(services, moderator), true);
  assert.equal(await mustSetUpTwoFactor(services, reader), false);
  await services.db.run(
    'INSERT INTO two_factor (user_id, totp_key, recovery_code_hash, created_at) VALUES (1, ?, ?, 0)',
    [generateTotpKey(), new Uint8Array(32)],
  );
  assert.equal(await mustSetUpTwoFactor(services, moderator), false);
  const optional = await actionServices(t);
  await optional.db.run(
    `INSERT INTO users (id, username, username_key, password_hash, role, created_at) VALUES (1, 'moderator', 'moderator', '', 'moderator', 0)`,
  );
  assert.equal(await mustSetUpTwoFactor(optional, moderator), false);
});

test('STAFF_TWO_FACTOR takes optional or required only', () => {
  assert.throws(
    () => readServerConfig({ STAFF_TWO_FACTOR: 'sometimes' }),
    /STAFF_TWO_FACTOR must be optional or required/,
  );
  assert.equal(readServerConfig({ STAFF_TWO_FACTOR: 'Required' }).staffTwoFactor, 'required');
  assert.equal(readServerConfig({}).staffTwoFactor, 'optional');
});
