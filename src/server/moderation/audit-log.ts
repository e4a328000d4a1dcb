import type { Queryable } from '../db/database.ts';

export type AuditAction =
  | 'approve-comment'
  | 'hide-comment'
  | 'restore-comment'
  | 'delete-comment'
  | 'hide-reported-comment'
  | 'ban-user'
  | 'unban-user'
  | 'set-role';

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
