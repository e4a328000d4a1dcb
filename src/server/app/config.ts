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
  /** The order of a story's comments for a reader who has not chosen one (COMMENT_SORT). */
  commentSort: CommentSort;
  /** Settings that weaken the site, for the server to print loudly at start. */
  warnings: string[];
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
    commentSort,
    warnings,
  };
}
