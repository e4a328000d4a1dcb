/**
 * How many comments readers can see on each of several stories, for the "N comments" beside every
 * headline (/api/comment-counts). One query answers a page's whole list; counts are kept for a few
 * seconds, since every page view asks and a count a little behind is harmless.
 */
import type { Integer } from './comment.ts';
import type { Queryable } from '../db/database.ts';

/** How long a count is served from memory; the endpoint's own max-age comes on top. */
const FRESH_SECONDS = 5;

export interface CommentCounts {
  /**
   * Stories the endpoint has found published with their comments shown, so the server may answer
   * for them itself (src/server/http/comment-counts-answer.ts).
   */
  countable: Set<string>;
  /** Visible comments on each of `slugs`, in their order. */
  read(db: Queryable, slugs: readonly string[], now: number): Promise<Record<string, number>>;
}

export function createCommentCounts(): CommentCounts {
  const kept = new Map<string, { count: number; at: number }>();
  return {
    countable: new Set(),
    read: async (db, slugs, now) => {
      const stale = slugs.filter((slug) => {
        const entry = kept.get(slug);
        return entry === undefined || now < entry.at || now >= entry.at + FRESH_SECONDS;
      });
      if (stale.length > 0) {
        const fresh = await countVisibleCommentsOn(db, stale);
        for (const slug of stale) kept.set(slug, { count: fresh.get(slug) ?? 0, at: now });
      }
      return Object.fromEntries(slugs.map((slug) => [slug, kept.get(slug)?.count ?? 0]));
    },
  };
}

/** One query for all of `slugs`; a story nobody has commented on is missing from the map. */
export async function countVisibleCommentsOn(db: Queryable, slugs: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.all<{ story_slug: string; count: Integer | string }>(
    `SELECT story_slug, COUNT(*) AS count FROM comments
     WHERE status = 'visible' AND story_slug IN (${slugs.map(() => '?').join(', ')})
     GROUP BY story_slug`,
    slugs,
  );
  return new Map(rows.map((row) => [row.story_slug, Number(row.count)]));
}
