import { EDIT_WINDOW_SECONDS, MAX_DEPTH, validateCommentBody } from './rules.ts';
import type { Database, Queryable } from '../db/database.ts';
import {
  COLUMNS,
  toComment,
  type Comment,
  type CommentRecord,
  type CommentWithAuthor,
  type Integer,
} from './comment.ts';
import { isVisibleTo, removeComment } from './visibility.ts';

export interface NewComment {
  storySlug: string;
  parentId: number | null;
  authorId: number;
  body: string;
  status?: 'visible' | 'pending';
}

export interface CommentEdit {
  commentId: number;
  userId: number;
  body: string;
  /** What screening the new text earned; 'pending' takes the comment off the page until approved. */
  status?: 'visible' | 'pending';
}

export type PostCommentResult =
  | { ok: true; comment: Comment }
  | { ok: false; reason: 'invalid'; message: string }
  | { ok: false; reason: 'banned' | 'parent-not-found' | 'parent-other-story' | 'parent-deleted' };

export type EditCommentResult =
  | { ok: true; comment: Comment }
  | { ok: false; reason: 'invalid'; message: string }
  | { ok: false; reason: 'banned' | 'not-found' | 'forbidden' | 'hidden' | 'edit-window-closed' | 'deleted' };

export type DeleteCommentResult = { ok: true } | { ok: false; reason: 'banned' | 'not-found' | 'forbidden' | 'hidden' };

/** A last check made inside the insert's transaction, such as the comment interval; it may write. */
export type Admission<Refusal> = (tx: Queryable) => Promise<{ ok: true } | Refusal>;

/** What must be written with a stored comment or not at all, such as the email that tells of it. */
export type AfterInsert = (tx: Queryable, comment: Comment) => Promise<void>;

/**
 * Stores a comment once everything that could refuse it has passed, `admit` last, all in one
 * transaction: what `admit` and `afterInsert` write is kept only with the comment.
 */
export async function postComment<Refusal extends { ok: false } = never>(
  db: Database,
  input: NewComment,
  now: number,
  admit?: Admission<Refusal>,
  afterInsert?: AfterInsert,
): Promise<PostCommentResult | Refusal> {
  const checked = validateCommentBody(input.body);
  if (!checked.ok) return { ok: false, reason: 'invalid', message: checked.message };

  return db.transaction(async (tx): Promise<PostCommentResult | Refusal> => {
    if (await isBanned(tx, input.authorId)) return { ok: false, reason: 'banned' };
    let parentId: number | null = null;
    let depth = 0;
    if (input.parentId !== null) {
      const parent = await findComment(tx, input.parentId);
      if (parent === null) return { ok: false, reason: 'parent-not-found' };
      if (parent.storySlug !== input.storySlug) return { ok: false, reason: 'parent-other-story' };
      if (parent.status === 'deleted') return { ok: false, reason: 'parent-deleted' };
      if (!isVisibleTo(parent, input.authorId)) return { ok: false, reason: 'parent-not-found' };
      // At the cap the reply becomes a sibling of its parent, whose own parent sits at MAX_DEPTH - 1.
      const atCap = parent.depth >= MAX_DEPTH && parent.parentId !== null;
      parentId = atCap ? parent.parentId : parent.id;
      depth = atCap ? MAX_DEPTH : parent.depth + 1;
    }
    const admitted = admit === undefined ? null : await admit(tx);
    if (admitted !== null && !admitted.ok) return admitted;
    const record = await tx.get<CommentRecord>(
      `INSERT INTO comments (story_slug, parent_id, author_id, body, status, depth, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       RETURNING ${COLUMNS}`,
      [input.storySlug, parentId, input.authorId, checked.body, input.status ?? 'visible', depth, now],
    );
    if (record === null) throw new Error('INSERT ... RETURNING gave no row.');
    const comment = toComment(record);
    if (afterInsert !== undefined) await afterInsert(tx, comment);
    return { ok: true, comment };
  });
}

/**
 * The author's edit, within the edit window. An edit never publishes a comment that waits for a
 * moderator, and a held edit takes a visible comment off the page until one approves it, so
 * nobody reads unreviewed words, nor the words the author took back. A hidden comment cannot be
 * edited: it is the evidence a moderator decides on (issue 11 item 8).
 */
export async function editComment(db: Database, input: CommentEdit, now: number): Promise<EditCommentResult> {
  return db.transaction(async (tx): Promise<EditCommentResult> => {
    const comment = await findComment(tx, input.commentId);
    if (comment === null) return { ok: false, reason: 'not-found' };
    if (comment.status === 'deleted') return { ok: false, reason: 'deleted' };
    if (!isVisibleTo(comment, input.userId)) return { ok: false, reason: 'not-found' };
    if (comment.authorId !== input.userId) return { ok: false, reason: 'forbidden' };
    if (await isBanned(tx, input.userId)) return { ok: false, reason: 'banned' };
    if (comment.status === 'hidden') return { ok: false, reason: 'hidden' };
    if (now - comment.createdAt > EDIT_WINDOW_SECONDS) {
      return { ok: false, reason: 'edit-window-closed' };
    }
    const checked = validateCommentBody(input.body);
    if (!checked.ok) return { ok: false, reason: 'invalid', message: checked.message };

    const status = comment.status === 'pending' || input.status === 'pending' ? 'pending' : 'visible';
    const record = await tx.get<CommentRecord>(
      `UPDATE comments SET body = ?, edited_at = ?, status = ? WHERE id = ? RETURNING ${COLUMNS}`,
      [checked.body, now, status, comment.id],
    );
    if (record === null) throw new Error('UPDATE ... RETURNING gave no row.');
    return { ok: true, comment: toComment(record) };
  });
}

/**
 * The author's own delete; what it leaves behind is `removeComment`'s rule. A hidden comment
 * stays for the moderators, whoever hid it.
 */
export async function deleteComment(
  db: Database,
  input: { commentId: number; userId: number },
  now: number,
): Promise<DeleteCommentResult> {
  return db.transaction(async (tx): Promise<DeleteCommentResult> => {
    const comment = await findComment(tx, input.commentId);
    if (comment === null || comment.status === 'deleted' || !isVisibleTo(comment, input.userId)) {
      return { ok: false, reason: 'not-found' };
    }
    if (comment.authorId !== input.userId) return { ok: false, reason: 'forbidden' };
    if (await isBanned(tx, input.userId)) return { ok: false, reason: 'banned' };
    if (comment.status === 'hidden') return { ok: false, reason: 'hidden' };

    await removeComment(tx, comment.id, now);
    return { ok: true };
  });
}

export async function getComment(db: Queryable, id: number): Promise<Comment | null> {
  return findComment(db, id);
}

/** Every comment on a story whatever its status, oldest first; visibility is the thread's job. */
export async function listStoryComments(db: Queryable, storySlug: string): Promise<CommentWithAuthor[]> {
  const rows = await db.all<CommentRecord & { author_name: string }>(
    `SELECT c.id, c.story_slug, c.parent_id, c.author_id, c.body, c.status, c.depth,
            c.hidden_reason, c.created_at, c.edited_at, c.deleted_at, u.username AS author_name
     FROM comments c JOIN users u ON u.id = c.author_id
     WHERE c.story_slug = ?
     ORDER BY c.id`,
    [storySlug],
  );
  return rows.map((row) => ({ ...toComment(row), authorName: row.author_name }));
}

export async function countVisibleComments(db: Queryable, storySlug: string): Promise<number> {
  const row = await db.get<{ count: Integer | string }>(
    `SELECT COUNT(*) AS count FROM comments WHERE story_slug = ? AND status = 'visible'`,
    [storySlug],
  );
  return row === null ? 0 : Number(row.count);
}

/** Read in the writing transaction, so a ban made since the session was loaded still stops the write. */
async function isBanned(tx: Queryable, userId: number): Promise<boolean> {
  const row = await tx.get<{ banned_at: Integer | null }>('SELECT banned_at FROM users WHERE id = ?', [userId]);
  return row !== null && row.banned_at !== null;
}

async function findComment(db: Queryable, id: number): Promise<Comment | null> {
  const record = await db.get<CommentRecord>(`SELECT ${COLUMNS} FROM comments WHERE id = ?`, [id]);
  return record === null ? null : toComment(record);
}
