/** What waits for a moderator: comments held for approval and comments with open reports. */
import type { CommentStatus } from '../comments/comment.ts';
import type { Queryable } from '../db/database.ts';
import type { ReportReason } from './reports.ts';

export interface QueueReport {
  reason: ReportReason;
  note: string | null;
  reporterName: string;
  createdAt: number;
}

export interface QueueItem {
  commentId: number;
  storySlug: string;
  parentId: number | null;
  body: string;
  status: CommentStatus;
  hiddenReason: string | null;
  createdAt: number;
  /** When its author last changed the text; a held edit waits here with the comment off the page. */
  editedAt: number | null;
  author: { id: number; username: string; bannedAt: number | null };
  /** Reports no moderator has dealt with yet, oldest first. */
  reports: QueueReport[];
}

/** Comments waiting for approval and comments with reports no moderator has dealt with, newest first. */
export async function listModerationQueue(db: Queryable, options: { limit?: number } = {}): Promise<QueueItem[]> {
  const rows = await db.all<QueueRow>(
    `SELECT c.id, c.story_slug, c.parent_id, c.body, c.status, c.hidden_reason, c.created_at, c.edited_at,
            c.author_id, u.username, u.banned_at
     FROM comments c JOIN users u ON u.id = c.author_id
     WHERE c.status = 'pending'
        OR (c.status <> 'deleted'
            AND EXISTS (SELECT 1 FROM reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL))
     ORDER BY c.created_at DESC, c.id DESC
     LIMIT ?`,
    [options.limit ?? 200],
  );
  const ids = rows.map((row) => Number(row.id));
  const reports =
    ids.length === 0
      ? []
      : await db.all<ReportRow>(
          `SELECT r.comment_id, r.reason, r.note, r.created_at, u.username
           FROM reports r JOIN users u ON u.id = r.reporter_id
           WHERE r.resolved_at IS NULL AND r.comment_id IN (${ids.map(() => '?').join(', ')})
           ORDER BY r.created_at, r.id`,
          ids,
        );
  return rows.map((row) => ({
    commentId: Number(row.id),
    storySlug: row.story_slug,
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    body: row.body,
    status: row.status,
    hiddenReason: row.hidden_reason,
    createdAt: Number(row.created_at),
    editedAt: row.edited_at === null ? null : Number(row.edited_at),
    author: {
      id: Number(row.author_id),
      username: row.username,
      bannedAt: row.banned_at === null ? null : Number(row.banned_at),
    },
    reports: reports
      .filter((report) => Number(report.comment_id) === Number(row.id))
      .map((report) => ({
        reason: report.reason,
        note: report.note,
        reporterName: report.username,
        createdAt: Number(report.created_at),
      })),
  }));
}

interface QueueRow {
  id: number;
  story_slug: string;
  parent_id: number | null;
  body: string;
  status: CommentStatus;
  hidden_reason: string | null;
  created_at: number;
  edited_at: number | null;
  author_id: number;
  username: string;
  banned_at: number | null;
}

interface ReportRow {
  comment_id: number;
  reason: ReportReason;
  note: string | null;
  created_at: number;
  username: string;
}
