import type { ServerConfig } from './config/config.ts';
import type { Database } from './db/database.ts';
import { openDatabase } from './db/open.ts';

/** What every request handler shares: made once per process and handed to Astro as locals. */
export interface Services {
  config: ServerConfig;
  db: Database;
}

export async function createServices(config: ServerConfig): Promise<Services> {
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  return { config, db };
}
