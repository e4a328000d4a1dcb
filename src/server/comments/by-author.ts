/**
 * A reader's comments as their public profile (/users/<name>/) lists them: only what every reader
 * may see, newest first. Authors are found by any stored name, imported ones included, so the
 * thread's link to a profile works for every author it shows.
 */
import type { Integer } from './comment.ts';
import type { Queryable } from '../db/database.ts';

export interface Author {
  id: number;
  username: string;
  joinedAt: number;
  banned: boolean;
}

export interface AuthoredComment {
  id: number;
  storySlug: string;
  body: string;
  createdAt: number;
  edited: boolean;
}

/** Names are stored at most 32 characters long, or a little more for an imported one made unique. */
const MAX_NAME_LENGTH = 200;

export async function findAuthor(db: Queryable, name: string): Promise<Author | null> {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return null;
  const row = await db.get<{ id: Integer; username: string; created_at: Integer; banned_at: Integer | null }>(
    'SELECT id, username, created_at, banned_at FROM users WHERE username_key = ?',
    [name.toLowerCase()],
  );
  if (row === null) return null;
  return {
    id: Number(row.id),
    username: row.username,
    joinedAt: Number(row.created_at),
    banned: row.banned_at !== null,
  };
}

export async function countVisibleCommentsBy(db: Queryable, authorId: number): Promise<number> {
  const row = await db.get<{ count: Integer | string }>(
    `SELECT COUNT(*) AS count FROM comments WHERE author_id = ? AND status = 'visible'`,
    [authorId],
  );
  return row === null ? 0 : Number(row.count);
}

/** `limit` visible comments by the author, newest first, after skipping `offset`. */
export async function listVisibleCommentsBy(
  db: Queryable,
  authorId: number,
  { limit, offset }: { limit: number; offset: number },
): Promise<AuthoredComment[]> {
  const rows = await db.all<{
    id: Integer;
    story_slug: string;
    body: string;
    created_at: Integer;
    edited_at: Integer | null;
  }>(
    `SELECT id, story_slug, body, created_at, edited_at FROM comments
     WHERE author_id = ? AND status = 'visible'
     ORDER BY created_at DESC, id DESC
     LIMIT ? OFFSET ?`,
    [authorId, limit, offset],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    storySlug: row.story_slug,
    body: row.body,
    createdAt: Number(row.created_at),
    edited: row.edited_at !== null,
  }));
}
