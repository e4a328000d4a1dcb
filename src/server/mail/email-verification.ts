/**
 * Verifying an address with a code sent to it (https://thecopenhagenbook.com/email-verification):
 * 8 digits, valid 15 minutes, used once, replaced by each new one. Until it is verified an
 * address receives nothing but its code. The limit of 10 tries an hour per account is the
 * action's (actions/email-actions.ts), since it must hold even when the code is wrong.
 */
import type { Database, Queryable } from '../db/database.ts';
import { queueEmail } from './outbox.ts';
import { generateVerificationCode, hashSecret, normalizeVerificationCode, secretMatches } from './secrets.ts';

export const CODE_LIFETIME_SECONDS = 15 * 60;

export type VerifyEmailResult =
  { ok: true; email: string } | { ok: false; reason: 'no-code' | 'expired' | 'wrong-code' | 'malformed' };

/** A new code for `email`, replacing any earlier one, and the email that carries it. */
export async function startEmailVerification(tx: Queryable, userId: number, email: string, now: number): Promise<void> {
  const code = generateVerificationCode();
  await tx.run(
    `INSERT INTO email_verifications (user_id, email, code_hash, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, code_hash = excluded.code_hash,
       expires_at = excluded.expires_at`,
    [userId, email, hashSecret(code), now + CODE_LIFETIME_SECONDS],
  );
  await queueEmail(tx, { userId, recipient: email, kind: 'verify-email', payload: { code } }, now);
}

/** Checks the typed code; the right one, in time, verifies the address it was sent to. */
export async function verifyEmailCode(
  db: Database,
  userId: number,
  typed: string,
  now: number,
): Promise<VerifyEmailResult> {
  const code = normalizeVerificationCode(typed);
  if (code === null) return { ok: false, reason: 'malformed' };
  return db.transaction(async (tx): Promise<VerifyEmailResult> => {
    const row = await tx.get<{ email: string; code_hash: Uint8Array; expires_at: number | bigint }>(
      `SELECT v.email, v.code_hash, v.expires_at FROM email_verifications v
       JOIN users u ON u.id = v.user_id AND u.email = v.email
       WHERE v.user_id = ?`,
      [userId],
    );
    if (row === null) return { ok: false, reason: 'no-code' };
    if (now >= Number(row.expires_at)) {
      await tx.run('DELETE FROM email_verifications WHERE user_id = ?', [userId]);
      return { ok: false, reason: 'expired' };
    }
    if (!secretMatches(code, row.code_hash)) return { ok: false, reason: 'wrong-code' };
    await tx.run('DELETE FROM email_verifications WHERE user_id = ?', [userId]);
    await tx.run('UPDATE users SET email_verified_at = ? WHERE id = ?', [now, userId]);
    return { ok: true, email: row.email };
  });
}

/** Whether a code for the account's current address is waiting to be typed. */
export async function hasPendingVerification(db: Queryable, userId: number, now: number): Promise<boolean> {
  const row = await db.get<{ expires_at: number | bigint }>(
    `SELECT v.expires_at FROM email_verifications v JOIN users u ON u.id = v.user_id AND u.email = v.email
     WHERE v.user_id = ?`,
    [userId],
  );
  return row !== null && Number(row.expires_at) > now;
}
