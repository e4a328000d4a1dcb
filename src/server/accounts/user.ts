import type { Database, Queryable } from '../db/database.ts';
import { hashPassword, verifyPasswordHash } from './password.ts';

export type Role = 'reader' | 'moderator' | 'admin';

export interface User {
  id: number;
  username: string;
  role: Role;
  bannedAt: number | null;
}

export interface SignUpInput {
  username: string;
  password: string;
  email?: string | null;
}

export type SignUpFailure =
  | { ok: false; field: 'username'; reason: 'invalid' | 'taken'; message: string }
  | { ok: false; field: 'password'; reason: 'too-short' | 'too-long' | 'contains-username'; message: string }
  | { ok: false; field: 'email'; reason: 'invalid'; message: string };

export type SignUpResult = { ok: true; user: User } | SignUpFailure;

export type AuthenticateResult = { ok: true; user: User } | { ok: false; message: string };

export type SetUserRoleResult = { ok: true; user: User } | { ok: false; reason: 'unknown-user' };

interface UserRow {
  id: number;
  username: string;
  role: Role;
  banned_at: number | null;
}

const usernamePattern = /^[A-Za-z0-9_-]{3,32}$/;
const minPasswordLength = 8;
const maxPasswordLength = 256;
const maxEmailLength = 254;
const emailPattern = /^[^\s@]+@[^\s@]+$/;
const signInFailure = { ok: false, message: 'That username and password do not match.' } as const;
/** A password holding the username, in any case, is among the first guessed (ASVS 6.2.11). */
const passwordContainsUsername = {
  ok: false,
  field: 'password',
  reason: 'contains-username',
  message: 'Your password must not contain your username. Choose another.',
} as const;

export function validateUsername(username: string): { ok: true } | SignUpFailure {
  if (usernamePattern.test(username)) {
    return { ok: true };
  }
  return {
    ok: false,
    field: 'username',
    reason: 'invalid',
    message: 'Usernames are 3 to 32 letters, digits, _ or -.',
  };
}

/** Length only, no composition rules: https://pages.nist.gov/800-63-4/sp800-63b.html#passwordver */
export function validatePassword(password: string): { ok: true } | SignUpFailure {
  const length = [...password].length;
  if (length < minPasswordLength) {
    return {
      ok: false,
      field: 'password',
      reason: 'too-short',
      message: `Passwords need at least ${minPasswordLength} characters.`,
    };
  }
  if (length > maxPasswordLength) {
    return {
      ok: false,
      field: 'password',
      reason: 'too-long',
      message: `Passwords can be at most ${maxPasswordLength} characters.`,
    };
  }
  return { ok: true };
}

/** The rules for a password being chosen, by sign-up or a change: its length, and no username in it. */
export function validateNewPassword(username: string, password: string): { ok: true } | SignUpFailure {
  const length = validatePassword(password);
  if (!length.ok) {
    return length;
  }
  return password.toLowerCase().includes(username.toLowerCase()) ? passwordContainsUsername : { ok: true };
}

/** An absent or blank email is fine and becomes null. */
export function validateEmail(email: string | null | undefined): { ok: true; email: string | null } | SignUpFailure {
  const trimmed = email?.trim() ?? '';
  if (trimmed === '') {
    return { ok: true, email: null };
  }
  if (trimmed.length > maxEmailLength || !emailPattern.test(trimmed)) {
    return {
      ok: false,
      field: 'email',
      reason: 'invalid',
      message: 'That email address does not look right. Check it, or leave it empty.',
    };
  }
  return { ok: true, email: trimmed };
}

/** What must happen with the new account or not at all, such as queuing its verification email. */
export type OnSignUp = (tx: Queryable, user: User, email: string | null) => Promise<void>;

export async function signUp(
  db: Database,
  input: SignUpInput,
  now: number,
  onCreated?: OnSignUp,
): Promise<SignUpResult> {
  const username = validateUsername(input.username);
  if (!username.ok) {
    return username;
  }
  const password = validateNewPassword(input.username, input.password);
  if (!password.ok) {
    return password;
  }
  const email = validateEmail(input.email);
  if (!email.ok) {
    return email;
  }
  const passwordHash = await hashPassword(input.password);
  await freeUsernameOfDeletedAccount(db, input.username, now);
  // ON CONFLICT closes the race between two sign-ups for one name, in both dialects.
  const row = await db.transaction(async (tx) => {
    const created = await tx.get<UserRow>(
      `INSERT INTO users (username, username_key, email, password_hash, created_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (username_key) DO NOTHING
       RETURNING id, username, role, banned_at`,
      [input.username, input.username.toLowerCase(), email.email, passwordHash, now],
    );
    if (created !== null && onCreated !== undefined) await onCreated(tx, toUser(created), email.email);
    return created;
  });
  if (row === null) {
    return { ok: false, field: 'username', reason: 'taken', message: await takenMessage(db, input.username) };
  }
  return { ok: true, user: toUser(row) };
}

/** How long a deleted account's username stays reserved, so nobody can pose as its owner at once. */
export const DELETED_USERNAME_RESERVED_SECONDS = 30 * 24 * 60 * 60;

/**
 * A deleted account keeps its row for its "Comment deleted" placeholders; once its username has
 * been reserved long enough, the row gives the name up (a key no typed name can match).
 */
async function freeUsernameOfDeletedAccount(db: Queryable, username: string, now: number): Promise<void> {
  await db.run(
    `UPDATE users SET username = '#' || id, username_key = '#' || id
     WHERE username_key = ? AND deleted_at IS NOT NULL AND deleted_at <= ?`,
    [username.toLowerCase(), now - DELETED_USERNAME_RESERVED_SECONDS],
  );
}

async function takenMessage(db: Queryable, username: string): Promise<string> {
  const holder = await db.get<{ deleted_at: number | null }>('SELECT deleted_at FROM users WHERE username_key = ?', [
    username.toLowerCase(),
  ]);
  if (holder === null || holder.deleted_at === null) return 'That username is taken. Please choose another.';
  const free = new Date((Number(holder.deleted_at) + DELETED_USERNAME_RESERVED_SECONDS) * 1000);
  const date = free.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `That username belonged to an account that was deleted; it stays reserved until ${date}. Please choose another.`;
}

/**
 * An unknown username and a wrong password give the same answer after the same work, so
 * neither the reply nor its timing tells which usernames exist.
 */
export async function authenticate(db: Queryable, username: string, password: string): Promise<AuthenticateResult> {
  const row = usernamePattern.test(username)
    ? await db.get<UserRow & { password_hash: string }>(
        'SELECT id, username, role, banned_at, password_hash FROM users WHERE username_key = ? AND deleted_at IS NULL',
        [username.toLowerCase()],
      )
    : null;
  if (row === null) {
    await verifyPasswordHash(await dummyPasswordHash(), password);
    return signInFailure;
  }
  if (!(await verifyPasswordHash(row.password_hash, password))) {
    return signInFailure;
  }
  return { ok: true, user: toUser(row) };
}

export async function findUserByUsername(db: Queryable, username: string): Promise<User | null> {
  if (!usernamePattern.test(username)) {
    return null;
  }
  const row = await db.get<UserRow>(
    'SELECT id, username, role, banned_at FROM users WHERE username_key = ? AND deleted_at IS NULL',
    [username.toLowerCase()],
  );
  return row === null ? null : toUser(row);
}

/** For a signed-in reader confirming who they are, by id: false for a wrong password or a deleted account. */
export async function verifyUserPassword(db: Queryable, userId: number, password: string): Promise<boolean> {
  const row = await db.get<{ password_hash: string }>(
    'SELECT password_hash FROM users WHERE id = ? AND deleted_at IS NULL',
    [userId],
  );
  return row !== null && (await verifyPasswordHash(row.password_hash, password));
}

/** Stores a new password hash; the caller has checked the current password and the new one's rules. */
export async function setUserPassword(db: Queryable, userId: number, password: string): Promise<void> {
  await db.run('UPDATE users SET password_hash = ? WHERE id = ?', [await hashPassword(password), userId]);
}

export async function setUserRole(db: Queryable, username: string, role: Role): Promise<SetUserRoleResult> {
  if (!usernamePattern.test(username)) {
    return { ok: false, reason: 'unknown-user' };
  }
  const row = await db.get<UserRow>(
    'UPDATE users SET role = ? WHERE username_key = ? RETURNING id, username, role, banned_at',
    [role, username.toLowerCase()],
  );
  return row === null ? { ok: false, reason: 'unknown-user' } : { ok: true, user: toUser(row) };
}

function toUser(row: UserRow): User {
  return { id: row.id, username: row.username, role: row.role, bannedAt: row.banned_at };
}

// Derived with the current parameters rather than pasted in, so it always costs what a real hash costs.
let dummyHash: Promise<string> | null = null;

function dummyPasswordHash(): Promise<string> {
  if (dummyHash === null) {
    dummyHash = hashPassword('a password no account has');
  }
  return dummyHash;
}
