/**
 * Who may read a comment, and what deleting one leaves behind: the rules every path that shows or
 * removes a comment (the author, a moderator) shares.
 */
import type { Queryable } from '../db/database.ts';
import type { Comment, CommentStatus } from './comment.ts';

/** The one place that decides whether a viewer may read a comment's text. */
export function isVisibleTo(comment: Pick<Comment, 'status' | 'authorId'>, viewerId: number | null): boolean {
  switch (comment.status) {
    case 'visible':
      return true;
    // Authors see their own waiting and hidden comments, marked, so they know where they stand.
    case 'pending':
    case 'hidden':
      return viewerId !== null && comment.authorId === viewerId;
    case 'deleted':
      return false;
  }
}

export async function hasReplies(db: Queryable, id: number): Promise<boolean> {
  return (await db.get<{ id: number }>('SELECT id FROM comments WHERE parent_id = ? LIMIT 1', [id])) !== null;
}

/**
 * Removes a comment inside the caller's transaction. One with replies becomes a "Comment deleted"
 * placeholder (no text, no reason) so the replies keep their place; one without goes, and so does
 * every placeholder ancestor that this leaves without replies.
 */
export async function removeComment(tx: Queryable, id: number, now: number): Promise<void> {
  if (await hasReplies(tx, id)) {
    await tx.run(
      `UPDATE comments SET status = 'deleted', body = '', hidden_reason = NULL, deleted_at = ? WHERE id = ?`,
      [now, id],
    );
    return;
  }
  let next: number | null = id;
  while (next !== null) {
    const row: { parent_id: number | bigint | null } | null = await tx.get(
      'SELECT parent_id FROM comments WHERE id = ?',
      [next],
    );
    await tx.run('DELETE FROM comments WHERE id = ?', [next]);
    next = row === null || row.parent_id === null ? null : await removablePlaceholder(tx, Number(row.parent_id));
  }
}

/** The id of a placeholder that has no replies left, or null. */
async function removablePlaceholder(tx: Queryable, id: number): Promise<number | null> {
  const row = await tx.get<{ status: CommentStatus }>('SELECT status FROM comments WHERE id = ?', [id]);
  return row?.status === 'deleted' && !(await hasReplies(tx, id)) ? id : null;
}
