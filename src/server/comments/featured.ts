/** The comments moderators featured (moderation/decisions.ts writes them), as a story's thread shows them. */
import type { Queryable } from '../db/database.ts';
import type { Integer } from './comment.ts';

/** A story's featured comments, the most recently featured first. */
export async function listStoryFeatured(db: Queryable, storySlug: string): Promise<number[]> {
  const rows = await db.all<{ comment_id: Integer }>(
    `SELECT f.comment_id FROM featured_comments f JOIN comments c ON c.id = f.comment_id
     WHERE c.story_slug = ? ORDER BY f.featured_at DESC, f.comment_id DESC`,
    [storySlug],
  );
  return rows.map((row) => Number(row.comment_id));
}
