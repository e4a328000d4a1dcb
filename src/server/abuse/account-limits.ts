/**
 * The sign-in and sign-up limits of issue 4, over the rate-limit primitives: a token bucket per
 * account for sign-in attempts, a failure window per address, a bucket per address for sign-ups.
 */
import type { Database } from '../db/database.ts';
import type { LimitsConfig } from './limits-config.ts';
import { formatDuration } from '../markup/duration.ts';
import { checkFailures, consumeToken, recordFailure } from './rate-limit.ts';

export type LimitOutcome = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

/**
 * Call before checking the password. Refuses when the address has failed too often or the
 * account has no attempt left; the account is named as typed, so unknown names cost the same.
 */
export async function limitSignIn(
  db: Database,
  attempt: { username: string; ip: string | null },
  config: LimitsConfig,
  now: number,
): Promise<LimitOutcome> {
  if (!config.rateLimits) return { ok: true };
  const byAddress = await checkFailures(db, signInFailureKey(attempt.ip), config.signIn.failuresPerIp, now);
  if (!byAddress.ok) {
    return refused(byAddress, 'Too many failed sign-ins from your network.');
  }
  const accountKey = `sign-in:account:${attempt.username.toLowerCase().slice(0, 64)}`;
  const byAccount = await consumeToken(db, accountKey, config.signIn.perAccount, now);
  return byAccount.ok ? byAccount : refused(byAccount, 'Too many sign-in attempts for this account.');
}

/** Call when a password check fails. */
export async function recordSignInFailure(
  db: Database,
  attempt: { ip: string | null },
  config: LimitsConfig,
  now: number,
): Promise<void> {
  if (!config.rateLimits) return;
  await recordFailure(db, signInFailureKey(attempt.ip), config.signIn.failuresPerIp, now);
}

/** Call before creating an account. */
export async function limitSignUp(
  db: Database,
  attempt: { ip: string | null },
  config: LimitsConfig,
  now: number,
): Promise<LimitOutcome> {
  if (!config.rateLimits) return { ok: true };
  const result = await consumeToken(db, `sign-up:ip:${attempt.ip ?? 'unknown'}`, config.signUp.perIp, now);
  return result.ok ? result : refused(result, 'Too many new accounts from your network.');
}

function refused(result: { retryAfterSeconds: number }, what: string): LimitOutcome {
  const { retryAfterSeconds } = result;
  return { ok: false, retryAfterSeconds, message: `${what} Try again in ${formatDuration(retryAfterSeconds)}.` };
}

function signInFailureKey(ip: string | null): string {
  return `sign-in-failures:ip:${ip ?? 'unknown'}`;
}
