/**
 * A user's record as moderators read it: their comments with statuses, the reports against their
 * comments and those they made, and what the audit log says was done to the account (bans,
 * suspensions, role changes). Names are resolved as it is read, as in the audit log.
 */
import { readAuditLog, type AccountRef, type AuditLine } from './audit-log.ts';
import { findUserByUsername, type Role } from '../accounts/user.ts';
import type { CommentStatus } from '../comments/comment.ts';
import type { Queryable } from '../db/database.ts';
import type { ReportReason } from './reports.ts';

export interface RecordComment {
  id: number;
  storySlug: string;
  status: CommentStatus;
  body: string;
  hiddenReason: string | null;
  createdAt: number;
}

export interface RecordReport {
  commentId: number;
  storySlug: string;
  /** The reporter for a report against the user, the comment's author for one the user made. */
  other: AccountRef;
  reason: ReportReason;
  note: string | null;
  createdAt: number;
  resolvedAt: number | null;
}

export interface UserRecord {
  user: { id: number; username: string; role: Role; bannedAt: number | null; createdAt: number };
  comments: RecordComment[];
  hasMoreComments: boolean;
  reportsAgainst: RecordReport[];
  reportsBy: RecordReport[];
  /** Audit log entries on the account itself, newest first. */
  history: AuditLine[];
}

/** How many reports and account entries the record shows, newest first. */
const RECENT_LIMIT = 50;

export function userRecordPath(username: string): string {
  return `/moderation/users/${encodeURIComponent(username)}/`;
}

/** Null when no account has that username. */
export async function readUserRecord(
  db: Queryable,
  username: string,
  options: { page: number; pageSize: number },
): Promise<UserRecord | null> {
  const found = await findUserByUsername(db, username);
  if (found === null) return null;
  const joined = await db.get<{ created_at: number }>('SELECT created_at FROM users WHERE id = ?', [found.id]);
  const comments = await db.all<{
    id: number;
    story_slug: string;
    status: CommentStatus;
    body: string;
    hidden_reason: string | null;
    created_at: number;
  }>(
    `SELECT id, story_slug, status, body, hidden_reason, created_at FROM comments
     WHERE author_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
    [found.id, options.pageSize + 1, (Math.max(1, options.page) - 1) * options.pageSize],
  );
  const history = await readAuditLog(db, {
    page: 1,
    pageSize: RECENT_LIMIT,
    filter: { targetUserId: found.id, targetType: 'user' },
  });
  return {
    user: {
      id: found.id,
      username: found.username,
      role: found.role,
      bannedAt: found.bannedAt,
      createdAt: Number(joined?.created_at ?? 0),
    },
    comments: comments.slice(0, options.pageSize).map((row) => ({
      id: Number(row.id),
      storySlug: row.story_slug,
      status: row.status,
      body: row.body,
      hiddenReason: row.hidden_reason,
      createdAt: Number(row.created_at),
    })),
    hasMoreComments: comments.length > options.pageSize,
    reportsAgainst: await listReports(db, 'c.author_id = ?', 'r.reporter_id', found.id),
    reportsBy: await listReports(db, 'r.reporter_id = ?', 'c.author_id', found.id),
    history: history.lines,
  };
}

async function listReports(
  db: Queryable,
  condition: 'c.author_id = ?' | 'r.reporter_id = ?',
  other: 'r.reporter_id' | 'c.author_id',
  userId: number,
): Promise<RecordReport[]> {
  const rows = await db.all<{
    comment_id: number;
    story_slug: string;
    other_id: number;
    other_name: string | null;
    reason: ReportReason;
    note: string | null;
    created_at: number;
    resolved_at: number | null;
  }>(
    `SELECT r.comment_id, c.story_slug, ${other} AS other_id, u.username AS other_name, r.reason, r.note,
            r.created_at, r.resolved_at
     FROM reports r JOIN comments c ON c.id = r.comment_id LEFT JOIN users u ON u.id = ${other}
     WHERE ${condition} ORDER BY r.created_at DESC, r.id DESC LIMIT ?`,
    [userId, RECENT_LIMIT],
  );
  return rows.map((row) => ({
    commentId: Number(row.comment_id),
    storySlug: row.story_slug,
    other: { id: Number(row.other_id), username: row.other_name },
    reason: row.reason,
    note: row.note,
    createdAt: Number(row.created_at),
    resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
  }));
}
