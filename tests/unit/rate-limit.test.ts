import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import {
  rateLimitRetentionSeconds,
  readLimitsConfig,
  type LimitsConfig,
} from '../../src/server/abuse/limits-config.ts';
import {
  checkFailures,
  checkToken,
  consumeToken,
  deleteRateLimit,
  deleteStaleRateLimits,
  recordFailure,
  type FailureWindow,
} from '../../src/server/abuse/rate-limit.ts';
import type { Database } from '../../src/server/db/database.ts';
import { formatDuration } from '../../src/server/markup/duration.ts';
import {
  limitSignIn,
  limitSignUp,
  recordSignInFailure,
  recordSignInSuccess,
} from '../../src/server/abuse/account-limits.ts';
import { NOW } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const defaults: LimitsConfig = readLimitsConfig({}).config;

async function recordFailures(
  db: Database,
  key: string,
  window: FailureWindow,
  count: number,
  now: number,
): Promise<void> {
  for (let failure = 0; failure < count; failure += 1) await recordFailure(db, key, window, now);
}

test('a bucket lets its capacity through at once, then refuses until the next token', async (t) => {
  const db = await freshDatabase(t);
  const bucket = { capacity: 5, refillIntervalSeconds: 60 };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    assert.deepEqual(await consumeToken(db, 'k', bucket, NOW), { ok: true });
  }
  assert.deepEqual(await consumeToken(db, 'k', bucket, NOW), { ok: false, retryAfterSeconds: 60 });
  assert.deepEqual(await consumeToken(db, 'k', bucket, NOW + 45), { ok: false, retryAfterSeconds: 15 });
  assert.deepEqual(await consumeToken(db, 'k', bucket, NOW + 60), { ok: true });
  assert.deepEqual(await consumeToken(db, 'k', bucket, NOW + 61), { ok: false, retryAfterSeconds: 59 });
});

test('a bucket refills one token per interval and never beyond its capacity', async (t) => {
  const db = await freshDatabase(t);
  const bucket = { capacity: 3, refillIntervalSeconds: 10 };
  for (let attempt = 0; attempt < 3; attempt += 1) await consumeToken(db, 'k', bucket, NOW);
  // 25 seconds bring two tokens back; the half-interval left over still counts towards the third.
  assert.equal((await consumeToken(db, 'k', bucket, NOW + 25)).ok, true);
  assert.equal((await consumeToken(db, 'k', bucket, NOW + 25)).ok, true);
  assert.deepEqual(await consumeToken(db, 'k', bucket, NOW + 25), { ok: false, retryAfterSeconds: 5 });
  assert.equal((await consumeToken(db, 'k', bucket, NOW + 30)).ok, true);

  const later = NOW + 10_000;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    assert.equal((await consumeToken(db, 'k', bucket, later)).ok, true);
  }
  assert.equal((await consumeToken(db, 'k', bucket, later)).ok, false);
});

test('a costlier take needs that many tokens and takes them all, and a check takes none', async (t) => {
  const db = await freshDatabase(t);
  const bucket = { capacity: 3, refillIntervalSeconds: 60 };
  assert.deepEqual(await checkToken(db, 'k', bucket, NOW), { ok: true });
  assert.deepEqual(await consumeToken(db, 'k', bucket, NOW, 3), { ok: true });
  assert.deepEqual(await checkToken(db, 'k', bucket, NOW + 30), { ok: false, retryAfterSeconds: 30 });
  assert.deepEqual(await consumeToken(db, 'k', bucket, NOW + 60, 3), { ok: false, retryAfterSeconds: 120 });
  assert.deepEqual(await checkToken(db, 'k', bucket, NOW + 60), { ok: true });
  assert.deepEqual(await consumeToken(db, 'k', bucket, NOW + 60), { ok: true });
  assert.deepEqual(await checkToken(db, 'k', bucket, NOW + 60), { ok: false, retryAfterSeconds: 60 });
  await deleteRateLimit(db, 'k');
  assert.deepEqual(await consumeToken(db, 'k', bucket, NOW + 60, 3), { ok: true }, 'a deleted bucket starts full');
});

test('buckets under different keys are independent', async (t) => {
  const db = await freshDatabase(t);
  const bucket = { capacity: 1, refillIntervalSeconds: 60 };
  assert.equal((await consumeToken(db, 'a', bucket, NOW)).ok, true);
  assert.equal((await consumeToken(db, 'a', bucket, NOW)).ok, false);
  assert.equal((await consumeToken(db, 'b', bucket, NOW)).ok, true);
});

test('failures below the limit pass and the limit-th failure shuts the address out', async (t) => {
  const db = await freshDatabase(t);
  const window = { maxFailures: 3, windowSeconds: 3600 };
  const start = 3600 * 500_000;
  await recordFailures(db, 'ip', window, 2, start + 10);
  assert.deepEqual(await checkFailures(db, 'ip', window, start + 20), { ok: true });
  await recordFailure(db, 'ip', window, start + 30);
  const refused = await checkFailures(db, 'ip', window, start + 40);
  assert.equal(refused.ok, false);
  assert.deepEqual(await checkFailures(db, 'other-ip', window, start + 40), { ok: true });
});

test('the failure count slides: the previous window counts for the share still inside the last hour', async (t) => {
  const db = await freshDatabase(t);
  const window = { maxFailures: 4, windowSeconds: 100 };
  const start = 100 * 18_000_000;
  await recordFailures(db, 'ip', window, 4, start + 90);
  // 25 s into the next window, 4 × 75% = 3 failures still count; one more reaches the limit.
  assert.deepEqual(await checkFailures(db, 'ip', window, start + 125), { ok: true });
  await recordFailure(db, 'ip', window, start + 125);
  assert.equal((await checkFailures(db, 'ip', window, start + 125)).ok, false);
});

test("a refused address's wait ends exactly when the estimate drops below the limit", async (t) => {
  const db = await freshDatabase(t);
  const window = { maxFailures: 5, windowSeconds: 60 };
  const start = 60 * 30_000_000;
  const scenarios = [
    { previous: 0, current: 5, at: 10 },
    { previous: 7, current: 0, at: 5 },
    { previous: 4, current: 3, at: 20 },
    { previous: 9, current: 6, at: 59 },
  ];
  for (const [index, scenario] of scenarios.entries()) {
    const key = `ip-${index}`;
    await recordFailures(db, key, window, scenario.previous, start - 1);
    await recordFailures(db, key, window, scenario.current, start);
    const now = start + scenario.at;
    const refused = await checkFailures(db, key, window, now);
    assert.ok(!refused.ok, JSON.stringify(scenario));
    const wait = refused.retryAfterSeconds;
    assert.equal((await checkFailures(db, key, window, now + wait - 1)).ok, false, JSON.stringify(scenario));
    assert.equal((await checkFailures(db, key, window, now + wait)).ok, true, JSON.stringify(scenario));
  }
});

test('no lockout is permanent: two quiet windows later the address may try again', async (t) => {
  const db = await freshDatabase(t);
  const window = defaults.signIn.failuresPerIp;
  await recordFailures(db, 'ip', window, 200, NOW);
  assert.equal((await checkFailures(db, 'ip', window, NOW)).ok, false);
  assert.equal((await checkFailures(db, 'ip', window, NOW + 2 * window.windowSeconds)).ok, true);
});

test('stale rate-limit rows are deleted and recent ones kept', async (t) => {
  const db = await freshDatabase(t);
  const bucket = { capacity: 1, refillIntervalSeconds: 60 };
  await consumeToken(db, 'old', bucket, NOW - 1000);
  await consumeToken(db, 'new', bucket, NOW - 10);
  assert.equal(await deleteStaleRateLimits(db, 500, NOW), 1);
  assert.deepEqual(await db.all('SELECT key FROM rate_limits'), [{ key: 'new' }]);
  assert.equal(rateLimitRetentionSeconds(defaults), 7200);
});

test('the sixth sign-in attempt in a row from one address on one account is refused for a minute', async (t) => {
  const db = await freshDatabase(t);
  const attempt = { username: 'Ada', ip: '203.0.113.9' };
  for (let n = 0; n < 5; n += 1) assert.deepEqual(await limitSignIn(db, attempt, defaults, NOW), { ok: true });
  assert.deepEqual(await limitSignIn(db, { username: 'ADA', ip: attempt.ip }, defaults, NOW), {
    ok: false,
    retryAfterSeconds: 60,
    message: 'Too many sign-in attempts for this account. Try again in 1 minute.',
  });
  assert.deepEqual(await limitSignIn(db, attempt, defaults, NOW + 60), { ok: true });
  assert.deepEqual(await limitSignIn(db, { username: 'bob', ip: attempt.ip }, defaults, NOW), { ok: true });
  assert.deepEqual(await limitSignIn(db, { username: 'ada', ip: '198.51.100.1' }, defaults, NOW), { ok: true });
});

test('five failures on an account hold back only the addresses that have failed', async (t) => {
  const db = await freshDatabase(t);
  const attacker = { username: 'ada', ip: '203.0.113.9' };
  for (let n = 0; n < 5; n += 1) {
    assert.deepEqual(await limitSignIn(db, attacker, defaults, NOW), { ok: true });
    await recordSignInFailure(db, attacker, defaults, NOW);
  }
  assert.deepEqual(await limitSignIn(db, { username: 'ada', ip: '203.0.113.9' }, defaults, NOW + 1), {
    ok: false,
    retryAfterSeconds: 59,
    message: 'Too many sign-in attempts for this account. Try again in 59 seconds.',
  });
  const owner = { username: 'ADA', ip: '198.51.100.1' };
  assert.deepEqual(await limitSignIn(db, owner, defaults, NOW + 1), { ok: true });
  assert.equal(
    (await limitSignIn(db, owner, defaults, NOW + 1)).ok,
    false,
    'one try at a time while the account is held',
  );
  await recordSignInSuccess(db, owner, defaults);
  assert.deepEqual(
    await limitSignIn(db, owner, defaults, NOW + 2),
    { ok: true },
    'a success gives the address its tries back',
  );
  assert.deepEqual(
    await limitSignIn(db, attacker, defaults, NOW + 60),
    { ok: true },
    'a minute on, the account has a try again',
  );
});

test('fifty failed sign-ins from one address in an hour shut it out for every account', async (t) => {
  const db = await freshDatabase(t);
  const ip = '203.0.113.9';
  for (let n = 0; n < 50; n += 1) await recordSignInFailure(db, { username: `name-${n}`, ip }, defaults, NOW);
  assert.deepEqual(await limitSignIn(db, { username: 'someone-new', ip }, defaults, NOW + 1), {
    ok: false,
    retryAfterSeconds: 3600,
    message: 'Too many failed sign-ins from your network. Try again in 1 hour.',
  });
  assert.equal((await limitSignIn(db, { username: 'someone-new', ip: '203.0.113.10' }, defaults, NOW + 1)).ok, true);
});

test('an IPv6 network of one /64 is one address to every per-address limit (issue 12.4)', async (t) => {
  const db = await freshDatabase(t);
  for (const ip of ['2001:db8:0:7::1', '2001:db8:0:7:a:b:c:d', '2001:db8:0:7:ffff:ffff:ffff:fffe']) {
    assert.deepEqual(await limitSignUp(db, { ip }, defaults, NOW), { ok: true });
  }
  assert.equal((await limitSignUp(db, { ip: '2001:db8:0:7::9' }, defaults, NOW)).ok, false);
  assert.equal((await limitSignUp(db, { ip: '2001:db8:0:8::9' }, defaults, NOW)).ok, true, 'the next /64 is another');

  for (let n = 0; n < 50; n += 1) {
    await recordSignInFailure(db, { username: `name-${n}`, ip: `2001:db8:0:7::${n.toString(16)}` }, defaults, NOW);
  }
  const refused = await limitSignIn(db, { username: 'someone', ip: '2001:db8:0:7:1:2:3:4' }, defaults, NOW);
  assert.match(refused.ok ? '' : refused.message, /^Too many failed sign-ins from your network\./);
  assert.equal((await limitSignIn(db, { username: 'someone', ip: '203.0.113.7' }, defaults, NOW)).ok, true);
});

test('sign-up allows three accounts from one address at once, then one every ten seconds', async (t) => {
  const db = await freshDatabase(t);
  const ip = { ip: '203.0.113.9' };
  for (let n = 0; n < 3; n += 1) assert.deepEqual(await limitSignUp(db, ip, defaults, NOW), { ok: true });
  assert.deepEqual(await limitSignUp(db, ip, defaults, NOW + 4), {
    ok: false,
    retryAfterSeconds: 6,
    message: 'Too many new accounts from your network. Try again in 6 seconds.',
  });
  assert.deepEqual(await limitSignUp(db, ip, defaults, NOW + 10), { ok: true });
  assert.equal((await limitSignUp(db, ip, defaults, NOW + 11)).ok, false);
});

test('with RATE_LIMITS=off nothing is limited or recorded, and a warning says so', async (t) => {
  const db = await freshDatabase(t);
  const { config, warnings } = readLimitsConfig({ RATE_LIMITS: 'off' });
  assert.equal(config.rateLimits, false);
  assert.match(warnings.join('\n'), /RATE_LIMITS=off: every rate limit is disabled/);
  for (let n = 0; n < 100; n += 1) {
    await recordSignInFailure(db, { username: 'ada', ip: '203.0.113.9' }, config, NOW);
    assert.deepEqual(await limitSignIn(db, { username: 'ada', ip: '203.0.113.9' }, config, NOW), { ok: true });
    assert.deepEqual(await limitSignUp(db, { ip: '203.0.113.9' }, config, NOW), { ok: true });
  }
  assert.deepEqual(await db.all('SELECT key FROM rate_limits'), []);
});

test('the defaults are the issue’s limits, with no warning', () => {
  const { config, warnings } = readLimitsConfig({});
  assert.deepEqual(warnings, []);
  assert.equal(config.rateLimits, true);
  assert.deepEqual(config.signIn, {
    perAccount: { capacity: 5, refillIntervalSeconds: 60 },
    failuresPerIp: { maxFailures: 50, windowSeconds: 3600 },
  });
  assert.deepEqual(config.signUp, { perIp: { capacity: 3, refillIntervalSeconds: 10 } });
  assert.equal(config.comments.minIntervalSeconds, 15);
  assert.equal(config.comments.duplicateWindowSeconds, 6 * 3600);
  assert.equal(config.comments.maxLinks, 2);
  assert.ok(config.comments.bannedWords.phrases.length > 0);
  assert.equal(config.premoderation, 'off');
  assert.equal(config.reportHideThreshold, 3);
  assert.deepEqual(config.trustedProxies, []);
});

test('every setting can be changed through its environment variable', async (t) => {
  const directory = await mkdtemp(join(tmpdir(), 'limits-'));
  t.after(() => rm(directory, { recursive: true, force: true }));
  const words = join(directory, 'words.txt');
  await writeFile(words, '# ours\nfoo\n');
  const { config } = readLimitsConfig({
    SIGN_IN_ATTEMPTS: '10',
    SIGN_IN_REFILL_SECONDS: '30',
    SIGN_IN_FAILURES_PER_IP: '20',
    SIGN_IN_FAILURE_WINDOW_SECONDS: '600',
    SIGN_UP_BURST: '1',
    SIGN_UP_REFILL_SECONDS: '60',
    COMMENT_INTERVAL_SECONDS: '0',
    COMMENT_DUPLICATE_WINDOW_SECONDS: '60',
    COMMENT_MAX_LINKS: '5',
    BANNED_WORDS_FILE: words,
    PREMODERATION: 'First',
    REPORT_HIDE_THRESHOLD: '5',
    TRUSTED_PROXY: '127.0.0.1, 10.0.0.0/8',
  });
  assert.deepEqual(config.signIn.perAccount, { capacity: 10, refillIntervalSeconds: 30 });
  assert.deepEqual(config.signIn.failuresPerIp, { maxFailures: 20, windowSeconds: 600 });
  assert.deepEqual(config.signUp.perIp, { capacity: 1, refillIntervalSeconds: 60 });
  assert.equal(config.comments.minIntervalSeconds, 0);
  assert.equal(config.comments.duplicateWindowSeconds, 60);
  assert.equal(config.comments.maxLinks, 5);
  assert.equal(config.comments.bannedWordsFile, words);
  assert.deepEqual(config.comments.bannedWords.phrases, ['foo']);
  assert.equal(config.premoderation, 'first');
  assert.equal(config.reportHideThreshold, 5);
  assert.deepEqual(config.trustedProxies, ['127.0.0.1', '10.0.0.0/8']);
  assert.deepEqual(readLimitsConfig({ BANNED_WORDS_FILE: 'off' }).config.comments.bannedWords.phrases, []);
});

test('an invalid setting stops the server with a message naming the variable', () => {
  assert.throws(
    () => readLimitsConfig({ SIGN_IN_ATTEMPTS: '0' }),
    /SIGN_IN_ATTEMPTS must be a whole number of at least 1, not "0"/,
  );
  assert.throws(() => readLimitsConfig({ COMMENT_MAX_LINKS: '2.5' }), /COMMENT_MAX_LINKS must be a whole number/);
  assert.throws(() => readLimitsConfig({ PREMODERATION: 'sometimes' }), /PREMODERATION must be one of off, first, all/);
  assert.throws(() => readLimitsConfig({ RATE_LIMITS: 'no' }), /RATE_LIMITS must be one of on, off/);
  assert.throws(() => readLimitsConfig({ TRUSTED_PROXY: 'localhost' }), /TRUSTED_PROXY .* "localhost" is neither/);
  assert.throws(() => readLimitsConfig({ BANNED_WORDS_FILE: '/no/such/file.txt' }), /BANNED_WORDS_FILE: cannot read/);
});

test('waits read the way a person would say them', () => {
  assert.equal(formatDuration(1), '1 second');
  assert.equal(formatDuration(45), '45 seconds');
  assert.equal(formatDuration(60), '1 minute');
  assert.equal(formatDuration(61), '2 minutes');
  assert.equal(formatDuration(3600), '1 hour');
  assert.equal(formatDuration(6 * 3600), '6 hours');
});
