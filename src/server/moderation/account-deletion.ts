/**
 * Deleting an account (issue 13 item 3), by its owner or by a moderator, in the caller's one
 * transaction. Each of its comments goes as removeComment says: a "Comment deleted" placeholder
 * where it has replies, gone where it has none. The reports it made, its sessions, its
 * two-factor key, and its address with any code, reset link or email waiting for it, go. The row
 * itself stays, with no password or email left, because placeholders still point at it; its
 * username stays reserved (accounts/user.ts frees it after 30 days).
 */
import type { Queryable } from '../db/database.ts';
import { removeComment } from '../comments/visibility.ts';

/** False when there is no such account, or it is deleted already. */
export async function removeAccount(tx: Queryable, userId: number, now: number): Promise<boolean> {
  const user = await tx.get<{ id: number }>('SELECT id FROM users WHERE id = ? AND deleted_at IS NULL', [userId]);
  if (user === null) return false;
  // Deepest first, so a reply of the account's own goes before its parent is looked at.
  const comments = await tx.all<{ id: number | bigint }>(
    `SELECT id FROM comments WHERE author_id = ? AND status <> 'deleted' ORDER BY depth DESC, id DESC`,
    [userId],
  );
  for (const comment of comments) await removeComment(tx, Number(comment.id), now);
  await tx.run('DELETE FROM reports WHERE reporter_id = ?', [userId]);
  await tx.run('DELETE FROM sessions WHERE user_id = ?', [userId]);
  await tx.run('DELETE FROM two_factor WHERE user_id = ?', [userId]);
  // Its address goes, so nothing waiting to be mailed to it may go out either.
  for (const table of ['email_verifications', 'password_resets', 'mail_outbox']) {
    await tx.run(`DELETE FROM ${table} WHERE user_id = ?`, [userId]);
  }
  await tx.run(
    `UPDATE users SET email = NULL, email_verified_at = NULL, notify_replies = 0, moderator_digest = 0,
       password_hash = '', role = 'reader', deleted_at = ? WHERE id = ?`,
    [now, userId],
  );
  return true;
}
