/**
 * Limits on everything that sends mail or checks what mail carried (issue 13.8), per account and
 * per address, so nobody can flood an inbox, guess a code, or probe addresses in bulk
 * (https://thecopenhagenbook.com/email-verification#rate-limiting). A refusal reads the same
 * whether or not the address belongs to anyone.
 */
import type { Database } from '../db/database.ts';
import { formatDuration } from '../markup/duration.ts';
import { rateLimitAddress } from './client-ip.ts';
import type { LimitOutcome } from './account-limits.ts';
import type { LimitsConfig } from './limits-config.ts';
import { consumeToken, type TokenBucket } from './rate-limit.ts';

/** 10 code tries an hour per account: a guesser's odds stay one in a million an hour. */
const codeTries: TokenBucket = { capacity: 10, refillIntervalSeconds: 6 * 60 };
/** Codes sent, per account and per address: a few resends, not a flood. */
const codesSent: TokenBucket = { capacity: 5, refillIntervalSeconds: 12 * 60 };
/** Reset requests: 3 per 10 minutes per email address and per network address. */
const resetRequests: TokenBucket = { capacity: 3, refillIntervalSeconds: 200 };

export async function limitCodeTry(
  db: Database,
  userId: number,
  config: LimitsConfig,
  now: number,
): Promise<LimitOutcome> {
  return take(db, config, [[`email-code:account:${userId}`, codeTries]], now, 'Too many codes tried.');
}

/** `userId` is null at sign-up, before there is an account: the address alone is counted. */
export async function limitCodeSend(
  db: Database,
  sending: { userId: number | null; email: string },
  config: LimitsConfig,
  now: number,
): Promise<LimitOutcome> {
  const keys: [string, TokenBucket][] = [[`email-send:email:${emailKey(sending.email)}`, codesSent]];
  if (sending.userId !== null) keys.unshift([`email-send:account:${sending.userId}`, codesSent]);
  return take(db, config, keys, now, 'Too many codes sent.');
}

export async function limitResetRequest(
  db: Database,
  request: { email: string; ip: string | null },
  config: LimitsConfig,
  now: number,
): Promise<LimitOutcome> {
  const keys: [string, TokenBucket][] = [
    [`password-reset:email:${emailKey(request.email)}`, resetRequests],
    [`password-reset:ip:${rateLimitAddress(request.ip)}`, resetRequests],
  ];
  return take(db, config, keys, now, 'Too many reset requests.');
}

async function take(
  db: Database,
  config: LimitsConfig,
  keys: readonly (readonly [string, TokenBucket])[],
  now: number,
  what: string,
): Promise<LimitOutcome> {
  if (!config.rateLimits) return { ok: true };
  for (const [key, bucket] of keys) {
    const result = await consumeToken(db, key, bucket, now);
    if (!result.ok) {
      const { retryAfterSeconds } = result;
      return { ok: false, retryAfterSeconds, message: `${what} Try again in ${formatDuration(retryAfterSeconds)}.` };
    }
  }
  return { ok: true };
}

/** Addresses are counted without regard to case, and a key is never longer than the longest address. */
function emailKey(email: string): string {
  return email.trim().toLowerCase().slice(0, 254);
}
