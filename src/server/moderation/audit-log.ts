import type { CommentStatus } from '../comments/comment.ts';
import type { Queryable } from '../db/database.ts';

export type AuditAction =
  | 'approve-comment'
  | 'hide-comment'
  | 'restore-comment'
  | 'delete-comment'
  | 'hide-reported-comment'
  | 'ban-user'
  | 'unban-user'
  | 'set-role'
  | 'dismiss-reports'
  | 'suspend-user'
  | 'delete-user'
  | 'feature-comment'
  | 'unfeature-comment';

export type AuditTargetType = 'comment' | 'user';

export interface AuditEntryInput {
  /** Null for the command line or an automatic rule; the action tells which. */
  actorId: number | null;
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: number;
  reason: string | null;
}

export interface AuditEntry extends AuditEntryInput {
  id: number;
  /** Null with a null actorId, or when the account is gone. */
  actorName: string | null;
  createdAt: number;
}

/** Who made a change, as the log names it. */
export type AuditActor =
  | { kind: 'account'; id: number; username: string | null }
  | { kind: 'automatic'; label: string }
  | { kind: 'command-line' };

/** An account the log names; a null username is an account deleted since. */
export interface AccountRef {
  id: number;
  username: string | null;
}

export interface AuditFilter {
  action?: AuditAction | null;
  actorId?: number | null;
  /** Entries on this account and on its comments. */
  targetUserId?: number | null;
  targetType?: AuditTargetType | null;
}

/** An entry with its names resolved as the log is read, so a deletion never loses a line. */
export interface AuditLine extends AuditEntry {
  actor: AuditActor;
  /** The account acted on, or the author of the comment acted on; null when the comment is gone. */
  targetUser: AccountRef | null;
  /** The comment acted on while it still exists. */
  comment: { id: number; storySlug: string; status: CommentStatus } | null;
  /** The decision that undoes this one, offered only while the state this one made still holds. */
  undo: 'restore' | 'unban' | null;
}

export interface AuditPage {
  lines: AuditLine[];
  hasMore: boolean;
}

interface AuditRow {
  id: number;
  actor_id: number | null;
  actor_name: string | null;
  action: AuditAction;
  target_type: AuditTargetType;
  target_id: number;
  reason: string | null;
  created_at: number;
}

/** Pass the transaction that makes the change, so the change and its record land together. */
export async function writeAuditEntry(tx: Queryable, entry: AuditEntryInput, now: number): Promise<void> {
  await tx.run(
    'INSERT INTO audit_log (actor_id, action, target_type, target_id, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [entry.actorId, entry.action, entry.targetType, entry.targetId, entry.reason, now],
  );
}

/** Newest first. Admins only: the page checks the role before calling. */
export async function listAuditLog(db: Queryable, options: { limit: number }): Promise<AuditEntry[]> {
  const rows = await db.all<AuditRow>(
    `SELECT a.id, a.actor_id, u.username AS actor_name, a.action, a.target_type, a.target_id, a.reason, a.created_at
     FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
     ORDER BY a.created_at DESC, a.id DESC
     LIMIT ?`,
    [options.limit],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    actorId: row.actor_id === null ? null : Number(row.actor_id),
    actorName: row.actor_name,
    action: row.action,
    targetType: row.target_type,
    targetId: Number(row.target_id),
    reason: row.reason,
    createdAt: Number(row.created_at),
  }));
}

/** How the log reads each action; a kind without a label reads as its name. */
const ACTION_LABELS: Partial<Record<AuditAction, string>> = {
  'approve-comment': 'approved a comment',
  'hide-comment': 'hid a comment',
  'restore-comment': 'restored a comment',
  'delete-comment': 'deleted a comment for good',
  'hide-reported-comment': 'hid a reported comment',
  'ban-user': 'banned',
  'unban-user': 'unbanned',
  'set-role': 'changed the role of',
  'dismiss-reports': 'dismissed the reports on a comment',
  'suspend-user': 'suspended',
  'delete-user': 'deleted the account of',
  'feature-comment': 'featured a comment',
  'unfeature-comment': 'stopped featuring a comment',
};

export function describeAction(action: AuditAction): string {
  return ACTION_LABELS[action] ?? action;
}

/** The actions the log's filter offers. */
export function auditActionsToFilter(): AuditAction[] {
  return Object.keys(ACTION_LABELS) as AuditAction[];
}

export function describeAuditActor(actor: AuditActor): string {
  if (actor.kind === 'account') return describeAccount(actor);
  return actor.kind === 'command-line' ? 'command line' : actor.label;
}

export function describeAccount(account: AccountRef): string {
  return account.username ?? `deleted account #${account.id}`;
}

interface AuditLineRow extends AuditRow {
  target_user_id: number | null;
  target_username: string | null;
  story_slug: string | null;
  comment_status: CommentStatus | null;
  banned_at: number | null;
  latest_id: number;
}

/** Newest first, `pageSize` lines a page from page 1, narrowed by `filter`. */
export async function readAuditLog(
  db: Queryable,
  options: { page: number; pageSize: number; filter?: AuditFilter },
): Promise<AuditPage> {
  const { action = null, actorId = null, targetUserId = null, targetType = null } = options.filter ?? {};
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (action !== null) {
    where.push('a.action = ?');
    params.push(action);
  }
  if (actorId !== null) {
    where.push('a.actor_id = ?');
    params.push(actorId);
  }
  if (targetType !== null) {
    where.push('a.target_type = ?');
    params.push(targetType);
  }
  if (targetUserId !== null) {
    where.push(`((a.target_type = 'user' AND a.target_id = ?) OR (a.target_type = 'comment' AND c.author_id = ?))`);
    params.push(targetUserId, targetUserId);
  }
  // "Latest" skips role changes: they neither make nor undo a hide or a ban.
  const rows = await db.all<AuditLineRow>(
    `SELECT a.id, a.actor_id, actor.username AS actor_name, a.action, a.target_type, a.target_id, a.reason,
            a.created_at, COALESCE(target.id, c.author_id) AS target_user_id,
            COALESCE(target.username, author.username) AS target_username, c.story_slug, c.status AS comment_status,
            target.banned_at,
            (SELECT MAX(l.id) FROM audit_log l
             WHERE l.target_type = a.target_type AND l.target_id = a.target_id AND l.action <> 'set-role') AS latest_id
     FROM audit_log a
     LEFT JOIN users actor ON actor.id = a.actor_id
     LEFT JOIN users target ON a.target_type = 'user' AND target.id = a.target_id
     LEFT JOIN comments c ON a.target_type = 'comment' AND c.id = a.target_id
     LEFT JOIN users author ON author.id = c.author_id
     ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
     ORDER BY a.created_at DESC, a.id DESC
     LIMIT ? OFFSET ?`,
    [...params, options.pageSize + 1, (Math.max(1, options.page) - 1) * options.pageSize],
  );
  return {
    lines: rows.slice(0, options.pageSize).map(toAuditLine),
    hasMore: rows.length > options.pageSize,
  };
}

function toAuditLine(row: AuditLineRow): AuditLine {
  const id = Number(row.id);
  const targetType = row.target_type;
  const targetId = Number(row.target_id);
  const commentExists = row.comment_status !== null && row.comment_status !== 'deleted';
  const latest = Number(row.latest_id) === id;
  let targetUser: AccountRef | null = null;
  if (targetType === 'user') targetUser = { id: targetId, username: row.target_username };
  else if (row.target_user_id !== null) targetUser = { id: Number(row.target_user_id), username: row.target_username };
  let undo: AuditLine['undo'] = null;
  if (latest && (row.action === 'hide-comment' || row.action === 'hide-reported-comment')) {
    undo = row.comment_status === 'hidden' ? 'restore' : null;
  } else if (latest && row.action === 'ban-user') {
    undo = row.target_username !== null && row.banned_at !== null ? 'unban' : null;
  }
  return {
    id,
    actorId: row.actor_id === null ? null : Number(row.actor_id),
    actorName: row.actor_name,
    action: row.action,
    targetType,
    targetId,
    reason: row.reason,
    createdAt: Number(row.created_at),
    actor: describeActor(row),
    targetUser,
    comment:
      commentExists && row.story_slug !== null && row.comment_status !== null
        ? { id: targetId, storySlug: row.story_slug, status: row.comment_status }
        : null,
    undo,
  };
}

/** A null actor is the report threshold for its hide, the command line for a role, a rule otherwise. */
function describeActor(row: AuditRow): AuditActor {
  if (row.actor_id !== null) return { kind: 'account', id: Number(row.actor_id), username: row.actor_name };
  if (row.action === 'set-role') return { kind: 'command-line' };
  if (row.action === 'hide-reported-comment') {
    return { kind: 'automatic', label: row.reason === null ? 'automatic: reports' : `automatic: ${row.reason}` };
  }
  return { kind: 'automatic', label: 'automatic' };
}
