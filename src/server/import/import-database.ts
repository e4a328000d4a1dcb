import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { openSqliteDatabase } from '../db/sqlite.ts';

/**
 * An import is one transaction of many thousand statements, far past the 5 seconds SQLite gives a
 * request's transaction; it may hold the write lock for as long as it needs (a running server's
 * writes wait, then fail, meanwhile). PostgreSQL has no such limit.
 */
const importTransactionMs = 30 * 60 * 1000;

export async function openImportDatabase(options: { dataDir: string; databaseUrl: string | null }): Promise<Database> {
  if (options.databaseUrl !== null && /^postgres(ql)?:\/\//i.test(options.databaseUrl)) return openDatabase(options);
  await mkdir(options.dataDir, { recursive: true });
  const db = openSqliteDatabase(join(options.dataDir, 'newsroom.sqlite'), {
    transactionTimeoutMs: importTransactionMs,
  });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
