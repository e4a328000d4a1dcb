import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { openSqliteDatabase } from '../../src/server/db/sqlite.ts';

export interface TestDatabase {
  db: Database;
  cleanup: () => Promise<void>;
}

export interface TempDirectory {
  path: string;
  cleanup: () => Promise<void>;
}

export async function createTempDirectory(): Promise<TempDirectory> {
  const path = await mkdtemp(join(tmpdir(), 'newsroom-test-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/**
 * A fresh database for one test, migrated unless asked not to be. It is a SQLite file in its own
 * temp directory; a PostgreSQL run would branch here on its connection URL and give each test a
 * schema of its own, leaving the tests that call this unchanged.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const directory = await createTempDirectory();
  const db = openSqliteDatabase(join(directory.path, 'test.sqlite'));
  if (options.migrated !== false) {
    await migrate(db);
  }
  return {
    db,
    cleanup: async () => {
      await db.close();
      await directory.cleanup();
    },
  };
}
