import assert from 'node:assert/strict';
import test from 'node:test';
import { sha256 } from '@oslojs/crypto/sha2';
import type { Database } from '../../src/server/db/database.ts';
import {
  createSession,
  deleteExpiredSessions,
  generateSessionToken,
  invalidateSession,
  invalidateUserSessions,
  validateSessionToken,
} from '../../src/server/accounts/session.ts';
import {
  deleteSessionTokenCookie,
  sessionCookieName,
  sessionCookieOptions,
  setSessionTokenCookie,
  type CookieJar,
} from '../../src/server/accounts/session-cookie.ts';
import { addUser } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const start = 1_750_000_000;
const minute = 60;
const hour = 60 * minute;
const day = 24 * hour;

async function storedLastUsedAt(db: Database, sessionId: string): Promise<number | undefined> {
  const row = await db.get<{ last_used_at: number }>('SELECT last_used_at FROM sessions WHERE id = ?', [sessionId]);
  return row?.last_used_at;
}

function replaceCharacter(text: string, index: number): string {
  const replacement = text[index] === 'a' ? 'b' : 'a';
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
}

test('a token is a 24-character id and a 52-character secret in lowercase base32', () => {
  const tokens = new Set(Array.from({ length: 100 }, () => generateSessionToken()));
  assert.equal(tokens.size, 100);
  for (const token of tokens) {
    assert.match(token, /^[a-z2-7]{24}\.[a-z2-7]{52}$/);
  }
});

test('a new session validates and names its user', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'Jane');
  const { session, token } = await createSession(db, jane, start);
  assert.match(token, /^[a-z2-7]{24}\.[a-z2-7]{52}$/);
  assert.equal(token.split('.')[0], session.id);
  assert.deepEqual(session, {
    id: session.id,
    userId: jane,
    createdAt: start,
    lastUsedAt: start,
    expiresAt: start + 10 * day,
    browser: '',
    twoFactorVerified: false,
  });
  assert.deepEqual(await validateSessionToken(db, token, start + minute), {
    session,
    user: { id: jane, username: 'Jane', role: 'reader', bannedAt: null },
    fresh: false,
    twoFactorPending: false,
  });
});

test('the database keeps the SHA-256 of the secret, never the secret', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { session, token } = await createSession(db, jane, start);
  const secret = token.split('.')[1] ?? '';
  const row = await db.get<Record<string, unknown>>('SELECT * FROM sessions WHERE id = ?', [session.id]);
  assert.deepEqual(row?.secret_hash, sha256(new TextEncoder().encode(secret)));
  assert.ok(!JSON.stringify(Object.values(row ?? {}).map(String)).includes(secret));
});

test('a secret altered in any one character is refused, and the session survives', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { token } = await createSession(db, jane, start);
  const secretStart = token.indexOf('.') + 1;
  for (const index of [secretStart, secretStart + 20, token.length - 1]) {
    const tampered = replaceCharacter(token, index);
    assert.equal(tampered.length, token.length);
    assert.equal(await validateSessionToken(db, tampered, start + minute), null, tampered);
  }
  assert.notEqual(await validateSessionToken(db, token, start + minute), null);
});

test("another session's secret does not open this one", async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const first = await createSession(db, jane, start);
  const second = await createSession(db, jane, start);
  const mixed = `${first.session.id}.${second.token.split('.')[1]}`;
  assert.equal(await validateSessionToken(db, mixed, start + minute), null);
});

test('a well-formed token with an unknown id is refused', async (t) => {
  const db = await freshDatabase(t);
  await addUser(db, 'jane');
  assert.equal(await validateSessionToken(db, generateSessionToken(), start), null);
});

test('malformed tokens are refused', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { token } = await createSession(db, jane, start);
  const [id = '', secret = ''] = token.split('.');
  const malformed = [
    '',
    '.',
    id,
    `${id}.`,
    `.${secret}`,
    secret,
    token.toUpperCase(),
    `${token}.`,
    `${token}a`,
    token.slice(0, -1),
    `${id}.${secret}=`,
    ` ${token}`,
    `${token}\n`,
    `${id}x.${secret}`,
    token.replace('.', ':'),
    `${id}.${secret.slice(0, -1)}1`,
  ];
  for (const candidate of malformed) {
    assert.equal(await validateSessionToken(db, candidate, start + minute), null, JSON.stringify(candidate));
  }
  assert.notEqual(await validateSessionToken(db, token, start + minute), null);
});

test('a session unused for 10 days expires and is deleted', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { session, token } = await createSession(db, jane, start);
  assert.equal(await validateSessionToken(db, token, start + 10 * day), null);
  assert.equal(await storedLastUsedAt(db, session.id), undefined);
  assert.equal(await validateSessionToken(db, token, start + minute), null);
});

test('a session used within 10 days stays valid for 10 days from that use', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { token } = await createSession(db, jane, start);
  const used = await validateSessionToken(db, token, start + 10 * day - 1);
  assert.equal(used?.session.expiresAt, start + 20 * day - 1);
  assert.notEqual(await validateSessionToken(db, token, start + 19 * day), null);
  assert.equal(await validateSessionToken(db, token, start + 29 * day), null);
});

test('a session ends 30 days after sign-in however often it is used', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { session, token } = await createSession(db, jane, start);
  for (let elapsed = 5 * day; elapsed < 30 * day; elapsed += 5 * day) {
    assert.notEqual(await validateSessionToken(db, token, start + elapsed), null, `day ${elapsed / day}`);
  }
  const lastDay = await validateSessionToken(db, token, start + 30 * day - 1);
  assert.equal(lastDay?.session.expiresAt, start + 30 * day);
  assert.equal(await validateSessionToken(db, token, start + 30 * day), null);
  assert.equal(await storedLastUsedAt(db, session.id), undefined);
});

test('the last use is recorded at most once an hour, and then the cookie is fresh', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { session, token } = await createSession(db, jane, start);

  const early = await validateSessionToken(db, token, start + hour - 1);
  assert.equal(early?.fresh, false);
  assert.equal(early?.session.expiresAt, start + 10 * day);
  assert.equal(await storedLastUsedAt(db, session.id), start);

  const onTheHour = await validateSessionToken(db, token, start + hour);
  assert.equal(onTheHour?.fresh, true);
  assert.equal(onTheHour?.session.lastUsedAt, start + hour);
  assert.equal(onTheHour?.session.expiresAt, start + hour + 10 * day);
  assert.equal(await storedLastUsedAt(db, session.id), start + hour);

  const soonAfter = await validateSessionToken(db, token, start + hour + 30 * minute);
  assert.equal(soonAfter?.fresh, false);
  assert.equal(await storedLastUsedAt(db, session.id), start + hour);
});

test('signing out ends that session only', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const laptop = await createSession(db, jane, start);
  const phone = await createSession(db, jane, start);
  await invalidateSession(db, laptop.session.id);
  assert.equal(await validateSessionToken(db, laptop.token, start + minute), null);
  assert.notEqual(await validateSessionToken(db, phone.token, start + minute), null);
});

test("ending a user's sessions signs them out everywhere and leaves others signed in", async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const john = await addUser(db, 'john');
  const laptop = await createSession(db, jane, start);
  const phone = await createSession(db, jane, start);
  const johns = await createSession(db, john, start);
  await invalidateUserSessions(db, jane);
  assert.equal(await validateSessionToken(db, laptop.token, start + minute), null);
  assert.equal(await validateSessionToken(db, phone.token, start + minute), null);
  assert.notEqual(await validateSessionToken(db, johns.token, start + minute), null);
});

test('cleaning up deletes idle and over-age sessions and keeps live ones', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const idle = await createSession(db, jane, start);
  const overAge = await createSession(db, jane, start - 20 * day);
  const live = await createSession(db, jane, start);
  const now = start + 10 * day;
  for (const usedAt of [start - 11 * day, start - 2 * day, start + 7 * day]) {
    assert.notEqual(await validateSessionToken(db, overAge.token, usedAt), null);
  }
  await validateSessionToken(db, live.token, start + 5 * day);
  assert.equal(await deleteExpiredSessions(db, now), 2);
  const left = await db.all<{ id: string }>('SELECT id FROM sessions');
  assert.deepEqual(
    left.map((row) => row.id),
    [live.session.id],
  );
  assert.equal(await storedLastUsedAt(db, idle.session.id), undefined);
  assert.equal(await deleteExpiredSessions(db, now), 0);
});

function recordingJar(): CookieJar & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return { calls, set: (name, value, options) => void calls.push([name, value, options]) };
}

test('over HTTPS the cookie is Secure and __Host- prefixed, over HTTP it is plain', () => {
  assert.equal(sessionCookieName(true), '__Host-session');
  assert.equal(sessionCookieName(false), 'session');
  assert.equal(sessionCookieOptions(true, start).secure, true);
  assert.equal(sessionCookieOptions(false, start).secure, false);
});

test('the cookie is HttpOnly, SameSite=Lax, site-wide and expires with the session', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { session, token } = await createSession(db, jane, start);
  const jar = recordingJar();
  setSessionTokenCookie(jar, true, token, session.expiresAt);
  assert.deepEqual(jar.calls, [
    [
      '__Host-session',
      token,
      { httpOnly: true, sameSite: 'lax', path: '/', secure: true, expires: new Date((start + 10 * day) * 1000) },
    ],
  ]);
});

test('a fresh validation near the 30-day limit gives a cookie that ends with the session', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { token } = await createSession(db, jane, start);
  await validateSessionToken(db, token, start + 9 * day);
  await validateSessionToken(db, token, start + 18 * day);
  const late = await validateSessionToken(db, token, start + 25 * day);
  assert.equal(late?.fresh, true);
  assert.deepEqual(
    sessionCookieOptions(false, late?.session.expiresAt ?? 0).expires,
    new Date((start + 30 * day) * 1000),
  );
});

test('deleting the cookie blanks it with the same attributes and no lifetime', () => {
  const jar = recordingJar();
  deleteSessionTokenCookie(jar, false);
  assert.deepEqual(jar.calls, [
    ['session', '', { httpOnly: true, sameSite: 'lax', path: '/', secure: false, maxAge: 0 }],
  ]);
});

test('a session left behind by a deleted account signs nobody in', async (t) => {
  const db = await freshDatabase(t);
  const jane = await addUser(db, 'jane');
  const { token } = await createSession(db, jane, start);
  await db.run('UPDATE users SET deleted_at = ? WHERE id = ?', [start, jane]);
  assert.equal(await validateSessionToken(db, token, start + minute), null);
});
