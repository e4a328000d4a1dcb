/** A stored comment as the rest of the server sees it, and how a database row becomes one. */
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

/** Integer columns may arrive as bigint from a driver that reads 64-bit integers exactly. */
export type Integer = number | bigint;

export interface CommentRecord {
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

export const COLUMNS =
  'id, story_slug, parent_id, author_id, body, status, depth, hidden_reason, created_at, edited_at, deleted_at';

export function toComment(record: CommentRecord): Comment {
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
