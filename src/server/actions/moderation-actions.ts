/**
 * What a moderator can do from /moderation, each outcome mapped to the status and the words the
 * page answers with. The role checks happen inside moderation/decisions.ts, in each action's
 * transaction.
 */
import type { Services } from '../app/services.ts';
import {
  approveComment,
  banUser,
  deleteAccountAsModerator,
  deleteCommentForGood,
  dismissReports,
  featureComment,
  hideComment,
  restoreComment,
  setRoleAsAdmin,
  suspendUser,
  unbanUser,
  unfeatureComment,
  type BanResult,
  type CommentAction,
  type ModerationResult,
  type SetRoleResult,
} from '../moderation/decisions.ts';
import { queueFeaturedNotification } from '../mail/featured-notification.ts';
import { queueReplyNotificationFor } from '../mail/reply-notification.ts';
import type { ModerationRequest, ParsedModerationRequest } from './moderation-request.ts';

export type ModerationIntent = ModerationRequest['intent'];

export type ModerationOutcome =
  { ok: true; intent: ModerationIntent } | { ok: false; status: 400 | 403 | 404 | 409 | 413 | 415; message: string };

/** What the page says after each action succeeded. */
export const MODERATION_DONE: Readonly<Record<ModerationIntent, string>> = {
  approve: 'Comment approved.',
  restore: 'Comment restored.',
  delete: 'Comment deleted for good.',
  hide: 'Comment hidden; its author sees your reason.',
  ban: 'Author banned: their comments are hidden and their sessions ended.',
  unban: 'Author unbanned.',
  'delete-account': 'Account deleted: its comments with replies are placeholders now, the rest are gone.',
  dismiss: 'Reports dismissed; the comment stays.',
  suspend: 'Author suspended: they cannot post, edit or report until it ends.',
  'bulk-approve': 'The chosen comments were approved.',
  'bulk-hide': 'The chosen comments were hidden; their authors see your reason.',
  'set-role': 'Role changed.',
  feature: 'Comment featured: it is shown first, under "Featured".',
  unfeature: 'The comment is no longer featured.',
};

type Refusal = Extract<ModerationOutcome, { ok: false }>;

const REFUSALS: Readonly<
  Record<'forbidden' | 'not-found' | 'unknown-user' | 'already-banned' | 'not-banned' | 'last-admin', Refusal>
> = {
  forbidden: { ok: false, status: 403, message: 'Your role does not allow that.' },
  'not-found': { ok: false, status: 404, message: 'That comment or account no longer exists.' },
  'unknown-user': { ok: false, status: 404, message: 'There is no account with that username.' },
  'already-banned': { ok: false, status: 409, message: 'That author is already banned.' },
  'not-banned': { ok: false, status: 409, message: 'That author is not banned.' },
  'last-admin': { ok: false, status: 409, message: 'The last admin cannot give up the role.' },
};

/** An approved reply tells its parent's author as a posted one would (issue 13.4). */
function approveAndNotify(db: Services['db'], action: CommentAction, now: number): Promise<ModerationResult> {
  return approveComment(db, action, now, async (tx, commentId) => {
    await queueReplyNotificationFor(tx, commentId, now);
  });
}

/** A featured comment's author hears of it, when they chose email about their comments. */
function featureAndNotify(db: Services['db'], action: CommentAction, now: number): Promise<ModerationResult> {
  return featureComment(db, action, now, async (tx, commentId) => {
    await queueFeaturedNotification(tx, commentId, now);
  });
}

const COMMENT_DECISIONS = {
  approve: approveAndNotify,
  restore: restoreComment,
  delete: deleteCommentForGood,
  dismiss: dismissReports,
  feature: featureAndNotify,
  unfeature: unfeatureComment,
} as const;
const ACCOUNT_DECISIONS = { ban: banUser, unban: unbanUser, 'delete-account': deleteAccountAsModerator } as const;

/** A moderation form post, read or refused by moderation-request.ts, carried out by `actorId`. */
export async function performModerationAction(
  services: Pick<Services, 'db' | 'clock'>,
  actorId: number,
  parsed: ParsedModerationRequest,
): Promise<ModerationOutcome> {
  if (!parsed.ok) return { ok: false, status: parsed.status ?? 400, message: parsed.message };
  const result = await decide(services, actorId, parsed.request);
  if (result.ok) return { ok: true, intent: parsed.request.intent };
  return result.reason === 'invalid-reason'
    ? { ok: false, status: 400, message: result.message }
    : REFUSALS[result.reason];
}

function decide(
  services: Pick<Services, 'db' | 'clock'>,
  actorId: number,
  request: ModerationRequest,
): Promise<ModerationResult | BanResult | SetRoleResult> {
  const { db } = services;
  const now = services.clock.now();
  switch (request.intent) {
    case 'approve':
    case 'restore':
    case 'delete':
    case 'dismiss':
    case 'feature':
    case 'unfeature':
      return COMMENT_DECISIONS[request.intent](db, { actorId, ...request }, now);
    case 'hide':
      return hideComment(db, { actorId, ...request }, now);
    case 'ban':
    case 'unban':
    case 'delete-account':
      return ACCOUNT_DECISIONS[request.intent](db, { actorId, ...request }, now);
    case 'suspend':
      return suspendUser(db, { actorId, ...request }, now);
    case 'bulk-approve':
    case 'bulk-hide':
      return decideEach(db, actorId, request, now);
    case 'set-role':
      return setRoleAsAdmin(db, { actorId, ...request }, now);
  }
}

/**
 * Each chosen comment gets its own decision and audit entry; one gone meanwhile does not stop
 * the rest. The first refusal other than that is the answer.
 */
async function decideEach(
  db: Services['db'],
  actorId: number,
  request: Extract<ModerationRequest, { intent: 'bulk-approve' | 'bulk-hide' }>,
  now: number,
): Promise<ModerationResult> {
  let refused: ModerationResult | null = null;
  for (const commentId of request.commentIds) {
    const result =
      request.intent === 'bulk-hide'
        ? await hideComment(db, { actorId, commentId, reason: request.reason }, now)
        : await approveAndNotify(db, { actorId, commentId, reason: request.reason }, now);
    if (!result.ok && result.reason !== 'not-found' && refused === null) refused = result;
    if (!result.ok && result.reason === 'forbidden') break;
  }
  return refused ?? { ok: true };
}
