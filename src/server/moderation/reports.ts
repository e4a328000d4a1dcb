/**
 * Readers report a comment once each, with a reason, and every report reaches the moderators.
 * When the reports no moderator has dealt with reach the threshold, the comment is hidden until a
 * moderator decides; a moderator's decision resolves the reports it answered (decisions.ts).
 *
 * Only established readers count towards that threshold, so that a handful of accounts made a
 * minute ago cannot take anyone's words down (issue 11 item 4): an account at least
 * `reportMinAccountAgeHours` old, not banned, with a comment on show. Staff comments are never
 * hidden by reports; a moderator answers for them.
 */
import { writeAuditEntry } from './audit-log.ts';
import type { Database } from '../db/database.ts';
import { isVisibleTo } from '../comments/visibility.ts';
import type { CommentStatus } from '../comments/comment.ts';
import type { Role } from '../accounts/user.ts';

export const REPORT_REASONS = ['spam', 'abuse', 'off-topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** How each reason reads in the report form. */
export const REPORT_REASON_LABELS: Readonly<Record<ReportReason, string>> = {
  spam: 'Spam',
  abuse: 'Abuse or harassment',
  'off-topic': 'Off-topic',
  other: 'Something else',
};

export const MAX_REPORT_NOTE_LENGTH = 500;

export const HIDDEN_BY_REPORTS_REASON = 'Hidden after several readers reported it, until a moderator reviews it.';

export interface ReportInput {
  commentId: number;
  reporterId: number;
  reason: ReportReason;
  note?: string | null;
}

export interface ReportRules {
  reportHideThreshold: number;
  reportMinAccountAgeHours: number;
}

export type ReportResult =
  | { ok: true; hidden: boolean }
  | { ok: false; reason: 'not-found' | 'own-comment' | 'already-reported' | 'banned' }
  | { ok: false; reason: 'note-too-long'; message: string };

export async function reportComment(
  db: Database,
  input: ReportInput,
  rules: ReportRules,
  now: number,
): Promise<ReportResult> {
  const note = input.note?.trim() ?? '';
  if ([...note].length > MAX_REPORT_NOTE_LENGTH) {
    return {
      ok: false,
      reason: 'note-too-long',
      message: `Notes can be at most ${MAX_REPORT_NOTE_LENGTH} characters.`,
    };
  }
  return db.transaction(async (tx): Promise<ReportResult> => {
    const reporter = await tx.get<{ banned_at: number | null }>('SELECT banned_at FROM users WHERE id = ?', [
      input.reporterId,
    ]);
    if (reporter === null) throw new Error(`No user ${input.reporterId} to report a comment.`);
    if (reporter.banned_at !== null) return { ok: false, reason: 'banned' };

    const row = await tx.get<{ author_id: number; status: CommentStatus; author_role: Role }>(
      `SELECT c.author_id, c.status, u.role AS author_role
       FROM comments c JOIN users u ON u.id = c.author_id WHERE c.id = ?`,
      [input.commentId],
    );
    const comment =
      row === null ? null : { authorId: Number(row.author_id), status: row.status, authorRole: row.author_role };
    if (comment === null || !isVisibleTo(comment, input.reporterId)) return { ok: false, reason: 'not-found' };
    if (comment.authorId === input.reporterId) return { ok: false, reason: 'own-comment' };

    const inserted = await tx.run(
      `INSERT INTO reports (comment_id, reporter_id, reason, note, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (comment_id, reporter_id) DO NOTHING`,
      [input.commentId, input.reporterId, input.reason, note === '' ? null : note, now],
    );
    if (inserted.changes === 0) return { ok: false, reason: 'already-reported' };

    if (comment.status !== 'visible' || comment.authorRole !== 'reader') return { ok: true, hidden: false };
    const counted = await tx.get<{ count: number }>(
      `SELECT COUNT(*) AS count FROM reports r JOIN users u ON u.id = r.reporter_id
       WHERE r.comment_id = ? AND r.resolved_at IS NULL
         AND u.banned_at IS NULL AND u.created_at <= ?
         AND EXISTS (SELECT 1 FROM comments c WHERE c.author_id = u.id AND c.status = 'visible')`,
      [input.commentId, now - rules.reportMinAccountAgeHours * 60 * 60],
    );
    const openReports = Number(counted?.count ?? 0);
    if (openReports < rules.reportHideThreshold) return { ok: true, hidden: false };

    await tx.run(`UPDATE comments SET status = 'hidden', hidden_reason = ? WHERE id = ?`, [
      HIDDEN_BY_REPORTS_REASON,
      input.commentId,
    ]);
    await writeAuditEntry(
      tx,
      {
        actorId: null,
        action: 'hide-reported-comment',
        targetType: 'comment',
        targetId: input.commentId,
        reason: `${openReports} reports`,
      },
      now,
    );
    return { ok: true, hidden: true };
  });
}
