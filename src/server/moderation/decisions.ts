/**
 * What moderators and admins do to comments and accounts. Every action loads its actor inside
 * its own transaction and checks the role there, whatever the page checked before (issue 4:
 * "every check is made on the server, for every action"), and writes the audit log in that same
 * transaction, so no change goes unrecorded. A banned moderator can do nothing.
 */
import { removeAccount } from './account-deletion.ts';
import { writeAuditEntry, type AuditAction, type AuditEntryInput } from './audit-log.ts';
import { HIDDEN_BY_REPORTS_REASON } from './reports.ts';
import type { CommentStatus } from '../comments/comment.ts';
import { removeComment } from '../comments/visibility.ts';
import type { Database, Queryable } from '../db/database.ts';
import { invalidateUserSessions } from '../accounts/session.ts';
import { findUserByUsername, setUserRole, type Role, type User } from '../accounts/user.ts';

export const MAX_MODERATION_REASON_LENGTH = 500;
export const BANNED_AUTHOR_REASON = 'Hidden because its author was banned.';

export interface CommentAction {
  actorId: number;
  commentId: number;
  reason?: string | null;
}

export interface UserAction {
  actorId: number;
  userId: number;
  reason?: string | null;
}

type Forbidden = { ok: false; reason: 'forbidden' };
type InvalidReason = { ok: false; reason: 'invalid-reason'; message: string };

const forbidden: Forbidden = { ok: false, reason: 'forbidden' };

export type ModerationResult = { ok: true } | Forbidden | InvalidReason | { ok: false; reason: 'not-found' };
export type BanResult = ModerationResult | { ok: false; reason: 'already-banned' | 'not-banned' };
export type SetRoleResult =
  | { ok: true; user: User; previousRole: Role }
  | Forbidden
  | InvalidReason
  | { ok: false; reason: 'unknown-user' | 'last-admin' };

interface Actor {
  id: number;
  role: Role;
  bannedAt: number | null;
}

export function canModerate(user: { role: Role; bannedAt: number | null }): boolean {
  return user.bannedAt === null && (user.role === 'moderator' || user.role === 'admin');
}

/**
 * Whether `actor` may ban, unban or suspend `target`: never oneself nor an admin, and a moderator
 * only when an admin does it. The page offers only what this allows; the server asks it again.
 */
export function canActOnAccount(actor: { id: number; role: Role }, target: { id: number; role: Role }): boolean {
  if (target.id === actor.id) return false;
  return target.role === 'reader' || (target.role === 'moderator' && actor.role === 'admin');
}

export const SUSPENSION_SECONDS = { '24h': 24 * 60 * 60, '7d': 7 * 24 * 60 * 60 } as const;
export type SuspensionLength = keyof typeof SUSPENSION_SECONDS;

/** `afterPublished` runs in the approval's transaction when a held comment is shown for the first time. */
export async function approveComment(
  db: Database,
  action: CommentAction,
  now: number,
  afterPublished?: (tx: Queryable, commentId: number) => Promise<void>,
): Promise<ModerationResult> {
  return makeVisible(db, action, 'approve-comment', now, afterPublished);
}

export async function restoreComment(db: Database, action: CommentAction, now: number): Promise<ModerationResult> {
  return makeVisible(db, action, 'restore-comment', now);
}

/** The reason is shown to the comment's author. */
export async function hideComment(
  db: Database,
  action: CommentAction & { reason: string },
  now: number,
): Promise<ModerationResult> {
  return moderateComment(db, action, true, now, async (tx, reason) => {
    await tx.run(`UPDATE comments SET status = 'hidden', hidden_reason = ? WHERE id = ?`, [reason, action.commentId]);
    return 'hide-comment';
  });
}

/**
 * A bogus report answered: the comment stays (shown again if the reports alone hid it), its open
 * reports are resolved and kept as dismissed, and since each reader reports a comment once, the
 * same reports never count again.
 */
export async function dismissReports(db: Database, action: CommentAction, now: number): Promise<ModerationResult> {
  return moderateComment(db, action, false, now, async (tx) => {
    await tx.run('UPDATE reports SET dismissed_at = ? WHERE comment_id = ? AND resolved_at = ?', [
      now,
      action.commentId,
      now,
    ]);
    await showAgainHiddenFor(tx, 'id', action.commentId, HIDDEN_BY_REPORTS_REASON);
    return 'dismiss-reports';
  });
}

/** What it leaves behind is `removeComment`'s rule, the same as the author's own delete. */
export async function deleteCommentForGood(
  db: Database,
  action: CommentAction,
  now: number,
): Promise<ModerationResult> {
  return moderateComment(db, action, false, now, async (tx) => {
    await removeComment(tx, action.commentId, now);
    return 'delete-comment';
  });
}

/**
 * Marks a comment everyone can read as featured: it is shown first, under "Featured".
 * `afterFeatured` runs in the same transaction when it was not featured yet, to tell its author.
 */
export async function featureComment(
  db: Database,
  action: CommentAction,
  now: number,
  afterFeatured?: (tx: Queryable, commentId: number) => Promise<void>,
): Promise<ModerationResult> {
  return asModerator(db, action, false, async (tx, actor, reason): Promise<ModerationResult> => {
    const comment = await tx.get<{ status: CommentStatus }>('SELECT status FROM comments WHERE id = ?', [
      action.commentId,
    ]);
    if (comment === null || comment.status !== 'visible') return { ok: false, reason: 'not-found' };
    const added = await tx.run(
      `INSERT INTO featured_comments (comment_id, featured_by, featured_at) VALUES (?, ?, ?)
       ON CONFLICT (comment_id) DO NOTHING`,
      [action.commentId, actor.id, now],
    );
    if (added.changes > 0) await afterFeatured?.(tx, action.commentId);
    return recordCommentDecision(tx, actor, 'feature-comment', action.commentId, reason, now);
  });
}

export async function unfeatureComment(db: Database, action: CommentAction, now: number): Promise<ModerationResult> {
  return asModerator(db, action, false, async (tx, actor, reason): Promise<ModerationResult> => {
    const removed = await tx.run('DELETE FROM featured_comments WHERE comment_id = ?', [action.commentId]);
    if (removed.changes === 0) return { ok: false, reason: 'not-found' };
    return recordCommentDecision(tx, actor, 'unfeature-comment', action.commentId, reason, now);
  });
}

/** Bans the author, hides their visible comments and ends their sessions. Only admins ban moderators. */
export async function banUser(db: Database, action: UserAction, now: number): Promise<BanResult> {
  return moderateUser(db, action, now, async (tx, target) => {
    if (target.bannedAt !== null) return { ok: false, reason: 'already-banned' };
    await tx.run('UPDATE users SET banned_at = ? WHERE id = ?', [now, target.id]);
    await tx.run(
      `UPDATE comments SET status = 'hidden', hidden_reason = ? WHERE author_id = ? AND status = 'visible'`,
      [BANNED_AUTHOR_REASON, target.id],
    );
    await invalidateUserSessions(tx, target.id);
    return 'ban-user';
  });
}

/**
 * The author cannot post, edit or report until the suspension ends; it ends by itself, and their
 * comments and sessions stay, so they can read why (screening.ts tells them until when).
 */
export async function suspendUser(
  db: Database,
  action: UserAction & { length: SuspensionLength },
  now: number,
): Promise<BanResult> {
  return moderateUser(db, action, now, async (tx, target) => {
    if (target.bannedAt !== null) return { ok: false, reason: 'already-banned' };
    const until = now + SUSPENSION_SECONDS[action.length];
    await tx.run('UPDATE users SET suspended_until = ? WHERE id = ?', [until, target.id]);
    return 'suspend-user';
  });
}

/** Deletes the account as its owner could (account-deletion.ts), for a moderator, with a line in the log. */
export async function deleteAccountAsModerator(db: Database, action: UserAction, now: number): Promise<BanResult> {
  return moderateUser(db, action, now, async (tx, target) =>
    (await removeAccount(tx, target.id, now)) ? 'delete-user' : { ok: false, reason: 'not-found' },
  );
}

/** Lifts the ban and shows again the comments the ban hid (not those a moderator hid). */
export async function unbanUser(db: Database, action: UserAction, now: number): Promise<BanResult> {
  return moderateUser(db, action, now, async (tx, target) => {
    if (target.bannedAt === null) return { ok: false, reason: 'not-banned' };
    await tx.run('UPDATE users SET banned_at = NULL WHERE id = ?', [target.id]);
    await showAgainHiddenFor(tx, 'author_id', target.id, BANNED_AUTHOR_REASON);
    return 'unban-user';
  });
}

/** Only admins change roles, and the last admin cannot step down here (the command line can). */
export async function setRoleAsAdmin(
  db: Database,
  input: { actorId: number; username: string; role: Role; reason?: string | null },
  now: number,
): Promise<SetRoleResult> {
  return asModerator(db, input, false, async (tx, actor, reason): Promise<SetRoleResult> => {
    if (actor.role !== 'admin') return forbidden;
    const target = await findUserByUsername(tx, input.username);
    if (target?.role === 'admin' && input.role !== 'admin') {
      const admins = await tx.get<{ count: number }>(`SELECT COUNT(*) AS count FROM users WHERE role = 'admin'`);
      if (Number(admins?.count ?? 0) <= 1) return { ok: false, reason: 'last-admin' };
    }
    return changeRole(tx, actor.id, input.username, input.role, reason, now);
  });
}

/** `npm run user -- role <username> <role>`; the audit log records no actor. */
export async function setRoleFromCommandLine(
  db: Database,
  input: { username: string; role: Role },
  now: number,
): Promise<SetRoleResult> {
  return db.transaction((tx) => changeRole(tx, null, input.username, input.role, 'from the command line', now));
}

function makeVisible(
  db: Database,
  action: CommentAction,
  auditAction: 'approve-comment' | 'restore-comment',
  now: number,
  afterPublished?: (tx: Queryable, commentId: number) => Promise<void>,
): Promise<ModerationResult> {
  return moderateComment(db, action, false, now, async (tx) => {
    const before = await tx.get<{ status: CommentStatus; edited_at: number | null }>(
      'SELECT status, edited_at FROM comments WHERE id = ?',
      [action.commentId],
    );
    await tx.run(`UPDATE comments SET status = 'visible', hidden_reason = NULL WHERE id = ?`, [action.commentId]);
    // A held edit was shown before it was edited; only a comment held from the start is new to readers.
    const firstShown = before?.status === 'pending' && before.edited_at === null;
    if (firstShown && afterPublished !== undefined) await afterPublished(tx, action.commentId);
    return auditAction;
  });
}

/** Shows again the comments that `hiddenReason` alone hid; those a moderator hid stay hidden. */
async function showAgainHiddenFor(
  tx: Queryable,
  column: 'id' | 'author_id',
  id: number,
  hiddenReason: string,
): Promise<void> {
  await tx.run(
    `UPDATE comments SET status = 'visible', hidden_reason = NULL
     WHERE ${column} = ? AND status = 'hidden' AND hidden_reason = ?`,
    [id, hiddenReason],
  );
}

/** Checks the actor and the comment, runs `change`, resolves the comment's reports and logs it. */
async function moderateComment(
  db: Database,
  action: CommentAction,
  reasonRequired: boolean,
  now: number,
  change: (tx: Queryable, reason: string | null) => Promise<AuditAction>,
): Promise<ModerationResult> {
  return asModerator(db, action, reasonRequired, async (tx, actor, reason): Promise<ModerationResult> => {
    const comment = await tx.get<{ status: CommentStatus }>('SELECT status FROM comments WHERE id = ?', [
      action.commentId,
    ]);
    if (comment === null || comment.status === 'deleted') return { ok: false, reason: 'not-found' };
    await tx.run('UPDATE reports SET resolved_at = ? WHERE comment_id = ? AND resolved_at IS NULL', [
      now,
      action.commentId,
    ]);
    const auditAction = await change(tx, reason);
    return recordCommentDecision(tx, actor, auditAction, action.commentId, reason, now);
  });
}

/** Checks the actor and the target account, runs `change`, and logs it when it returns an action. */
async function moderateUser(
  db: Database,
  action: UserAction & { length?: SuspensionLength },
  now: number,
  change: (tx: Queryable, target: Actor) => Promise<AuditAction | BanResult>,
): Promise<BanResult> {
  return asModerator(db, action, false, async (tx, actor, reason): Promise<BanResult> => {
    const target = await findActor(tx, action.userId);
    if (target === null) return { ok: false, reason: 'not-found' };
    if (!canActOnAccount(actor, target)) return forbidden;
    const outcome = await change(tx, target);
    if (typeof outcome !== 'string') return outcome;
    const until = outcome === 'suspend-user' ? suspensionNote(action, now) : null;
    const text = until === null ? reason : reason === null ? until : `${until}: ${reason}`;
    return recordDecision(
      tx,
      { actorId: actor.id, action: outcome, targetType: 'user', targetId: target.id, reason: text },
      now,
    );
  });
}

function suspensionNote(action: UserAction & { length?: SuspensionLength }, now: number): string | null {
  if (action.length === undefined) return null;
  const until = new Date((now + SUSPENSION_SECONDS[action.length]) * 1000).toISOString().slice(0, 16).replace('T', ' ');
  return `until ${until} UTC`;
}

async function changeRole(
  tx: Queryable,
  actorId: number | null,
  username: string,
  role: Role,
  reason: string | null,
  now: number,
): Promise<SetRoleResult> {
  const before = await findUserByUsername(tx, username);
  const updated = await setUserRole(tx, username, role);
  if (before === null || !updated.ok) return { ok: false, reason: 'unknown-user' };
  const change = `${before.role} to ${role}`;
  await writeAuditEntry(
    tx,
    {
      actorId,
      action: 'set-role',
      targetType: 'user',
      targetId: updated.user.id,
      reason: reason === null ? change : `${change}: ${reason}`,
    },
    now,
  );
  return { ok: true, user: updated.user, previousRole: before.role };
}

/**
 * Checks the reason, then runs `work` in one transaction once the actor, loaded inside it, is a
 * moderator or admin who is not banned.
 */
async function asModerator<T>(
  db: Database,
  action: { actorId: number; reason?: string | null },
  reasonRequired: boolean,
  work: (tx: Queryable, actor: Actor, reason: string | null) => Promise<T>,
): Promise<T | Forbidden | InvalidReason> {
  const reason = checkReason(action.reason, reasonRequired);
  if (!reason.ok) return reason;
  return db.transaction(async (tx) => {
    const actor = await findActor(tx, action.actorId);
    if (actor === null || !canModerate(actor)) return forbidden;
    return work(tx, actor, reason.text);
  });
}

function recordCommentDecision(
  tx: Queryable,
  actor: Actor,
  action: AuditAction,
  commentId: number,
  reason: string | null,
  now: number,
): Promise<{ ok: true }> {
  return recordDecision(tx, { actorId: actor.id, action, targetType: 'comment', targetId: commentId, reason }, now);
}

async function recordDecision(tx: Queryable, entry: AuditEntryInput, now: number): Promise<{ ok: true }> {
  await writeAuditEntry(tx, entry, now);
  return { ok: true };
}

function checkReason(
  text: string | null | undefined,
  required: boolean,
): { ok: true; text: string | null } | InvalidReason {
  const trimmed = text?.trim() ?? '';
  if (required && trimmed === '') {
    return { ok: false, reason: 'invalid-reason', message: 'Give a reason: the author will see it.' };
  }
  if ([...trimmed].length > MAX_MODERATION_REASON_LENGTH) {
    return {
      ok: false,
      reason: 'invalid-reason',
      message: `Reasons can be at most ${MAX_MODERATION_REASON_LENGTH} characters.`,
    };
  }
  return { ok: true, text: trimmed === '' ? null : trimmed };
}

async function findActor(tx: Queryable, id: number): Promise<Actor | null> {
  const row = await tx.get<{ id: number; role: Role; banned_at: number | null }>(
    'SELECT id, role, banned_at FROM users WHERE id = ?',
    [id],
  );
  return row === null
    ? null
    : { id: Number(row.id), role: row.role, bannedAt: row.banned_at === null ? null : Number(row.banned_at) };
}
