/**
 * What is decided about a reader's write before it is stored. A new comment is refused (banned
 * author, the same text again, too soon after the last one), published, or held in the moderation
 * queue (premoderation, too many links, a banned word). An edit meets the same queue rules, since
 * new words are new words whatever route they take (issue 11 item 3), but not the interval or
 * duplicate rules, which are about volume: fixing a typo is not posting again. A report is limited
 * per account and per address. Moderators and admins are exempt from all but the ban and the
 * report limits. The rules are issue 4's; their settings are in limits-config.ts.
 */
import { findBannedWords } from './banned-words.ts';
import { validateCommentBody } from '../comments/rules.ts';
import { renderCommentText } from '../comments/text.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { LimitsConfig, PremoderationMode } from './limits-config.ts';
import { formatDuration } from '../markup/duration.ts';
import { consumeToken, type LimitResult } from './rate-limit.ts';
import type { LimitOutcome } from './account-limits.ts';
import { rateLimitAddress } from './client-ip.ts';
import type { Role } from '../accounts/user.ts';

/** Who writes, as the session loaded them, and the address the request came from. */
export interface Commenter {
  id: number;
  role: Role;
  bannedAt: number | null;
  /** For the per-address report limit, counted as `rateLimitAddress` says; absent or null is one unknown address. */
  clientIp?: string | null;
}

export type HoldReason = 'premoderation' | 'first-comment' | 'links' | 'banned-words';

/** One reason a comment was held, with what the moderator needs to judge it. */
export type HoldDetail =
  | { kind: 'premoderation' }
  | { kind: 'first-comment' }
  | { kind: 'links'; count: number; max: number }
  | { kind: 'banned-words'; words: string[] };

export interface StatusDecision {
  status: 'visible' | 'pending';
  reasons: HoldReason[];
  details: HoldDetail[];
}

export type ScreeningResult =
  | ({ ok: true } & StatusDecision)
  | { ok: false; reason: 'banned'; message: string }
  | { ok: false; reason: 'duplicate'; message: string };

export type IntervalResult =
  { ok: true } | { ok: false; reason: 'too-soon'; message: string; retryAfterSeconds: number };

export const BANNED_MESSAGE = 'Your account has been banned from commenting.';

export interface StatusFacts {
  premoderation: PremoderationMode;
  /** Whether any of the author's comments is visible (approved, or posted without the queue). */
  hasApprovedComment: boolean;
  linkCount: number;
  maxLinks: number;
  bannedWordsFound: readonly string[];
}

/**
 * Call before `postComment` (kind 'post') or `editComment` (kind 'edit') with the status it
 * returns. It writes nothing: the interval is taken by `takeCommentInterval` in the transaction
 * that stores the comment, so that only an accepted comment spends it (issue 12 item 5).
 */
export async function screenComment(
  db: Database,
  input: { user: Commenter; body: string; kind?: 'post' | 'edit' },
  config: LimitsConfig,
  now: number,
): Promise<ScreeningResult> {
  const { user } = input;
  if (user.bannedAt !== null) return { ok: false, reason: 'banned', message: BANNED_MESSAGE };
  const suspendedUntil = await findSuspensionEnd(db, user.id, now);
  if (suspendedUntil !== null) return { ok: false, reason: 'banned', message: suspendedMessage(suspendedUntil) };
  if (isExemptFromCommentLimits(user.role)) {
    return { ok: true, status: 'visible', reasons: [], details: [] };
  }
  const checked = validateCommentBody(input.body);
  const body = checked.ok ? checked.body : input.body;
  const { comments } = config;

  if (input.kind !== 'edit' && config.rateLimits && comments.duplicateWindowSeconds > 0) {
    if (await hasPostedSameText(db, user.id, body, now - comments.duplicateWindowSeconds)) {
      return {
        ok: false,
        reason: 'duplicate',
        message: `You posted this same comment in the last ${formatDuration(comments.duplicateWindowSeconds)}. Write something new instead.`,
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

/**
 * The comment interval, taken inside the transaction that stores the comment, after everything
 * that could refuse it: two comments sent at once cannot both pass, and a refused one costs
 * nothing. The row is the one a one-token bucket keeps in rate_limits (rate-limit.ts): `since` is
 * when the last accepted comment was taken. It needs the caller's transaction, which
 * `consumeToken` cannot join.
 */
export async function takeCommentInterval(
  tx: Queryable,
  user: Commenter,
  config: LimitsConfig,
  now: number,
): Promise<IntervalResult> {
  const interval = config.comments.minIntervalSeconds;
  if (!config.rateLimits || interval === 0 || isExemptFromCommentLimits(user.role)) return { ok: true };
  const key = `comment:user:${user.id}`;
  const row = await tx.get<{ since: number | bigint }>('SELECT since FROM rate_limits WHERE key = ?', [key]);
  const wait = row === null ? 0 : Number(row.since) + interval - now;
  if (wait > 0) {
    return {
      ok: false,
      reason: 'too-soon',
      retryAfterSeconds: wait,
      message: `Please wait ${formatDuration(wait)}: comments from one account must be at least ${formatDuration(interval)} apart.`,
    };
  }
  await tx.run(
    `INSERT INTO rate_limits (key, count, since) VALUES (?, 0, ?)
     ON CONFLICT (key) DO UPDATE SET count = excluded.count, since = excluded.since`,
    [key, now],
  );
  return { ok: true };
}

/**
 * Call before `reportComment`. Every report sent counts, accepted or not, as every sign-in
 * attempt does: the limit is on what an account or an address asks of the moderators.
 */
export async function limitReport(
  db: Database,
  user: Commenter,
  config: LimitsConfig,
  now: number,
): Promise<LimitOutcome> {
  const suspendedUntil = await findSuspensionEnd(db, user.id, now);
  if (suspendedUntil !== null) {
    return { ok: false, retryAfterSeconds: suspendedUntil - now, message: suspendedMessage(suspendedUntil) };
  }
  if (!config.rateLimits) return { ok: true };
  const { perAccount, perIp } = config.reports;
  const byAccount = await consumeToken(db, `report:user:${user.id}`, perAccount, now);
  if (!byAccount.ok) return refusedReport(byAccount, 'You have sent a lot of reports.');
  const byAddress = await consumeToken(db, `report:ip:${rateLimitAddress(user.clientIp ?? null)}`, perIp, now);
  return byAddress.ok ? byAddress : refusedReport(byAddress, 'A lot of reports have come from your network.');
}

function refusedReport(result: Extract<LimitResult, { ok: false }>, what: string): LimitOutcome {
  const { retryAfterSeconds } = result;
  return {
    ok: false,
    retryAfterSeconds,
    message: `${what} Moderators will look at those first; try again in ${formatDuration(retryAfterSeconds)}.`,
  };
}

export function isExemptFromCommentLimits(role: Role): boolean {
  return role === 'moderator' || role === 'admin';
}

/** Where a comment from a reader goes; every reason that holds it is listed. */
export function decideStatus(facts: StatusFacts): StatusDecision {
  const details: HoldDetail[] = [];
  if (facts.premoderation === 'all') details.push({ kind: 'premoderation' });
  if (facts.premoderation === 'first' && !facts.hasApprovedComment) details.push({ kind: 'first-comment' });
  if (facts.linkCount > facts.maxLinks) details.push({ kind: 'links', count: facts.linkCount, max: facts.maxLinks });
  if (facts.bannedWordsFound.length > 0) details.push({ kind: 'banned-words', words: [...facts.bannedWordsFound] });
  const reasons = details.map((detail) => detail.kind);
  return { status: reasons.length === 0 ? 'visible' : 'pending', reasons, details };
}

/**
 * Keeps why screening held a comment, for the moderation queue; call once the comment or its
 * edit is stored with the decision `screenComment` returned. A comment that was not held keeps
 * no reasons, so an edit that passes clears an earlier hold's.
 */
export async function recordHoldReasons(db: Queryable, commentId: number, decision: StatusDecision): Promise<void> {
  const reasons = decision.status === 'pending' ? JSON.stringify(decision.details) : null;
  await db.run('UPDATE comments SET hold_reasons = ? WHERE id = ?', [reasons, commentId]);
}

/** When the account's suspension ends, or null when it is not suspended at `now`. */
export async function findSuspensionEnd(db: Queryable, userId: number, now: number): Promise<number | null> {
  const row = await db.get<{ suspended_until: number | null }>('SELECT suspended_until FROM users WHERE id = ?', [
    userId,
  ]);
  const until = row === null || row.suspended_until === null ? null : Number(row.suspended_until);
  return until !== null && until > now ? until : null;
}

/** A date and time as the moderation pages and the suspended reader read it, in UTC. */
export function formatDateTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${day}, ${time} UTC`;
}

export function suspendedMessage(until: number): string {
  return `Your account is suspended until ${formatDateTime(until)}.`;
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
