/**
 * "Featured" (issue 14.4) tells the comment's author, in the featuring transaction, when they chose
 * email about their comments ("Email me when someone replies to me") and verified their address.
 * Once per comment: featured again after a moderator took it back, it sends nothing more.
 */
import type { Queryable } from '../db/database.ts';
import { queueUserEmail } from './outbox.ts';

export async function queueFeaturedNotification(tx: Queryable, commentId: number, now: number): Promise<boolean> {
  const row = await tx.get<{ author_id: number | bigint; story_slug: string; notify_replies: number | bigint }>(
    `SELECT c.author_id, c.story_slug, u.notify_replies FROM comments c JOIN users u ON u.id = c.author_id WHERE c.id = ?`,
    [commentId],
  );
  if (row === null || Number(row.notify_replies) !== 1) return false;
  const key = `featured:${commentId}`;
  if ((await tx.get('SELECT id FROM mail_outbox WHERE coalesce_key = ?', [key])) !== null) return false;
  const payload = { story: row.story_slug, commentIds: [commentId] };
  return queueUserEmail(tx, Number(row.author_id), 'featured', payload, now, {
    key,
    spacingSeconds: 0,
    merge: (waiting) => waiting,
  });
}
