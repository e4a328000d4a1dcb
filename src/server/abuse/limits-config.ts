/**
 * Abuse limits and moderation settings, read once at start. Defaults follow issue 4 (after
 * Drupal, WordPress, Coral and the Lucia author); each has an environment variable:
 *
 *   RATE_LIMITS=off                   turns off every rate limit below, for local tests and benchmarks
 *   SIGN_IN_ATTEMPTS=5                sign-in attempts per account and address, and failures per account, at once ...
 *   SIGN_IN_REFILL_SECONDS=60         ... then one more every 60 s (account-limits.ts says how they combine)
 *   SIGN_IN_FAILURES_PER_IP=50        failed sign-ins per address ...
 *   SIGN_IN_FAILURE_WINDOW_SECONDS=3600  ... in any hour (sliding, so no lockout lasts)
 *   TWO_FACTOR_ATTEMPTS=5             two-factor codes per account at once (sign-in, turning it off) ...
 *   TWO_FACTOR_REFILL_SECONDS=300     ... then one more every 5 minutes; failures count against the address as sign-ins do
 *   SIGN_UP_BURST=3                   accounts per address at once ...
 *   SIGN_UP_REFILL_SECONDS=10         ... then one more every 10 s
 *   COMMENT_INTERVAL_SECONDS=15       between two comments of one account (0: no limit)
 *   COMMENT_DUPLICATE_WINDOW_SECONDS=21600  the same text again is refused for 6 h (0: no limit)
 *   COMMENT_MAX_LINKS=2               more links than this sends a comment to the queue
 *   BANNED_WORDS_FILE=src/server/data/banned-words.txt  a banned word sends a comment to the queue (off: no list)
 *   PREMODERATION=off                 off | first (a new account's first comment waits) | all
 *   REPORT_HIDE_THRESHOLD=3           reports that hide a comment until a moderator decides ...
 *   REPORT_MIN_ACCOUNT_AGE_HOURS=24   ... counting only accounts this old with a comment on show
 *   REPORTS_PER_HOUR=10               reports per account at once, then one more every 3600/10 s
 *   REPORTS_PER_HOUR_PER_IP=30        reports per address at once, then one more every 3600/30 s
 *   TRUSTED_PROXY=                    proxy addresses or CIDR ranges whose X-Forwarded-For is believed
 *
 * Moderators and admins are exempt from the comment limits, the queue rules and premoderation.
 */
import { resolve } from 'node:path';
import { defaultBannedWordsFile, loadBannedWords, parseBannedWords, type BannedWords } from './banned-words.ts';
import { parseTrustedProxies } from './client-ip.ts';
import type { FailureWindow, TokenBucket } from './rate-limit.ts';

export type PremoderationMode = 'off' | 'first' | 'all';

export interface LimitsConfig {
  /** False with RATE_LIMITS=off: sign-in, sign-up, comment interval, duplicate and report limits are off. */
  rateLimits: boolean;
  signIn: { perAccount: TokenBucket; failuresPerIp: FailureWindow };
  /** Six digits are guessed in a million tries at most, so codes get a slower bucket than passwords. */
  twoFactor: { perAccount: TokenBucket };
  signUp: { perIp: TokenBucket };
  comments: {
    minIntervalSeconds: number;
    duplicateWindowSeconds: number;
    maxLinks: number;
    bannedWordsFile: string | null;
    bannedWords: BannedWords;
  };
  premoderation: PremoderationMode;
  reportHideThreshold: number;
  reportMinAccountAgeHours: number;
  reports: { perAccount: TokenBucket; perIp: TokenBucket };
  likes: { perAccount: TokenBucket };
  trustedProxies: readonly string[];
}

export interface LimitsConfigReading {
  config: LimitsConfig;
  /** For the server to print where nobody can miss it when it starts. */
  warnings: string[];
}

const premoderationModes: readonly PremoderationMode[] = ['off', 'first', 'all'];

/**
 * Throws with a message naming the variable when a value is invalid or the banned-words file
 * cannot be read. Call it where the server starts (scripts/start.ts), not in a page: Astro bundles
 * src/server, and the default list is found next to this file's source.
 */
export function readLimitsConfig(env: NodeJS.ProcessEnv): LimitsConfigReading {
  const warnings: string[] = [];
  const rateLimits = readChoice(env, 'RATE_LIMITS', ['on', 'off'], 'on') === 'on';
  if (!rateLimits) {
    warnings.push(
      'RATE_LIMITS=off: every rate limit is disabled (sign-in, sign-up, comment interval, duplicate comments, reports). ' +
        'Use this only for local testing and benchmarks.',
    );
  }
  const bannedWordsSetting = value(env, 'BANNED_WORDS_FILE');
  const bannedWordsFile =
    bannedWordsSetting === 'off'
      ? null
      : bannedWordsSetting === null
        ? defaultBannedWordsFile
        : resolve(bannedWordsSetting);
  const trusted = parseTrustedProxies(value(env, 'TRUSTED_PROXY') ?? '');
  if (!trusted.ok) {
    throw new Error(
      `TRUSTED_PROXY must list IP addresses or CIDR ranges separated by commas; "${trusted.entry}" is neither.`,
    );
  }

  const config: LimitsConfig = {
    rateLimits,
    signIn: {
      perAccount: {
        capacity: readWholeNumber(env, 'SIGN_IN_ATTEMPTS', 5, 1),
        refillIntervalSeconds: readWholeNumber(env, 'SIGN_IN_REFILL_SECONDS', 60, 1),
      },
      failuresPerIp: {
        maxFailures: readWholeNumber(env, 'SIGN_IN_FAILURES_PER_IP', 50, 1),
        windowSeconds: readWholeNumber(env, 'SIGN_IN_FAILURE_WINDOW_SECONDS', 60 * 60, 1),
      },
    },
    twoFactor: {
      perAccount: {
        capacity: readWholeNumber(env, 'TWO_FACTOR_ATTEMPTS', 5, 1),
        refillIntervalSeconds: readWholeNumber(env, 'TWO_FACTOR_REFILL_SECONDS', 5 * 60, 1),
      },
    },
    signUp: {
      perIp: {
        capacity: readWholeNumber(env, 'SIGN_UP_BURST', 3, 1),
        refillIntervalSeconds: readWholeNumber(env, 'SIGN_UP_REFILL_SECONDS', 10, 1),
      },
    },
    comments: {
      minIntervalSeconds: readWholeNumber(env, 'COMMENT_INTERVAL_SECONDS', 15, 0),
      duplicateWindowSeconds: readWholeNumber(env, 'COMMENT_DUPLICATE_WINDOW_SECONDS', 6 * 60 * 60, 0),
      maxLinks: readWholeNumber(env, 'COMMENT_MAX_LINKS', 2, 0),
      bannedWordsFile,
      bannedWords: bannedWordsFile === null ? parseBannedWords('') : readBannedWords(bannedWordsFile),
    },
    premoderation: readChoice(env, 'PREMODERATION', premoderationModes, 'off'),
    reportHideThreshold: readWholeNumber(env, 'REPORT_HIDE_THRESHOLD', 3, 1),
    reportMinAccountAgeHours: readWholeNumber(env, 'REPORT_MIN_ACCOUNT_AGE_HOURS', 24, 0),
    reports: {
      perAccount: perHour(readWholeNumber(env, 'REPORTS_PER_HOUR', 10, 1)),
      perIp: perHour(readWholeNumber(env, 'REPORTS_PER_HOUR_PER_IP', 30, 1)),
    },
    likes: { perAccount: perHour(readWholeNumber(env, 'LIKES_PER_HOUR', 600, 1)) },
    trustedProxies: trusted.proxies,
  };
  return { config, warnings };
}

/** How long a rate-limit row must be kept: the longest refill of a bucket, two failure windows. */
export function rateLimitRetentionSeconds(config: LimitsConfig): number {
  const { signIn, signUp, comments, reports, likes } = config;
  return Math.max(
    signIn.perAccount.capacity * signIn.perAccount.refillIntervalSeconds,
    2 * signIn.failuresPerIp.windowSeconds,
    config.twoFactor.perAccount.capacity * config.twoFactor.perAccount.refillIntervalSeconds,
    signUp.perIp.capacity * signUp.perIp.refillIntervalSeconds,
    comments.minIntervalSeconds,
    reports.perAccount.capacity * reports.perAccount.refillIntervalSeconds,
    reports.perIp.capacity * reports.perIp.refillIntervalSeconds,
    likes.perAccount.capacity * likes.perAccount.refillIntervalSeconds,
  );
}

/** A bucket of `count` that refills over an hour, so an hour never lets through more than twice `count`. */
function perHour(count: number): TokenBucket {
  return { capacity: count, refillIntervalSeconds: Math.ceil((60 * 60) / count) };
}

function value(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name]?.trim() ?? '';
  return raw === '' ? null : raw;
}

function readWholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = value(env, name);
  if (raw === null) return fallback;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(parsed) || parsed < min) {
    throw new Error(`${name} must be a whole number of at least ${min}, not "${raw}".`);
  }
  return parsed;
}

function readChoice<T extends string>(env: NodeJS.ProcessEnv, name: string, choices: readonly T[], fallback: T): T {
  const raw = value(env, name);
  if (raw === null) return fallback;
  const choice = choices.find((candidate) => candidate === raw.toLowerCase());
  if (choice === undefined) {
    throw new Error(`${name} must be one of ${choices.join(', ')}, not "${raw}".`);
  }
  return choice;
}

function readBannedWords(path: string): BannedWords {
  try {
    return loadBannedWords(path);
  } catch (error) {
    throw new Error(`BANNED_WORDS_FILE: cannot read "${path}" (${(error as Error).message}).`);
  }
}
