/**
 * Password reset by emailed link (https://thecopenhagenbook.com/password-reset): a 160-bit token
 * kept as its SHA-256, valid an hour, used once. Only verified addresses are sent one, and the
 * request answers the same whether or not any account has the address. Setting the new
 * password ends every session of the account and every other reset link it was sent.
 */
import type { Database, Queryable } from '../db/database.ts';
import { invalidateUserSessions } from '../accounts/session.ts';
import { queueEmail } from './outbox.ts';
import { generateResetToken, hashSecret, isResetTokenShaped } from './secrets.ts';

export const RESET_LIFETIME_SECONDS = 60 * 60;

export interface PasswordReset {
  userId: number;
  username: string;
}

/** Queues a link to each account whose verified address this is; answers how many (never shown). */
export async function requestPasswordReset(db: Database, email: string, now: number): Promise<number> {
  return db.transaction(async (tx) => {
    const accounts = await tx.all<{ id: number | bigint; email: string }>(
      `SELECT id, email FROM users
       WHERE lower(email) = lower(?) AND email IS NOT NULL AND email_verified_at IS NOT NULL AND banned_at IS NULL`,
      [email],
    );
    for (const account of accounts) {
      const token = generateResetToken();
      await tx.run('INSERT INTO password_resets (token_hash, user_id, email, expires_at) VALUES (?, ?, ?, ?)', [
        hashSecret(token),
        account.id,
        account.email,
        now + RESET_LIFETIME_SECONDS,
      ]);
      const mail = { userId: Number(account.id), recipient: account.email, payload: { token } };
      await queueEmail(tx, { ...mail, kind: 'password-reset' }, now);
    }
    return accounts.length;
  });
}

/** The account a link's token resets, or null for a token unknown, used, or past its hour. */
export async function findPasswordReset(db: Queryable, token: string, now: number): Promise<PasswordReset | null> {
  if (!isResetTokenShaped(token)) return null;
  const row = await db.get<{ user_id: number | bigint; username: string }>(
    `SELECT r.user_id, u.username FROM password_resets r JOIN users u ON u.id = r.user_id AND u.email = r.email
     WHERE r.token_hash = ? AND r.expires_at > ?`,
    [hashSecret(token), now],
  );
  return row === null ? null : { userId: Number(row.user_id), username: row.username };
}

/**
 * Sets the password hashed beforehand (argon2id runs outside the transaction), uses up the
 * token and every other of the account, and ends its sessions. Null when the token no longer
 * resets anything, such as a second submit of the same link.
 */
export async function completePasswordReset(
  db: Database,
  token: string,
  passwordHash: string,
  now: number,
): Promise<PasswordReset | null> {
  return db.transaction(async (tx) => {
    const reset = await findPasswordReset(tx, token, now);
    if (reset === null) return null;
    await tx.run('DELETE FROM password_resets WHERE user_id = ?', [reset.userId]);
    await tx.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, reset.userId]);
    await invalidateUserSessions(tx, reset.userId);
    return reset;
  });
}

export async function deleteExpiredPasswordResets(db: Queryable, now: number): Promise<number> {
  return (await db.run('DELETE FROM password_resets WHERE expires_at <= ?', [now])).changes;
}
