/**
 * Rate limits kept in the database, so that every server process shares them.
 *
 * A token bucket is the Lucia author's (https://lucia-auth.com/rate-limit/token-bucket): whole
 * tokens, one added per refill interval up to the capacity, so the arithmetic stays exact.
 *
 * A failure window counts failures in fixed windows and estimates the last `windowSeconds` as
 * the current window plus the share of the previous one that still overlaps it, so the count
 * never doubles at a window boundary and never locks anyone out for good:
 * https://blog.cloudflare.com/counting-things-a-lot-of-different-things/
 */
import type { Database, Queryable } from '../db/database.ts';

export interface TokenBucket {
  capacity: number;
  refillIntervalSeconds: number;
}

export interface FailureWindow {
  maxFailures: number;
  windowSeconds: number;
}

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

interface LimitRow {
  key: string;
  count: number;
  since: number;
}

/** Takes `cost` tokens from the bucket at `key`, which starts full; refuses unless it holds that many. */
export async function consumeToken(
  db: Database,
  key: string,
  bucket: TokenBucket,
  now: number,
  cost = 1,
): Promise<LimitResult> {
  return db.transaction((tx) => takeToken(tx, key, bucket, now, cost));
}

/** The same inside the caller's transaction, so that the token is spent only with what it paid for. */
export async function takeToken(
  tx: Queryable,
  key: string,
  bucket: TokenBucket,
  now: number,
  cost = 1,
): Promise<LimitResult> {
  const { count, since } = await bucketState(tx, key, bucket, now);
  if (count < cost) return { ok: false, retryAfterSeconds: retryAfter(since, count, cost, bucket, now) };
  await tx.run(
    `INSERT INTO rate_limits (key, count, since) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET count = excluded.count, since = excluded.since`,
    [key, count - cost, since],
  );
  return { ok: true };
}

/** Whether the bucket at `key` holds a token, taking none. */
export async function checkToken(db: Queryable, key: string, bucket: TokenBucket, now: number): Promise<LimitResult> {
  const { count, since } = await bucketState(db, key, bucket, now);
  return count >= 1 ? { ok: true } : { ok: false, retryAfterSeconds: retryAfter(since, count, 1, bucket, now) };
}

/** Forgets the limit at `key`: a bucket starts full again. */
export async function deleteRateLimit(db: Queryable, key: string): Promise<void> {
  await db.run('DELETE FROM rate_limits WHERE key = ?', [key]);
}

async function bucketState(
  db: Queryable,
  key: string,
  bucket: TokenBucket,
  now: number,
): Promise<{ count: number; since: number }> {
  const row = await db.get<LimitRow>('SELECT key, count, since FROM rate_limits WHERE key = ?', [key]);
  if (row === null) return { count: bucket.capacity, since: now };
  const refills = Math.max(0, Math.floor((now - Number(row.since)) / bucket.refillIntervalSeconds));
  const count = Math.min(bucket.capacity, Number(row.count) + refills);
  const since = count === bucket.capacity ? now : Number(row.since) + refills * bucket.refillIntervalSeconds;
  return { count, since };
}

function retryAfter(since: number, count: number, cost: number, bucket: TokenBucket, now: number): number {
  return Math.max(1, since + (cost - count) * bucket.refillIntervalSeconds - now);
}

export async function recordFailure(db: Queryable, key: string, window: FailureWindow, now: number): Promise<void> {
  const index = Math.floor(now / window.windowSeconds);
  await db.run(
    `INSERT INTO rate_limits (key, count, since) VALUES (?, 1, ?)
     ON CONFLICT (key) DO UPDATE SET count = rate_limits.count + 1`,
    [windowKey(key, index), index * window.windowSeconds],
  );
}

/** Refuses once the failures estimated over the last `windowSeconds` reach `maxFailures`. */
export async function checkFailures(
  db: Queryable,
  key: string,
  window: FailureWindow,
  now: number,
): Promise<LimitResult> {
  const { maxFailures: max, windowSeconds: span } = window;
  const index = Math.floor(now / span);
  const rows = await db.all<LimitRow>('SELECT key, count, since FROM rate_limits WHERE key IN (?, ?)', [
    windowKey(key, index),
    windowKey(key, index - 1),
  ]);
  const countOf = (wanted: number): number =>
    Number(rows.find((row) => row.key === windowKey(key, wanted))?.count ?? 0);
  const current = countOf(index);
  const previous = countOf(index - 1);
  const elapsed = now - index * span;
  // previous × (span − elapsed) / span + current ≥ max, kept in integers.
  if (previous * (span - elapsed) + current * span < max * span) {
    return { ok: true };
  }
  if (current < max) {
    const wait = Math.floor(((span - elapsed) * previous - (max - current) * span) / previous) + 1;
    return { ok: false, retryAfterSeconds: Math.max(1, wait) };
  }
  const intoNextWindow = Math.floor(((current - max) * span) / current) + 1;
  return { ok: false, retryAfterSeconds: span - elapsed + intoNextWindow };
}

/**
 * Removes rows untouched for `maxAgeSeconds`. A bucket that old is full and a window that old
 * counts for nothing, as long as `maxAgeSeconds` is at least the longest time to refill a bucket
 * and twice the longest window (`rateLimitRetentionSeconds` in limits-config.ts).
 */
export async function deleteStaleRateLimits(db: Queryable, maxAgeSeconds: number, now: number): Promise<number> {
  const result = await db.run('DELETE FROM rate_limits WHERE since < ?', [now - maxAgeSeconds]);
  return result.changes;
}

function windowKey(key: string, index: number): string {
  return `${key}@${index}`;
}
