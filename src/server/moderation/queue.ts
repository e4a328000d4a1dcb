/**
 * What waits for a moderator: comments held for approval and comments with open reports, each
 * with why it waits, filtered, ordered and paged as the queue page asks.
 */
import type { Role } from '../accounts/user.ts';
import type { CommentStatus } from '../comments/comment.ts';
import type { Queryable, SqlValue } from '../db/database.ts';
import type { ReportReason } from './reports.ts';

/** A hold reason as abuse/screening.ts records it in comments.hold_reasons (a layer this one cannot import). */
export type RecordedHoldReason =
  | { kind: 'premoderation' | 'first-comment' }
  | { kind: 'links'; count: number; max: number }
  | { kind: 'banned-words'; words: string[] };

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
  /** Why screening held it, as recorded when it did; empty when it was not held or before records began. */
  holdReasons: RecordedHoldReason[];
  createdAt: number;
  /** When its author last changed the text; a held edit waits here with the comment off the page. */
  editedAt: number | null;
  author: { id: number; username: string; role: Role; bannedAt: number | null; suspendedUntil: number | null };
  /** Reports no moderator has dealt with yet, oldest first. */
  reports: QueueReport[];
}

export const QUEUE_REASONS = ['premoderation', 'first-comment', 'links', 'banned-words', 'edit', 'reports'] as const;
export type QueueReason = (typeof QUEUE_REASONS)[number];

export interface QueueFilters {
  reason?: QueueReason | null;
  storySlug?: string | null;
  username?: string | null;
  order?: 'newest' | 'oldest';
}

export interface QueuePage {
  items: QueueItem[];
  /** How many items match the filters, on every page. */
  total: number;
}

const OPEN_REPORT = 'EXISTS (SELECT 1 FROM reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL)';

/** Comments waiting for approval and comments with reports no moderator has dealt with. */
export async function listModerationQueue(
  db: Queryable,
  options: QueueFilters & { limit?: number; offset?: number } = {},
): Promise<QueueItem[]> {
  return (await findModerationQueue(db, options)).items;
}

export async function findModerationQueue(
  db: Queryable,
  options: QueueFilters & { limit?: number; offset?: number } = {},
): Promise<QueuePage> {
  const where = [`(c.status = 'pending' OR (c.status <> 'deleted' AND ${OPEN_REPORT}))`];
  const params: SqlValue[] = [];
  if (options.storySlug != null) {
    where.push('c.story_slug = ?');
    params.push(options.storySlug);
  }
  if (options.username != null) {
    where.push('u.username = ?');
    params.push(options.username);
  }
  if (options.reason === 'reports') where.push(OPEN_REPORT);
  else if (options.reason === 'edit') where.push(`c.status = 'pending' AND c.edited_at IS NOT NULL`);
  else if (options.reason != null) {
    where.push(`c.status = 'pending' AND c.hold_reasons LIKE ?`);
    params.push(`%"kind":"${options.reason}"%`);
  }
  const from = `FROM comments c JOIN users u ON u.id = c.author_id WHERE ${where.join(' AND ')}`;
  const direction = options.order === 'oldest' ? 'ASC' : 'DESC';
  const counted = await db.get<{ count: number }>(`SELECT COUNT(*) AS count ${from}`, params);
  const rows = await db.all<QueueRow>(
    `SELECT c.id, c.story_slug, c.parent_id, c.body, c.status, c.hidden_reason, c.hold_reasons, c.created_at,
            c.edited_at, c.author_id, u.username, u.role, u.banned_at, u.suspended_until
     ${from}
     ORDER BY c.created_at ${direction}, c.id ${direction}
     LIMIT ? OFFSET ?`,
    [...params, options.limit ?? 200, options.offset ?? 0],
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
  const items = rows.map((row) => ({
    commentId: Number(row.id),
    storySlug: row.story_slug,
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    body: row.body,
    status: row.status,
    hiddenReason: row.hidden_reason,
    holdReasons: row.hold_reasons === null ? [] : (JSON.parse(row.hold_reasons) as RecordedHoldReason[]),
    createdAt: Number(row.created_at),
    editedAt: row.edited_at === null ? null : Number(row.edited_at),
    author: {
      id: Number(row.author_id),
      username: row.username,
      role: row.role,
      bannedAt: row.banned_at === null ? null : Number(row.banned_at),
      suspendedUntil: row.suspended_until === null ? null : Number(row.suspended_until),
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
  return { items, total: Number(counted?.count ?? 0) };
}

interface QueueRow {
  id: number;
  story_slug: string;
  parent_id: number | null;
  body: string;
  status: CommentStatus;
  hidden_reason: string | null;
  hold_reasons: string | null;
  created_at: number;
  edited_at: number | null;
  author_id: number;
  username: string;
  role: Role;
  banned_at: number | null;
  suspended_until: number | null;
}

interface ReportRow {
  comment_id: number;
  reason: ReportReason;
  note: string | null;
  created_at: number;
  username: string;
}
