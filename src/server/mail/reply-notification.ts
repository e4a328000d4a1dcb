/**
 * "Email me when someone replies to me" (issue 13.4): queued in the transaction that makes a
 * reply visible, the post itself or a moderator's approval, for the parent's author when they
 * opted in and verified their address, never for their own reply. Replies on one story wait in
 * one message while it is unsent, and such messages go at most one per 10 minutes.
 */
import type { Comment } from '../comments/comment.ts';
import type { Queryable } from '../db/database.ts';
import { queueUserEmail, type Coalescing } from './outbox.ts';

export const REPLY_SPACING_SECONDS = 10 * 60;

export type RepliesPayload = Readonly<{ story: string; title: string | null; commentIds: number[] }>;

export async function queueReplyNotification(
  tx: Queryable,
  reply: Pick<Comment, 'id' | 'parentId' | 'authorId' | 'status' | 'storySlug'>,
  storyTitle: string | null,
  now: number,
): Promise<boolean> {
  if (reply.parentId === null || reply.status !== 'visible') return false;
  const parent = await tx.get<{ author_id: number | bigint; notify_replies: number | bigint }>(
    `SELECT c.author_id, u.notify_replies FROM comments c JOIN users u ON u.id = c.author_id WHERE c.id = ?`,
    [reply.parentId],
  );
  if (parent === null || Number(parent.notify_replies) !== 1) return false;
  const recipientId = Number(parent.author_id);
  if (recipientId === reply.authorId) return false;
  const payload: RepliesPayload = { story: reply.storySlug, title: storyTitle, commentIds: [reply.id] };
  return queueUserEmail(tx, recipientId, 'replies', payload, now, repliesCoalescing(recipientId, reply.storySlug));
}

/** The same for a comment by its id, such as one a moderator just approved; its headline is not known here. */
export async function queueReplyNotificationFor(tx: Queryable, commentId: number, now: number): Promise<boolean> {
  const row = await tx.get<{
    id: number | bigint;
    parent_id: number | bigint | null;
    author_id: number | bigint;
    status: Comment['status'];
    story_slug: string;
  }>('SELECT id, parent_id, author_id, status, story_slug FROM comments WHERE id = ?', [commentId]);
  if (row === null) return false;
  const reply = {
    id: Number(row.id),
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    authorId: Number(row.author_id),
    status: row.status,
    storySlug: row.story_slug,
  };
  return queueReplyNotification(tx, reply, null, now);
}

function repliesCoalescing(userId: number, story: string): Coalescing {
  return {
    key: `replies:${userId}:${story}`,
    spacingSeconds: REPLY_SPACING_SECONDS,
    merge: (waiting, added) => {
      const ids = [...commentIdsOf(waiting), ...commentIdsOf(added)];
      return { ...waiting, title: waiting.title ?? added.title ?? null, commentIds: [...new Set(ids)] };
    },
  };
}

export function commentIdsOf(payload: Readonly<Record<string, unknown>>): number[] {
  const ids = payload.commentIds;
  return Array.isArray(ids) ? ids.filter((id): id is number => Number.isSafeInteger(id)) : [];
}
