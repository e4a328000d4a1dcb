/**
 * Readers' likes: one per account per comment, never on one's own, only on a comment everyone
 * can read. Setting a like says which state the reader wants (liked or not), so sending the same
 * request twice changes nothing.
 */
import type { Database, Queryable } from '../db/database.ts';
import type { Integer } from './comment.ts';
import type { Admission } from './store.ts';

export type LikeResult =
  { ok: true; liked: boolean; count: number } | { ok: false; reason: 'not-found' | 'own-comment' | 'banned' };

/** `admit`, such as a rate limit, runs last before the write, in its transaction. */
export async function setLike<Refusal extends { ok: false } = never>(
  db: Database,
  input: { userId: number; commentId: number; liked: boolean },
  now: number,
  admit?: Admission<Refusal>,
): Promise<LikeResult | Refusal> {
  return db.transaction(async (tx): Promise<LikeResult | Refusal> => {
    const comment = await tx.get<{ author_id: Integer; status: string }>(
      'SELECT author_id, status FROM comments WHERE id = ?',
      [input.commentId],
    );
    if (comment === null || comment.status !== 'visible') return { ok: false, reason: 'not-found' };
    if (Number(comment.author_id) === input.userId) return { ok: false, reason: 'own-comment' };
    const user = await tx.get<{ banned_at: Integer | null }>('SELECT banned_at FROM users WHERE id = ?', [
      input.userId,
    ]);
    if (user === null || user.banned_at !== null) return { ok: false, reason: 'banned' };
    const admitted = admit === undefined ? null : await admit(tx);
    if (admitted !== null && !admitted.ok) return admitted;
    if (input.liked) {
      await tx.run(
        'INSERT INTO likes (user_id, comment_id, created_at) VALUES (?, ?, ?) ON CONFLICT (user_id, comment_id) DO NOTHING',
        [input.userId, input.commentId, now],
      );
    } else {
      await tx.run('DELETE FROM likes WHERE user_id = ? AND comment_id = ?', [input.userId, input.commentId]);
    }
    const row = await tx.get<{ count: Integer | string }>('SELECT COUNT(*) AS count FROM likes WHERE comment_id = ?', [
      input.commentId,
    ]);
    return { ok: true, liked: input.liked, count: Number(row?.count ?? 0) };
  });
}

/** How many likes each liked comment of a story has. */
export async function listStoryLikeCounts(db: Queryable, storySlug: string): Promise<Map<number, number>> {
  const rows = await db.all<{ comment_id: Integer; count: Integer | string }>(
    `SELECT l.comment_id, COUNT(*) AS count FROM likes l JOIN comments c ON c.id = l.comment_id
     WHERE c.story_slug = ? GROUP BY l.comment_id`,
    [storySlug],
  );
  return new Map(rows.map((row) => [Number(row.comment_id), Number(row.count)]));
}

/** The comments of a story that `userId` likes. */
export async function listLikedComments(db: Queryable, userId: number, storySlug: string): Promise<Set<number>> {
  const rows = await db.all<{ comment_id: Integer }>(
    `SELECT l.comment_id FROM likes l JOIN comments c ON c.id = l.comment_id
     WHERE l.user_id = ? AND c.story_slug = ?`,
    [userId, storySlug],
  );
  return new Set(rows.map((row) => Number(row.comment_id)));
}
