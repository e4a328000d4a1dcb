/**
 * An account's address and what it asked to be sent. Changing the address unverifies it, sends
 * the new one a code and tells the old one, if verified, what happened
 * (https://thecopenhagenbook.com/email-verification#changing-emails).
 */
import type { Queryable } from '../db/database.ts';
import { hasPendingVerification, startEmailVerification } from './email-verification.ts';
import { queueEmail } from './outbox.ts';

export interface MailSettings {
  email: string | null;
  verified: boolean;
  /** A code for the current address waits to be typed. */
  codePending: boolean;
  notifyReplies: boolean;
  moderatorDigest: boolean;
}

export type MailPreference = 'notify_replies' | 'moderator_digest';

interface SettingsRow {
  email: string | null;
  email_verified_at: number | bigint | null;
  notify_replies: number | bigint;
  moderator_digest: number | bigint;
}

export async function getMailSettings(db: Queryable, userId: number, now: number): Promise<MailSettings> {
  const row = await db.get<SettingsRow>(
    'SELECT email, email_verified_at, notify_replies, moderator_digest FROM users WHERE id = ?',
    [userId],
  );
  if (row === null) throw new Error(`No account ${userId}.`);
  return {
    email: row.email,
    verified: row.email !== null && row.email_verified_at !== null,
    codePending:
      row.email !== null && row.email_verified_at === null && (await hasPendingVerification(db, userId, now)),
    notifyReplies: Number(row.notify_replies) === 1,
    moderatorDigest: Number(row.moderator_digest) === 1,
  };
}

/** Sets the address (null takes it away); answers false when it is the address already set. */
export async function changeEmail(tx: Queryable, userId: number, email: string | null, now: number): Promise<boolean> {
  const old = await tx.get<{ email: string | null; email_verified_at: number | bigint | null }>(
    'SELECT email, email_verified_at FROM users WHERE id = ?',
    [userId],
  );
  if (old === null) throw new Error(`No account ${userId}.`);
  if (old.email === email) return false;
  await tx.run('UPDATE users SET email = ?, email_verified_at = NULL WHERE id = ?', [email, userId]);
  await tx.run('DELETE FROM email_verifications WHERE user_id = ?', [userId]);
  if (email !== null) await startEmailVerification(tx, userId, email, now);
  if (old.email !== null && old.email_verified_at !== null) {
    const payload = { newEmail: email === null ? null : maskAddress(email) };
    await queueEmail(tx, { userId, recipient: old.email, kind: 'email-changed', payload }, now);
  }
  return true;
}

/** A new code for the unverified address, or false when there is none to verify. */
export async function resendVerificationCode(tx: Queryable, userId: number, now: number): Promise<boolean> {
  const row = await tx.get<{ email: string | null; email_verified_at: number | bigint | null }>(
    'SELECT email, email_verified_at FROM users WHERE id = ?',
    [userId],
  );
  if (row === null || row.email === null || row.email_verified_at !== null) return false;
  await startEmailVerification(tx, userId, row.email, now);
  return true;
}

export async function setMailPreference(
  db: Queryable,
  userId: number,
  preference: MailPreference,
  on: boolean,
): Promise<void> {
  const sql = {
    notify_replies: 'UPDATE users SET notify_replies = ? WHERE id = ?',
    moderator_digest: 'UPDATE users SET moderator_digest = ? WHERE id = ?',
  }[preference];
  await db.run(sql, [on ? 1 : 0, userId]);
}

/** The new address as the old one is told it: enough to recognise, too little to harvest. */
export function maskAddress(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  return `${local.slice(0, 1)}…@${email.slice(at + 1)}`;
}
