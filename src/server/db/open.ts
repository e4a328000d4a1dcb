import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openSqliteDatabase } from './sqlite.ts';

export interface OpenDatabaseOptions {
  /** Directory holding `newsroom.sqlite`; created when missing. */
  dataDir: string;
}

/** Opens the database the server runs on and brings its schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  await mkdir(options.dataDir, { recursive: true });
  const db = openSqliteDatabase(join(options.dataDir, 'newsroom.sqlite'));
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
