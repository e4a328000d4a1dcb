/**
 * Sessions as the Lucia guide builds them: https://lucia-auth.com/sessions/basic and
 * https://lucia-auth.com/sessions/inactivity-timeout
 *
 * A token is `<id>.<secret>`: a 120-bit id and a 256-bit secret from crypto.getRandomValues,
 * each in lowercase unpadded base32 (24 and 52 characters). The database keeps the id and the
 * SHA-256 of the secret, so a leaked table lets nobody sign in. A session ends after 10 days
 * without use or 30 days after sign-in, whichever comes first. Its last use is written at most
 * once an hour; when it is, the result is `fresh` and the cookie must be set again to carry
 * the later expiry.
 *
 * A session of an account with two-factor sign-in starts unverified and counts as signed in only
 * once the code is given (https://thecopenhagenbook.com/mfa); `browser` is what the account page's
 * device list shows.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Queryable } from '../db/database.ts';
import type { Role, User } from './user.ts';

export interface Session {
  id: string;
  userId: number;
  createdAt: number;
  lastUsedAt: number;
  /** When the session ends if it is not used again: the cookie's expiry. */
  expiresAt: number;
  /** Summarized from the User-Agent it was started with, such as "Firefox on Linux"; may be empty. */
  browser: string;
  twoFactorVerified: boolean;
}

export interface SessionOptions {
  browser?: string;
  twoFactorVerified?: boolean;
}

export interface SessionValidation {
  session: Session;
  user: User;
  /** The last use was just recorded, so the cookie must be set again with the new expiry. */
  fresh: boolean;
  /** The account has two-factor sign-in and this session has not given the code yet. */
  twoFactorPending: boolean;
}

interface SessionRow {
  id: string;
  user_id: number;
  secret_hash: Uint8Array;
  created_at: number;
  last_used_at: number;
  browser: string;
  two_factor_verified: number;
  username: string;
  role: Role;
  banned_at: number | null;
  has_two_factor: number;
}

const day = 60 * 60 * 24;
const inactivityTimeout = 10 * day;
const maxLifetime = 30 * day;
const activityCheckInterval = 60 * 60;
const idBytes = 15;
const secretBytes = 32;
const tokenPattern = /^([a-z2-7]{24})\.([a-z2-7]{52})$/;

export function generateSessionToken(): string {
  const { id, secret } = generateIdAndSecret();
  return `${id}.${secret}`;
}

export async function createSession(
  db: Queryable,
  userId: number,
  now: number,
  options: SessionOptions = {},
): Promise<{ session: Session; token: string }> {
  const { id, secret } = generateIdAndSecret();
  const browser = options.browser ?? '';
  const twoFactorVerified = options.twoFactorVerified ?? false;
  await db.run(
    `INSERT INTO sessions (id, user_id, secret_hash, created_at, last_used_at, browser, two_factor_verified)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [id, userId, hashSecret(secret), now, now, browser, twoFactorVerified ? 1 : 0],
  );
  const session = {
    id,
    userId,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: expiresAt(now, now),
    browser,
    twoFactorVerified,
  };
  return { session, token: `${id}.${secret}` };
}

/**
 * Null for a malformed token, an unknown id, a wrong secret or an expired session (which is
 * deleted). The update and delete are each idempotent, so no transaction is needed. With
 * `write: false` neither is made, for storage that refuses writes while reads must go on
 * (issue 12, item 7): the session is never `fresh` then.
 */
export async function validateSessionToken(
  db: Queryable,
  token: string,
  now: number,
  options: { write?: boolean } = {},
): Promise<SessionValidation | null> {
  const write = options.write !== false;
  const parsed = parseSessionToken(token);
  if (parsed === null) {
    return null;
  }
  const record = await readSessionRecord(db, parsed.sessionId);
  if (record === null || !secretMatches(record, parsed.secret)) {
    return null;
  }
  if (hasExpired(record, now)) {
    if (write) await invalidateSession(db, record.id);
    return null;
  }
  const fresh = write && isSessionUseDue(record.last_used_at, now);
  if (fresh) {
    await db.run('UPDATE sessions SET last_used_at = ? WHERE id = ?', [now, record.id]);
  }
  return sessionValidation(record, fresh ? now : record.last_used_at, fresh);
}

/** A token's two halves, or null when it is not `<id>.<secret>` as generateSessionToken makes it. */
export function parseSessionToken(token: string): { sessionId: string; secret: string } | null {
  const match = tokenPattern.exec(token);
  return match === null ? null : { sessionId: match[1]!, secret: match[2]! };
}

/** A session as stored, with what validation needs of its account; null for an unknown id. */
export type SessionRecord = Readonly<SessionRow>;

export async function readSessionRecord(db: Queryable, sessionId: string): Promise<SessionRecord | null> {
  return db.get<SessionRow>(
    `SELECT sessions.id, sessions.user_id, sessions.secret_hash, sessions.created_at,
            sessions.last_used_at, sessions.browser, sessions.two_factor_verified,
            users.username, users.role, users.banned_at,
            CASE WHEN two_factor.user_id IS NULL THEN 0 ELSE 1 END AS has_two_factor
     FROM sessions INNER JOIN users ON users.id = sessions.user_id
     LEFT JOIN two_factor ON two_factor.user_id = sessions.user_id
     WHERE sessions.id = ? AND users.deleted_at IS NULL`,
    [sessionId],
  );
}

/**
 * What `validateSessionToken` without writing answers for `record`, read while the database was
 * as it is now: the same checks, the secret hashed and compared in constant time.
 */
export function validateSessionRecord(record: SessionRecord, secret: string, now: number): SessionValidation | null {
  if (!secretMatches(record, secret) || hasExpired(record, now)) return null;
  return sessionValidation(record, record.last_used_at, false);
}

function secretMatches(record: SessionRecord, secret: string): boolean {
  return constantTimeEqual(hashSecret(secret), record.secret_hash);
}

function hasExpired(record: SessionRecord, now: number): boolean {
  return now >= expiresAt(record.created_at, record.last_used_at);
}

function sessionValidation(record: SessionRecord, lastUsedAt: number, fresh: boolean): SessionValidation {
  return {
    session: {
      id: record.id,
      userId: record.user_id,
      createdAt: record.created_at,
      lastUsedAt,
      expiresAt: expiresAt(record.created_at, lastUsedAt),
      browser: record.browser,
      twoFactorVerified: Number(record.two_factor_verified) === 1,
    },
    user: { id: record.user_id, username: record.username, role: record.role, bannedAt: record.banned_at },
    fresh,
    twoFactorPending: Number(record.has_two_factor) === 1 && Number(record.two_factor_verified) !== 1,
  };
}

/** Whether a validation that may write would record a use now, and so refresh the cookie. */
export function isSessionUseDue(lastUsedAt: number, now: number): boolean {
  return now - lastUsedAt >= activityCheckInterval;
}

export async function invalidateSession(db: Queryable, sessionId: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE id = ?', [sessionId]);
}

export async function invalidateUserSessions(db: Queryable, userId: number): Promise<void> {
  await db.run('DELETE FROM sessions WHERE user_id = ?', [userId]);
}

/** Ends one session of the account; false when it has no such session (so no id of another's works). */
export async function invalidateUserSession(db: Queryable, userId: number, sessionId: string): Promise<boolean> {
  const result = await db.run('DELETE FROM sessions WHERE id = ? AND user_id = ?', [sessionId, userId]);
  return result.changes > 0;
}

/** Ends every session of the account but `keptSessionId`, as a password change must (ASVS 7.4.3). */
export async function invalidateOtherUserSessions(db: Queryable, userId: number, keptSessionId: string): Promise<void> {
  await db.run('DELETE FROM sessions WHERE user_id = ? AND id <> ?', [userId, keptSessionId]);
}

export async function setSessionAsTwoFactorVerified(db: Queryable, sessionId: string): Promise<void> {
  await db.run('UPDATE sessions SET two_factor_verified = 1 WHERE id = ?', [sessionId]);
}

/** The account's sessions that have not expired, the most recently used first. */
export async function listUserSessions(db: Queryable, userId: number, now: number): Promise<Session[]> {
  const rows = await db.all<Omit<SessionRow, 'secret_hash' | 'username' | 'role' | 'banned_at' | 'has_two_factor'>>(
    `SELECT id, user_id, created_at, last_used_at, browser, two_factor_verified FROM sessions
     WHERE user_id = ? AND created_at > ? AND last_used_at > ?
     ORDER BY last_used_at DESC, created_at DESC, id`,
    [userId, now - maxLifetime, now - inactivityTimeout],
  );
  return rows.map((row) => ({
    id: row.id,
    userId: Number(row.user_id),
    createdAt: Number(row.created_at),
    lastUsedAt: Number(row.last_used_at),
    expiresAt: expiresAt(Number(row.created_at), Number(row.last_used_at)),
    browser: row.browser,
    twoFactorVerified: Number(row.two_factor_verified) === 1,
  }));
}

/** Returns how many sessions were deleted. */
export async function deleteExpiredSessions(db: Queryable, now: number): Promise<number> {
  const result = await db.run('DELETE FROM sessions WHERE created_at <= ? OR last_used_at <= ?', [
    now - maxLifetime,
    now - inactivityTimeout,
  ]);
  return result.changes;
}

function generateIdAndSecret(): { id: string; secret: string } {
  const id = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(idBytes)));
  const secret = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(secretBytes)));
  return { id, secret };
}

// The secret is hashed as the text sent, so no other spelling of the same bytes can match.
function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

function expiresAt(createdAt: number, lastUsedAt: number): number {
  return Math.min(createdAt + maxLifetime, lastUsedAt + inactivityTimeout);
}
