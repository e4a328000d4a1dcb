/**
 * The sign-in and sign-up limits of issue 4, over the rate-limit primitives. Addresses are
 * counted as `rateLimitAddress` says (an IPv6 client by its /64).
 *
 * Sign-in (issue 11.7: nobody may lock an owner out by failing on purpose). Before the password
 * is checked:
 * - an address with `failuresPerIp` failures in the window is refused, whatever the account;
 * - each account and address pair has its own bucket of `perAccount` attempts, so guesses from
 *   one address come five at once, then one a minute, and spend nobody else's attempts;
 * - each account also has a bucket of `perAccount` size that only failures take from. While it
 *   is empty, an address that has failed anywhere in the window is refused, and an address with
 *   no failures gets one attempt at a time (it must find its pair bucket full and takes it all).
 * So the owner's right password, from an address with no recent failures, is never refused by
 * what others did; a guesser needs a fresh address for every guess past the account's bucket.
 */
import type { Database } from '../db/database.ts';
import type { LimitsConfig } from './limits-config.ts';
import { formatDuration } from '../markup/duration.ts';
import { rateLimitAddress } from './client-ip.ts';
import { checkFailures, checkToken, consumeToken, deleteRateLimit, recordFailure } from './rate-limit.ts';

export type LimitOutcome = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

/** A sign-in attempt: the account is named as typed, so unknown names cost the same. */
export interface SignInAttempt {
  username: string;
  ip: string | null;
}

/** Call before checking the password. */
export async function limitSignIn(
  db: Database,
  attempt: SignInAttempt,
  config: LimitsConfig,
  now: number,
): Promise<LimitOutcome> {
  if (!config.rateLimits) return { ok: true };
  const { perAccount, failuresPerIp } = config.signIn;
  const keys = signInKeys(attempt);
  const byAddress = await checkFailures(db, keys.addressFailures, failuresPerIp, now);
  if (!byAddress.ok) {
    return refused(byAddress, 'Too many failed sign-ins from your network.');
  }
  const byAccount = await checkToken(db, keys.accountFailures, perAccount, now);
  if (byAccount.ok) {
    const byPair = await consumeToken(db, keys.pair, perAccount, now);
    return byPair.ok ? byPair : refused(byPair, 'Too many sign-in attempts for this account.');
  }
  const anyFailure = { maxFailures: 1, windowSeconds: failuresPerIp.windowSeconds };
  if ((await checkFailures(db, keys.addressFailures, anyFailure, now)).ok) {
    if ((await consumeToken(db, keys.pair, perAccount, now, perAccount.capacity)).ok) return { ok: true };
  }
  return refused(byAccount, 'Too many sign-in attempts for this account.');
}

/** Call when a password check fails. */
export async function recordSignInFailure(
  db: Database,
  attempt: SignInAttempt,
  config: LimitsConfig,
  now: number,
): Promise<void> {
  if (!config.rateLimits) return;
  const keys = signInKeys(attempt);
  await recordFailure(db, keys.addressFailures, config.signIn.failuresPerIp, now);
  await consumeToken(db, keys.accountFailures, config.signIn.perAccount, now);
}

/** Call when a password check succeeds: the address gets its attempts at the account back. */
export async function recordSignInSuccess(db: Database, attempt: SignInAttempt, config: LimitsConfig): Promise<void> {
  if (!config.rateLimits) return;
  await deleteRateLimit(db, signInKeys(attempt).pair);
}

/**
 * Call before checking a two-factor or recovery code: each attempt takes a token from the
 * account's bucket, and an address with too many failed sign-ins is refused as at the password.
 */
export async function limitTwoFactor(
  db: Database,
  attempt: { userId: number; ip: string | null },
  config: LimitsConfig,
  now: number,
): Promise<LimitOutcome> {
  if (!config.rateLimits) return { ok: true };
  const address = signInKeys({ username: '', ip: attempt.ip }).addressFailures;
  const byAddress = await checkFailures(db, address, config.signIn.failuresPerIp, now);
  if (!byAddress.ok) return refused(byAddress, 'Too many failed sign-ins from your network.');
  const byAccount = await consumeToken(db, `two-factor:account:${attempt.userId}`, config.twoFactor.perAccount, now);
  return byAccount.ok ? byAccount : refused(byAccount, 'Too many codes tried for this account.');
}

/** Call when a two-factor or recovery code is wrong: it counts against the address as a failed sign-in. */
export async function recordTwoFactorFailure(
  db: Database,
  attempt: { ip: string | null },
  config: LimitsConfig,
  now: number,
): Promise<void> {
  if (!config.rateLimits) return;
  const address = signInKeys({ username: '', ip: attempt.ip }).addressFailures;
  await recordFailure(db, address, config.signIn.failuresPerIp, now);
}

/** Call before creating an account. */
export async function limitSignUp(
  db: Database,
  attempt: { ip: string | null },
  config: LimitsConfig,
  now: number,
): Promise<LimitOutcome> {
  if (!config.rateLimits) return { ok: true };
  const key = `sign-up:ip:${rateLimitAddress(attempt.ip)}`;
  const result = await consumeToken(db, key, config.signUp.perIp, now);
  return result.ok ? result : refused(result, 'Too many new accounts from your network.');
}

function refused(result: { retryAfterSeconds: number }, what: string): LimitOutcome {
  const { retryAfterSeconds } = result;
  return { ok: false, retryAfterSeconds, message: `${what} Try again in ${formatDuration(retryAfterSeconds)}.` };
}

/** The address comes first in the pair key: it never holds a `|`, so no typed name can reach another address's key. */
function signInKeys(attempt: SignInAttempt): { addressFailures: string; accountFailures: string; pair: string } {
  const address = rateLimitAddress(attempt.ip);
  const account = attempt.username.toLowerCase().slice(0, 64);
  return {
    addressFailures: `sign-in-failures:ip:${address}`,
    accountFailures: `sign-in:account:${account}`,
    pair: `sign-in:ip-account:${address}|${account}`,
  };
}
