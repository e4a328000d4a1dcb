import { resolve } from 'node:path';
import { readLimitsConfig, type LimitsConfig } from '../abuse/limits-config.ts';
import { siteUrl } from './site-url.ts';
import { COMMENT_SORTS, parseCommentSort, type CommentSort } from '../comments/thread-page.ts';

/** Everything the server reads from its environment, checked once at start. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Public origin, e.g. https://news.example; decides canonical URLs and secure cookies. */
  siteOrigin: string;
  /**
   * Origins a state-changing request may come from (src/server/http/same-origin.ts): SITE_URL's,
   * to which src/server/http/server.ts adds the address it listens on. Never the Host header.
   */
  allowedOrigins: readonly string[];
  secure: boolean;
  dataDir: string;
  databaseUrl: string | null;
  limits: LimitsConfig;
  /** STAFF_TWO_FACTOR: with `required`, moderators and admins set up two-factor sign-in before /moderation/ opens. */
  staffTwoFactor: 'optional' | 'required';
  mail: MailConfig;
  /** COMMENTS_CLOSE_AFTER_DAYS: days after publishing that a story without `comments:` stops taking them. */
  commentsCloseAfterDays: number | null;
  /** The order of a story's comments for a reader who has not chosen one (COMMENT_SORT). */
  commentSort: CommentSort;
  /** Settings that weaken the site, for the server to print loudly at start. */
  warnings: string[];
}

/** How mail leaves (src/server/mail/): README "Mail". */
export interface MailConfig {
  /** SMTP_URL, e.g. smtp://user:pass@host:587; null writes `.eml` files into DATA_DIR/outbox/. */
  smtpUrl: string | null;
  /** MAIL_FROM, or no-reply at SITE_URL's host. */
  from: string;
  /** MAIL_SECRET, the key of unsubscribe links; null lets the database keep a generated one. */
  secret: string | null;
}

export function readServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const port = Number(env.PORT ?? '4321');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not "${env.PORT}".`);
  }
  let siteOrigin: string;
  try {
    siteOrigin = siteUrl(env);
  } catch {
    throw new Error(`SITE_URL must be an absolute URL such as https://news.example, not "${env.SITE_URL}".`);
  }
  const databaseUrl = env.DATABASE_URL === undefined || env.DATABASE_URL === '' ? null : env.DATABASE_URL;
  const { config: limits, warnings } = readLimitsConfig(env);
  const staffTwoFactor = env.STAFF_TWO_FACTOR?.trim().toLowerCase() || 'optional';
  if (staffTwoFactor !== 'optional' && staffTwoFactor !== 'required') {
    throw new Error(`STAFF_TWO_FACTOR must be optional or required, not "${env.STAFF_TWO_FACTOR}".`);
  }
  const mail: MailConfig = {
    smtpUrl: nonEmpty(env.SMTP_URL),
    from: nonEmpty(env.MAIL_FROM) ?? `no-reply@${new URL(siteOrigin).hostname}`,
    secret: nonEmpty(env.MAIL_SECRET),
  };
  const commentSort = parseCommentSort(env.COMMENT_SORT ?? 'oldest');
  if (commentSort === null) {
    throw new Error(`COMMENT_SORT must be one of ${COMMENT_SORTS.join(', ')}, not "${env.COMMENT_SORT}".`);
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    siteOrigin,
    allowedOrigins: [siteOrigin],
    secure: siteOrigin.startsWith('https:'),
    dataDir: resolve(env.DATA_DIR ?? './data'),
    databaseUrl,
    limits,
    staffTwoFactor,
    mail,
    commentsCloseAfterDays: readCloseAfterDays(env.COMMENTS_CLOSE_AFTER_DAYS),
    commentSort,
    warnings,
  };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function readCloseAfterDays(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 36_500) {
    throw new Error(`COMMENTS_CLOSE_AFTER_DAYS must be a whole number of days from 1 to 36500, not "${value}".`);
  }
  return Number(value);
}
