import { EDIT_WINDOW_SECONDS, MAX_DEPTH, validateCommentBody } from './comment-rules.ts';
import type { Database, Queryable } from './db/database.ts';
import { isVisibleTo } from './thread.ts';

export type CommentStatus = 'visible' | 'pending' | 'hidden' | 'deleted';

export interface Comment {
  id: number;
  storySlug: string;
  parentId: number | null;
  authorId: number;
  body: string;
  status: CommentStatus;
  depth: number;
  hiddenReason: string | null;
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
}

export interface CommentWithAuthor extends Comment {
  authorName: string;
}

export interface NewComment {
  storySlug: string;
  parentId: number | null;
  authorId: number;
  body: string;
  status?: 'visible' | 'pending';
}

export type PostCommentResult =
  | { ok: true; comment: Comment }
  | { ok: false; reason: 'invalid'; message: string }
  | { ok: false; reason: 'parent-not-found' | 'parent-other-story' | 'parent-deleted' };

export type EditCommentResult =
  | { ok: true; comment: Comment }
  | { ok: false; reason: 'invalid'; message: string }
  | { ok: false; reason: 'not-found' | 'forbidden' | 'edit-window-closed' | 'deleted' };

export type DeleteCommentResult = { ok: true } | { ok: false; reason: 'not-found' | 'forbidden' };

/** Integer columns may arrive as bigint from a driver that reads 64-bit integers exactly. */
type Integer = number | bigint;

interface CommentRecord {
  id: Integer;
  story_slug: string;
  parent_id: Integer | null;
  author_id: Integer;
  body: string;
  status: CommentStatus;
  depth: Integer;
  hidden_reason: string | null;
  created_at: Integer;
  edited_at: Integer | null;
  deleted_at: Integer | null;
}

const COLUMNS =
  'id, story_slug, parent_id, author_id, body, status, depth, hidden_reason, created_at, edited_at, deleted_at';

export async function postComment(db: Database, input: NewComment, now: number): Promise<PostCommentResult> {
  const checked = validateCommentBody(input.body);
  if (!checked.ok) return { ok: false, reason: 'invalid', message: checked.message };

  return db.transaction(async (tx): Promise<PostCommentResult> => {
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
    const record = await tx.get<CommentRecord>(
      `INSERT INTO comments (story_slug, parent_id, author_id, body, status, depth, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       RETURNING ${COLUMNS}`,
      [input.storySlug, parentId, input.authorId, checked.body, input.status ?? 'visible', depth, now],
    );
    if (record === null) throw new Error('INSERT ... RETURNING gave no row.');
    return { ok: true, comment: toComment(record) };
  });
}

export async function editComment(
  db: Database,
  input: { commentId: number; userId: number; body: string },
  now: number,
): Promise<EditCommentResult> {
  return db.transaction(async (tx): Promise<EditCommentResult> => {
    const comment = await findComment(tx, input.commentId);
    if (comment === null) return { ok: false, reason: 'not-found' };
    if (comment.status === 'deleted') return { ok: false, reason: 'deleted' };
    if (!isVisibleTo(comment, input.userId)) return { ok: false, reason: 'not-found' };
    if (comment.authorId !== input.userId) return { ok: false, reason: 'forbidden' };
    if (now - comment.createdAt > EDIT_WINDOW_SECONDS) {
      return { ok: false, reason: 'edit-window-closed' };
    }
    const checked = validateCommentBody(input.body);
    if (!checked.ok) return { ok: false, reason: 'invalid', message: checked.message };

    const record = await tx.get<CommentRecord>(
      `UPDATE comments SET body = ?, edited_at = ? WHERE id = ? RETURNING ${COLUMNS}`,
      [checked.body, now, comment.id],
    );
    if (record === null) throw new Error('UPDATE ... RETURNING gave no row.');
    return { ok: true, comment: toComment(record) };
  });
}

/**
 * A comment with replies becomes a placeholder so the replies keep their place; one without is
 * removed, and so is every placeholder ancestor that this leaves without replies.
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

    if (await hasReplies(tx, comment.id)) {
      await tx.run(`UPDATE comments SET status = 'deleted', body = '', deleted_at = ? WHERE id = ?`, [now, comment.id]);
      return { ok: true };
    }
    await tx.run('DELETE FROM comments WHERE id = ?', [comment.id]);
    let parentId = comment.parentId;
    while (parentId !== null) {
      const parent = await findComment(tx, parentId);
      if (parent === null || parent.status !== 'deleted' || (await hasReplies(tx, parent.id))) break;
      await tx.run('DELETE FROM comments WHERE id = ?', [parent.id]);
      parentId = parent.parentId;
    }
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

async function findComment(db: Queryable, id: number): Promise<Comment | null> {
  const record = await db.get<CommentRecord>(`SELECT ${COLUMNS} FROM comments WHERE id = ?`, [id]);
  return record === null ? null : toComment(record);
}

async function hasReplies(db: Queryable, id: number): Promise<boolean> {
  const reply = await db.get<{ id: Integer }>('SELECT id FROM comments WHERE parent_id = ? LIMIT 1', [id]);
  return reply !== null;
}

function toComment(record: CommentRecord): Comment {
  return {
    id: Number(record.id),
    storySlug: record.story_slug,
    parentId: record.parent_id === null ? null : Number(record.parent_id),
    authorId: Number(record.author_id),
    body: record.body,
    status: record.status,
    depth: Number(record.depth),
    hiddenReason: record.hidden_reason,
    createdAt: Number(record.created_at),
    editedAt: record.edited_at === null ? null : Number(record.edited_at),
    deletedAt: record.deleted_at === null ? null : Number(record.deleted_at),
  };
}
