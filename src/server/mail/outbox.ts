/**
 * The outbox: every email is a row queued in the transaction of the event that causes it (a
 * sign-up, a reply, a reset request), so an event is never kept without its email nor an email
 * sent for an event rolled back. The sender (mail/delivery.ts) claims due rows for a lease,
 * sends them, and marks them sent; a failure is tried again later, each time after twice the
 * wait, and given up after `maxAttempts`. Claims on PostgreSQL take `FOR UPDATE SKIP LOCKED`,
 * so several processes share the queue without sending a row twice; a process that dies between
 * sending and marking leaves its row to be sent again once the lease ends, the one case where a
 * message can arrive twice.
 */
import type { Database, Queryable } from '../db/database.ts';

export type MailKind =
  'verify-email' | 'email-changed' | 'password-reset' | 'replies' | 'featured' | 'moderator-digest';

export interface NewMail {
  userId: number | null;
  recipient: string;
  kind: MailKind;
  payload: Readonly<Record<string, unknown>>;
}

/** Mail of one kind to one person, merged while it waits and spaced `spacingSeconds` apart. */
export interface Coalescing {
  key: string;
  spacingSeconds: number;
  merge(waiting: Record<string, unknown>, added: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

export interface OutboxMessage {
  id: number;
  userId: number | null;
  recipient: string;
  kind: MailKind;
  payload: Record<string, unknown>;
  attempts: number;
}

interface OutboxRow {
  id: number | bigint;
  user_id: number | bigint | null;
  recipient: string;
  kind: MailKind;
  payload: string;
  attempts: number;
}

export const MAX_ATTEMPTS = 8;
const firstRetrySeconds = 60;
const longestRetrySeconds = 6 * 60 * 60;

export async function queueEmail(tx: Queryable, mail: NewMail, now: number, coalescing?: Coalescing): Promise<void> {
  let sendAfter = now;
  if (coalescing !== undefined) {
    const waiting = await tx.get<{ id: number | bigint; payload: string }>(
      `SELECT id, payload FROM mail_outbox
       WHERE coalesce_key = ? AND sent_at IS NULL AND failed_at IS NULL AND (claimed_until IS NULL OR claimed_until <= ?)
       ORDER BY id DESC LIMIT 1`,
      [coalescing.key, now],
    );
    if (waiting !== null) {
      const merged = coalescing.merge(JSON.parse(waiting.payload) as Record<string, unknown>, mail.payload);
      await tx.run('UPDATE mail_outbox SET payload = ? WHERE id = ?', [JSON.stringify(merged), waiting.id]);
      return;
    }
    const last = await tx.get<{ at: number | bigint | null }>(
      'SELECT MAX(COALESCE(sent_at, send_after)) AS at FROM mail_outbox WHERE coalesce_key = ?',
      [coalescing.key],
    );
    if (last !== null && last.at !== null) sendAfter = Math.max(now, Number(last.at) + coalescing.spacingSeconds);
  }
  await tx.run(
    `INSERT INTO mail_outbox (user_id, recipient, kind, payload, coalesce_key, created_at, send_after)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [mail.userId, mail.recipient, mail.kind, JSON.stringify(mail.payload), coalescing?.key ?? null, now, sendAfter],
  );
}

/**
 * Queues mail to a user's verified address; answers false, queuing nothing, when they have none.
 * The one way features other than this folder's send mail to readers.
 */
export async function queueUserEmail(
  tx: Queryable,
  userId: number,
  kind: MailKind,
  payload: Readonly<Record<string, unknown>>,
  now: number,
  coalescing?: Coalescing,
): Promise<boolean> {
  const user = await tx.get<{ email: string | null; email_verified_at: number | bigint | null }>(
    'SELECT email, email_verified_at FROM users WHERE id = ?',
    [userId],
  );
  if (user === null || user.email === null || user.email_verified_at === null) return false;
  await queueEmail(tx, { userId, recipient: user.email, kind, payload }, now, coalescing);
  return true;
}

/** Takes up to `limit` due messages for `leaseSeconds`; no other sender takes them meanwhile. */
export async function claimDueMail(
  db: Database,
  now: number,
  limit: number,
  leaseSeconds: number,
): Promise<OutboxMessage[]> {
  const due = `SELECT id FROM mail_outbox
     WHERE sent_at IS NULL AND failed_at IS NULL AND send_after <= ? AND (claimed_until IS NULL OR claimed_until <= ?)
     ORDER BY send_after, id LIMIT ?`;
  const rows = await db.transaction((tx) =>
    tx.all<OutboxRow>(
      `UPDATE mail_outbox SET claimed_until = ?, attempts = attempts + 1
       WHERE id IN (${tx.dialect === 'postgres' ? `${due} FOR UPDATE SKIP LOCKED` : due})
       RETURNING id, user_id, recipient, kind, payload, attempts`,
      [now + leaseSeconds, now, now, limit],
    ),
  );
  return rows
    .map((row) => ({
      id: Number(row.id),
      userId: row.user_id === null ? null : Number(row.user_id),
      recipient: row.recipient,
      kind: row.kind,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
      attempts: Number(row.attempts),
    }))
    .sort((a, b) => a.id - b.id);
}

/** What it carried (a code, a link's token) goes with sending; the row stays as a record. */
export async function markMailSent(db: Queryable, id: number, now: number): Promise<void> {
  await db.run(`UPDATE mail_outbox SET sent_at = ?, claimed_until = NULL, payload = '{}' WHERE id = ?`, [now, id]);
}

/** A message there is no longer anything to send for, such as replies deleted meanwhile. */
export async function dropMail(db: Queryable, id: number, now: number, reason: string): Promise<void> {
  await db.run(
    `UPDATE mail_outbox SET failed_at = ?, claimed_until = NULL, payload = '{}', last_error = ? WHERE id = ?`,
    [now, reason, id],
  );
}

export async function markMailFailed(db: Queryable, message: OutboxMessage, error: string, now: number): Promise<void> {
  if (message.attempts >= MAX_ATTEMPTS) {
    await dropMail(db, message.id, now, error);
    return;
  }
  const wait = Math.min(longestRetrySeconds, firstRetrySeconds * 2 ** (message.attempts - 1));
  await db.run('UPDATE mail_outbox SET send_after = ?, claimed_until = NULL, last_error = ? WHERE id = ?', [
    now + wait,
    error.slice(0, 500),
    message.id,
  ]);
}

/** Housekeeping: rows sent or given up more than `retentionSeconds` ago. */
export async function deleteFinishedMail(db: Queryable, retentionSeconds: number, now: number): Promise<number> {
  const before = now - retentionSeconds;
  const result = await db.run('DELETE FROM mail_outbox WHERE sent_at <= ? OR failed_at <= ?', [before, before]);
  return result.changes;
}
