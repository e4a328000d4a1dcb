import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import test, { type TestContext } from 'node:test';
import {
  authenticate,
  findUserByUsername,
  setUserRole,
  signUp,
  validateEmail,
  validatePassword,
  validateUsername,
} from '../../src/server/accounts/user.ts';
import type { Database } from '../../src/server/db/database.ts';
import { freshDatabase } from './test-db.ts';

const now = 1_750_000_000;
const password = 'correct horse';

/** A fresh database with one reader in it, signed up with `password`. */
async function databaseWithReader(t: TestContext, username: string): Promise<Database> {
  const db = await freshDatabase(t);
  assert.ok((await signUp(db, { username, password }, now)).ok);
  return db;
}

test('usernames of 3 to 32 letters, digits, _ or - are accepted', () => {
  for (const username of ['abc', 'Jane_Doe-42', 'a'.repeat(32)]) {
    assert.deepEqual(validateUsername(username), { ok: true }, username);
  }
});

test('other usernames are refused with a message a reader understands', () => {
  for (const username of ['ab', 'a'.repeat(33), 'jane doe', 'jané', 'jane.doe', '', ' jane', 'ＪＡＮＥ']) {
    assert.deepEqual(
      validateUsername(username),
      {
        ok: false,
        field: 'username',
        reason: 'invalid',
        message: 'Usernames are 3 to 32 letters, digits, _ or -.',
      },
      username,
    );
  }
});

test('passwords are measured in characters, not UTF-16 units', () => {
  assert.deepEqual(validatePassword('1234567'), {
    ok: false,
    field: 'password',
    reason: 'too-short',
    message: 'Passwords need at least 8 characters.',
  });
  assert.deepEqual(validatePassword('12345678'), { ok: true });
  assert.equal(validatePassword('🔑🔑🔑🔑').ok, false);
  assert.equal(validatePassword('🔑'.repeat(8)).ok, true);
  assert.equal(validatePassword('🔑'.repeat(256)).ok, true);
  assert.deepEqual(validatePassword('x'.repeat(257)), {
    ok: false,
    field: 'password',
    reason: 'too-long',
    message: 'Passwords can be at most 256 characters.',
  });
});

test('passwords need no particular mix of characters', () => {
  assert.deepEqual(validatePassword('alllowercase'), { ok: true });
});

test('an empty or missing email becomes null and a present one is trimmed', () => {
  assert.deepEqual(validateEmail(undefined), { ok: true, email: null });
  assert.deepEqual(validateEmail(null), { ok: true, email: null });
  assert.deepEqual(validateEmail('   '), { ok: true, email: null });
  assert.deepEqual(validateEmail('  jane@example.com '), { ok: true, email: 'jane@example.com' });
});

test('an email without one @, with spaces or over 254 characters is refused', () => {
  const tooLong = `${'a'.repeat(243)}@example.com`;
  for (const email of [
    'jane',
    'jane@@example.com',
    'ja@ne@example.com',
    'jane doe@example.com',
    '@example.com',
    'jane@',
    tooLong,
  ]) {
    const result = validateEmail(email);
    assert.equal(result.ok, false, email);
    assert.equal(!result.ok && result.field, 'email');
  }
});

test('signing up stores a reader with the username as typed', async (t) => {
  const db = await freshDatabase(t);
  const result = await signUp(
    db,
    { username: 'Jane_Doe', password: 'correct horse', email: ' jane@example.com ' },
    now,
  );
  assert.ok(result.ok);
  assert.deepEqual(result.user, { id: result.user.id, username: 'Jane_Doe', role: 'reader', bannedAt: null });
  const row = await db.get<{ username_key: string; email: string; created_at: number; password_hash: string }>(
    'SELECT username_key, email, created_at, password_hash FROM users WHERE id = ?',
    [result.user.id],
  );
  assert.equal(row?.username_key, 'jane_doe');
  assert.equal(row?.email, 'jane@example.com');
  assert.equal(row?.created_at, now);
  assert.match(row?.password_hash ?? '', /^\$argon2id\$/);
});

test('a username is taken regardless of case', async (t) => {
  const db = await freshDatabase(t);
  assert.ok((await signUp(db, { username: 'jane', password: 'correct horse' }, now)).ok);
  assert.deepEqual(await signUp(db, { username: 'JANE', password: 'another password' }, now), {
    ok: false,
    field: 'username',
    reason: 'taken',
    message: 'That username is taken. Please choose another.',
  });
});

test('two sign-ups racing for one name leave exactly one account', async (t) => {
  const db = await freshDatabase(t);
  const results = await Promise.all([
    signUp(db, { username: 'Racer', password: 'first password' }, now),
    signUp(db, { username: 'racer', password: 'second password' }, now),
  ]);
  assert.deepEqual(results.map((result) => result.ok).sort(), [false, true]);
  assert.deepEqual(await db.get('SELECT count(*) AS n FROM users'), { n: 1 });
});

test('sign-up reports the first invalid field and stores nothing', async (t) => {
  const db = await freshDatabase(t);
  const badUsername = await signUp(db, { username: 'a', password: 'short' }, now);
  assert.equal(!badUsername.ok && badUsername.field, 'username');
  const badPassword = await signUp(db, { username: 'jane', password: 'short' }, now);
  assert.equal(!badPassword.ok && badPassword.reason, 'too-short');
  const badEmail = await signUp(db, { username: 'jane', password: 'long enough', email: 'nope' }, now);
  assert.equal(!badEmail.ok && badEmail.field, 'email');
  assert.deepEqual(await db.get('SELECT count(*) AS n FROM users'), { n: 0 });
});

test('a password that is or contains the username, in any case, is refused (ASVS 6.2.11)', async (t) => {
  const db = await freshDatabase(t);
  const refusal = {
    ok: false,
    field: 'password',
    reason: 'contains-username',
    message: 'Your password must not contain your username. Choose another.',
  };
  for (const [username, password] of [
    ['JaneDoe42', 'JaneDoe42'],
    ['JaneDoe42', 'janedoe42!'],
    ['jane_doe', 'my name is JANE_DOE'],
    ['abc', 'xxxxABCxxxx'],
  ] as const) {
    assert.deepEqual(await signUp(db, { username, password }, now), refusal, `${username} / ${password}`);
  }
  assert.deepEqual(await db.get('SELECT count(*) AS n FROM users'), { n: 0 });
  assert.ok((await signUp(db, { username: 'JaneDoe', password: 'jane and doe apart' }, now)).ok);
});

test('the right password signs in, whatever the case of the username', async (t) => {
  const db = await databaseWithReader(t, 'Jane');
  const result = await authenticate(db, 'jANE', password);
  assert.ok(result.ok);
  assert.equal(result.user.username, 'Jane');
});

test('a wrong password and an unknown username get the identical answer', async (t) => {
  const db = await databaseWithReader(t, 'jane');
  const wrongPassword = await authenticate(db, 'jane', 'wrong horse');
  const unknownUser = await authenticate(db, 'nobody', password);
  const invalidName = await authenticate(db, 'no body!', password);
  assert.equal(wrongPassword.ok, false);
  assert.deepEqual(unknownUser, wrongPassword);
  assert.deepEqual(invalidName, wrongPassword);
});

test('an unknown username still costs a password hash, as a wrong password does', async (t) => {
  const db = await databaseWithReader(t, 'jane');
  await authenticate(db, 'warmup', 'x');
  // Counted, not timed: the same number of argon2 derivations is the same work on any machine.
  const derivations = t.mock.method(crypto, 'argon2');
  syncBuiltinESMExports();
  t.after(() => {
    derivations.mock.restore();
    syncBuiltinESMExports();
  });
  await authenticate(db, 'jane', 'wrong horse');
  assert.equal(derivations.mock.callCount(), 1);
  await authenticate(db, 'nobody', 'wrong horse');
  assert.equal(derivations.mock.callCount(), 2);
  await authenticate(db, 'no body!', 'wrong horse');
  assert.equal(derivations.mock.callCount(), 3);
});

test('users are found regardless of case, and unknown ones are null', async (t) => {
  const db = await databaseWithReader(t, 'Kate');
  assert.equal((await findUserByUsername(db, 'KATE'))?.username, 'Kate');
  assert.equal(await findUserByUsername(db, 'nobody'), null);
  assert.equal(await findUserByUsername(db, '\u212Aate'), null);
});

test('a user can be made a moderator, and an unknown user is reported', async (t) => {
  const db = await databaseWithReader(t, 'jane');
  const promoted = await setUserRole(db, 'Jane', 'moderator');
  assert.ok(promoted.ok);
  assert.equal(promoted.user.role, 'moderator');
  assert.equal((await findUserByUsername(db, 'jane'))?.role, 'moderator');
  assert.deepEqual(await setUserRole(db, 'nobody', 'admin'), { ok: false, reason: 'unknown-user' });
});
