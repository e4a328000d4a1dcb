import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPostgresDatabase } from './postgres.ts';
import { openSqliteDatabase } from './sqlite.ts';

export interface OpenDatabaseOptions {
  /** Directory holding `newsroom.sqlite`; created when missing. Unused on PostgreSQL. */
  dataDir: string;
  /** A postgres:// or postgresql:// URL selects PostgreSQL; anything else, the SQLite file. */
  databaseUrl?: string | null;
}

/** Opens the database the server runs on and brings its schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const databaseUrl = options.databaseUrl ?? '';
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    const db = openPostgresDatabase(databaseUrl);
    return migrateOrClose(db, () => db.withMigrationLock(() => migrate(db)));
  }
  await mkdir(options.dataDir, { recursive: true });
  const db = openSqliteDatabase(join(options.dataDir, 'newsroom.sqlite'));
  return migrateOrClose(db, () => migrate(db));
}

async function migrateOrClose(db: Database, migrateSchema: () => Promise<unknown>): Promise<Database> {
  try {
    await migrateSchema();
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
