/**
 * What a moderator can do from /moderation, each outcome mapped to the status and the words the
 * page answers with. The role checks happen inside moderation.ts, in each action's transaction.
 */
import type { Database } from '../db/database.ts';
import {
  approveComment,
  banUser,
  deleteCommentForGood,
  hideComment,
  restoreComment,
  setRoleAsAdmin,
  unbanUser,
  type BanResult,
  type ModerationResult,
  type SetRoleResult,
} from '../moderation/decisions.ts';
import type { Role } from '../accounts/user.ts';

export type ModerationRequest =
  | { intent: 'approve' | 'restore' | 'delete'; commentId: number; reason: string | null }
  | { intent: 'hide'; commentId: number; reason: string }
  | { intent: 'ban' | 'unban'; userId: number; reason: string | null }
  | { intent: 'set-role'; username: string; role: Role; reason: string | null };

export type ModerationOutcome =
  { ok: true; message: string } | { ok: false; status: 400 | 403 | 404 | 409; message: string };

/** What the page says after each action succeeded. */
export const MODERATION_DONE: Readonly<Record<ModerationRequest['intent'], string>> = {
  approve: 'Comment approved.',
  restore: 'Comment restored.',
  delete: 'Comment deleted for good.',
  hide: 'Comment hidden; its author sees your reason.',
  ban: 'Author banned: their comments are hidden and their sessions ended.',
  unban: 'Author unbanned.',
  'set-role': 'Role changed.',
};

export async function performModerationAction(
  db: Database,
  actorId: number,
  request: ModerationRequest,
  now: number,
): Promise<ModerationOutcome> {
  const result = await dispatch(db, actorId, request, now);
  if (result.ok) return { ok: true, message: MODERATION_DONE[request.intent] };
  switch (result.reason) {
    case 'forbidden':
      return { ok: false, status: 403, message: 'Your role does not allow that.' };
    case 'not-found':
      return { ok: false, status: 404, message: 'That comment or account no longer exists.' };
    case 'unknown-user':
      return { ok: false, status: 404, message: 'There is no account with that username.' };
    case 'invalid-reason':
      return { ok: false, status: 400, message: result.message };
    case 'already-banned':
      return { ok: false, status: 409, message: 'That author is already banned.' };
    case 'not-banned':
      return { ok: false, status: 409, message: 'That author is not banned.' };
    case 'last-admin':
      return { ok: false, status: 409, message: 'The last admin cannot give up the role.' };
  }
}

function dispatch(
  db: Database,
  actorId: number,
  request: ModerationRequest,
  now: number,
): Promise<ModerationResult | BanResult | SetRoleResult> {
  switch (request.intent) {
    case 'approve':
      return approveComment(db, { actorId, commentId: request.commentId, reason: request.reason }, now);
    case 'restore':
      return restoreComment(db, { actorId, commentId: request.commentId, reason: request.reason }, now);
    case 'delete':
      return deleteCommentForGood(db, { actorId, commentId: request.commentId, reason: request.reason }, now);
    case 'hide':
      return hideComment(db, { actorId, commentId: request.commentId, reason: request.reason }, now);
    case 'ban':
      return banUser(db, { actorId, userId: request.userId, reason: request.reason }, now);
    case 'unban':
      return unbanUser(db, { actorId, userId: request.userId, reason: request.reason }, now);
    case 'set-role':
      return setRoleAsAdmin(
        db,
        { actorId, username: request.username, role: request.role, reason: request.reason },
        now,
      );
  }
}
