/**
 * The moderators' daily digest (issue 13.5): to each moderator or admin who opted in and
 * verified their address, at most one a day, and only while something waits. A digest still
 * unsent takes the latest count instead of queuing another.
 */
import type { Database } from '../db/database.ts';
import { queueUserEmail, type Coalescing } from './outbox.ts';

const DAY_SECONDS = 24 * 60 * 60;

export async function queueModeratorDigests(db: Database, waiting: number, now: number): Promise<number> {
  if (waiting === 0) return 0;
  return db.transaction(async (tx) => {
    const moderators = await tx.all<{ id: number | bigint }>(
      `SELECT id FROM users WHERE role IN ('moderator', 'admin') AND moderator_digest = 1 AND banned_at IS NULL`,
    );
    let queued = 0;
    for (const moderator of moderators) {
      const userId = Number(moderator.id);
      const due = await tx.get<{ at: number | bigint | null }>(
        `SELECT MAX(COALESCE(sent_at, send_after)) AS at FROM mail_outbox WHERE coalesce_key = ?`,
        [digestKey(userId)],
      );
      // Queued only when today's is not: the coalescing would otherwise hold it back a day.
      if (due !== null && due.at !== null && Number(due.at) + DAY_SECONDS > now) continue;
      if (await queueUserEmail(tx, userId, 'moderator-digest', { waiting }, now, digestCoalescing(userId))) queued += 1;
    }
    return queued;
  });
}

function digestKey(userId: number): string {
  return `digest:${userId}`;
}

function digestCoalescing(userId: number): Coalescing {
  return { key: digestKey(userId), spacingSeconds: DAY_SECONDS, merge: (_waiting, added) => ({ ...added }) };
}
