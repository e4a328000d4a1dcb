import { systemClock, type Clock } from './clock.ts';
import type { ServerConfig } from './config.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { createThreadCache, type ThreadCache } from '../views/thread-cache.ts';
import { createCommentCounts, type CommentCounts } from '../comments/counts.ts';

/** What every request handler shares: made once per process and handed to Astro as locals. */
export interface Services {
  config: ServerConfig;
  db: Database;
  threads: ThreadCache;
  clock: Clock;
  commentCounts: CommentCounts;
}

export async function createServices(config: ServerConfig, clock: Clock = systemClock): Promise<Services> {
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  return { config, db, threads: createThreadCache(), clock, commentCounts: createCommentCounts() };
}
