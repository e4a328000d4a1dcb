import assert from 'node:assert/strict';
import test from 'node:test';
import type { Queryable } from '../../src/server/db/database.ts';
import { readDatabaseVersion } from '../../src/server/db/version.ts';
import { createSessionCache } from '../../src/server/accounts/session-cache.ts';
import { createSession, invalidateSession, validateSessionToken } from '../../src/server/accounts/session.ts';
import { addUser } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const start = 1_750_000_000;
const minute = 60;
const day = 24 * 60 * minute;

/** `db`, counting the rows it is asked for. */
function counted(db: Queryable): { db: Queryable; gets: () => number } {
  let gets = 0;
  return {
    db: { ...db, get: (sql, params) => ((gets += 1), db.get(sql, params)) },
    gets: () => gets,
  };
}

test('a session validates as validateSessionToken without writing says, its row read once per database version', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { token } = await createSession(db, jane, start);
  const sessions = createSessionCache();
  const counting = counted(db);
  const version = await readDatabaseVersion(db);
  const expected = await validateSessionToken(db, token, start + minute, { write: false });
  assert.notEqual(expected, null);
  assert.deepEqual(await sessions.validate(counting.db, token, start + minute, version), expected);
  assert.deepEqual(await sessions.validate(counting.db, token, start + minute, version), expected);
  assert.equal(counting.gets(), 1);
});

test('a kept session still refuses a tampered secret, another session’s secret and a malformed token', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const first = await createSession(db, jane, start);
  const second = await createSession(db, jane, start);
  const sessions = createSessionCache();
  const version = await readDatabaseVersion(db);
  assert.notEqual(await sessions.validate(db, first.token, start + minute, version), null);
  const tampered = `${first.token.slice(0, -1)}${first.token.endsWith('a') ? 'b' : 'a'}`;
  const mixed = `${first.session.id}.${second.token.split('.')[1]}`;
  for (const token of [tampered, mixed, `${first.token}a`, first.token.toUpperCase()]) {
    assert.equal(await sessions.validate(db, token, start + minute, version), null, token);
  }
  assert.notEqual(await sessions.validate(db, first.token, start + minute, version), null);
});

test('a kept session expires with the clock, without a new version', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { token } = await createSession(db, jane, start);
  const sessions = createSessionCache();
  const version = await readDatabaseVersion(db);
  assert.notEqual(await sessions.validate(db, token, start + 10 * day - 1, version), null);
  assert.equal(await sessions.validate(db, token, start + 10 * day, version), null);
});

test('signing out, a ban and a second factor show at the next version', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const laptop = await createSession(db, jane, start);
  const phone = await createSession(db, jane, start);
  const sessions = createSessionCache();
  const now = start + minute;
  for (const { token } of [laptop, phone]) {
    assert.notEqual(await sessions.validate(db, token, now, await readDatabaseVersion(db)), null);
  }

  await invalidateSession(db, laptop.session.id);
  assert.equal(await sessions.validate(db, laptop.token, now, await readDatabaseVersion(db)), null);

  await db.run('UPDATE users SET banned_at = ? WHERE id = ?', [now, jane]);
  const banned = await sessions.validate(db, phone.token, now, await readDatabaseVersion(db));
  assert.equal(banned?.user.bannedAt, now);

  await db.run(
    `INSERT INTO two_factor (user_id, totp_key, recovery_code_hash, last_counter, created_at) VALUES (?, ?, ?, ?, ?)`,
    [jane, new Uint8Array(20), new Uint8Array(32), 0, now],
  );
  const pending = await sessions.validate(db, phone.token, now, await readDatabaseVersion(db));
  assert.equal(pending?.twoFactorPending, true);
});

test('a row read before a write is not kept under the version after it', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { session, token } = await createSession(db, jane, start);
  const sessions = createSessionCache();
  const now = start + minute;
  let release = (): void => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  // Its row is read at once, and reaches the cache only after the gate opens.
  const slow: Queryable = {
    ...db,
    get: async <Row>(sql: string, params?: Parameters<Queryable['get']>[1]): Promise<Row | null> => {
      const row = await db.get<Row>(sql, params);
      await gate;
      return row;
    },
  };

  // A request that read the version and the row before the sign-out finishes after it.
  const early = sessions.validate(slow, token, now, await readDatabaseVersion(db));
  await invalidateSession(db, session.id);
  const after = await readDatabaseVersion(db);
  assert.equal(await sessions.validate(db, token, now, after), null);
  release();
  assert.notEqual(await early, null, 'valid when that request began');
  assert.equal(await sessions.validate(db, token, now, after), null);
});
