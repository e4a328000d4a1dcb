/**
 * The people and comments unit tests start from. Users go straight into the table with a fake
 * password hash, so a test that is not about signing in does not pay for argon2id; comments go
 * through postComment, as a reader's would.
 */
import assert from 'node:assert/strict';
import type { Commenter } from '../../src/server/abuse/screening.ts';
import type { Comment, CommentWithAuthor } from '../../src/server/comments/comment.ts';
import { postComment } from '../../src/server/comments/store.ts';
import type { Database } from '../../src/server/db/database.ts';
import type { Role } from '../../src/server/accounts/user.ts';

/** The time the tests' world stands at, in Unix seconds. */
export const NOW = 1_800_000_000;
/** The story comments go under unless a test names another. */
export const STORY = 'budget-vote';

export interface UserOptions {
  role?: Role;
  bannedAt?: number | null;
}

export interface CommentOptions {
  story?: string;
  parentId?: number | null;
  body?: string;
  status?: 'visible' | 'pending';
  at?: number;
}

/** Stores a user who cannot sign in (the password hash is fake) and answers their id. */
export async function addUser(db: Database, username: string, options: UserOptions = {}): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO users (username, username_key, password_hash, role, banned_at, created_at)
     VALUES (?, ?, 'not-a-real-hash', ?, ?, ?) RETURNING id`,
    [username, username.toLowerCase(), options.role ?? 'reader', options.bannedAt ?? null, NOW],
  );
  assert.ok(row !== null);
  return Number(row.id);
}

/** Stores a user as addUser does and answers them as the comment actions take their author. */
export async function addCommenter(db: Database, username: string, options: UserOptions = {}): Promise<Commenter> {
  const id = await addUser(db, username, options);
  return { id, role: options.role ?? 'reader', bannedAt: options.bannedAt ?? null };
}

/** Posts a comment, visible on STORY at NOW unless told otherwise, and fails the test if it is refused. */
export async function addComment(db: Database, authorId: number, options: CommentOptions = {}): Promise<Comment> {
  const result = await postComment(
    db,
    {
      storySlug: options.story ?? STORY,
      parentId: options.parentId ?? null,
      authorId,
      body: options.body ?? 'A comment',
      status: options.status ?? 'visible',
    },
    options.at ?? NOW,
  );
  assert.ok(result.ok, JSON.stringify(result));
  return result.comment;
}

/**
 * A visible top-level comment by user 1, "ada", as storage reads it, for the tests of what is built
 * from rows without a database; the ids' order is their order in time.
 */
export function commentRow(
  id: number,
  parentId: number | null,
  overrides: Partial<CommentWithAuthor> = {},
): CommentWithAuthor {
  return {
    id,
    storySlug: STORY,
    parentId,
    authorId: 1,
    authorName: 'ada',
    body: `Comment ${id}`,
    status: 'visible',
    depth: 0,
    hiddenReason: null,
    createdAt: NOW + id,
    editedAt: null,
    deletedAt: null,
    ...overrides,
  };
}
