/**
 * The one decision made about a new comment before it is stored: refused (banned author, too
 * soon after the last one, the same text again), published, or held in the moderation queue
 * (premoderation, too many links, a banned word). Moderators and admins are exempt from all but
 * the ban. The rules are issue 4's; their settings are in limits-config.ts.
 */
import { findBannedWords } from './banned-words.ts';
import { validateCommentBody } from '../comments/rules.ts';
import { renderCommentText } from '../comments/text.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { LimitsConfig, PremoderationMode } from './limits-config.ts';
import { formatDuration } from '../markup/duration.ts';
import { consumeToken } from './rate-limit.ts';
import type { Role } from '../accounts/user.ts';

export interface Commenter {
  id: number;
  role: Role;
  bannedAt: number | null;
}

export type HoldReason = 'premoderation' | 'first-comment' | 'links' | 'banned-words';

export interface StatusDecision {
  status: 'visible' | 'pending';
  reasons: HoldReason[];
}

export type ScreeningResult =
  | ({ ok: true } & StatusDecision)
  | { ok: false; reason: 'banned'; message: string }
  | { ok: false; reason: 'too-soon'; message: string; retryAfterSeconds: number }
  | { ok: false; reason: 'duplicate'; message: string };

export interface StatusFacts {
  premoderation: PremoderationMode;
  /** Whether any of the author's comments is visible (approved, or posted without the queue). */
  hasApprovedComment: boolean;
  linkCount: number;
  maxLinks: number;
  bannedWordsFound: readonly string[];
}

/**
 * Call just before `postComment`, with the status it returns. The comment interval is taken here,
 * in the database, so two comments sent at once cannot both pass it.
 */
export async function screenComment(
  db: Database,
  input: { user: Commenter; body: string },
  config: LimitsConfig,
  now: number,
): Promise<ScreeningResult> {
  const { user } = input;
  if (user.bannedAt !== null) {
    return { ok: false, reason: 'banned', message: 'Your account has been banned from commenting.' };
  }
  if (isExemptFromCommentLimits(user.role)) {
    return { ok: true, status: 'visible', reasons: [] };
  }
  const checked = validateCommentBody(input.body);
  const body = checked.ok ? checked.body : input.body;
  const { comments } = config;

  if (config.rateLimits && comments.duplicateWindowSeconds > 0) {
    if (await hasPostedSameText(db, user.id, body, now - comments.duplicateWindowSeconds)) {
      return {
        ok: false,
        reason: 'duplicate',
        message: `You posted this same comment in the last ${formatDuration(comments.duplicateWindowSeconds)}. Write something new instead.`,
      };
    }
  }
  if (config.rateLimits && comments.minIntervalSeconds > 0) {
    const bucket = { capacity: 1, refillIntervalSeconds: comments.minIntervalSeconds };
    const taken = await consumeToken(db, `comment:user:${user.id}`, bucket, now);
    if (!taken.ok) {
      return {
        ok: false,
        reason: 'too-soon',
        retryAfterSeconds: taken.retryAfterSeconds,
        message: `Please wait ${formatDuration(taken.retryAfterSeconds)}: comments from one account must be at least ${formatDuration(comments.minIntervalSeconds)} apart.`,
      };
    }
  }

  const decision = decideStatus({
    premoderation: config.premoderation,
    hasApprovedComment: config.premoderation === 'first' ? await hasApprovedComment(db, user.id) : false,
    linkCount: countLinks(body),
    maxLinks: comments.maxLinks,
    bannedWordsFound: findBannedWords(comments.bannedWords, body),
  });
  return { ok: true, ...decision };
}

export function isExemptFromCommentLimits(role: Role): boolean {
  return role === 'moderator' || role === 'admin';
}

/** Where a comment from a reader goes; every reason that holds it is listed. */
export function decideStatus(facts: StatusFacts): StatusDecision {
  const reasons: HoldReason[] = [];
  if (facts.premoderation === 'all') reasons.push('premoderation');
  if (facts.premoderation === 'first' && !facts.hasApprovedComment) reasons.push('first-comment');
  if (facts.linkCount > facts.maxLinks) reasons.push('links');
  if (facts.bannedWordsFound.length > 0) reasons.push('banned-words');
  return { status: reasons.length === 0 ? 'visible' : 'pending', reasons };
}

/**
 * Counts the links the page will show, by rendering the comment: the renderer escapes every `<`
 * of the text, so each `<a ` in its output is one link it made.
 */
export function countLinks(body: string): number {
  return renderCommentText(body).split('<a ').length - 1;
}

async function hasApprovedComment(db: Queryable, userId: number): Promise<boolean> {
  const row = await db.get<{ id: number }>(
    `SELECT id FROM comments WHERE author_id = ? AND status = 'visible' LIMIT 1`,
    [userId],
  );
  return row !== null;
}

async function hasPostedSameText(db: Queryable, userId: number, body: string, after: number): Promise<boolean> {
  const row = await db.get<{ id: number }>(
    'SELECT id FROM comments WHERE author_id = ? AND body = ? AND created_at > ? LIMIT 1',
    [userId, body, after],
  );
  return row !== null;
}
