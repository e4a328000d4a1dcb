import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestContext } from 'node:test';
import type { Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { openPostgresDatabase } from '../../src/server/db/postgres.ts';
import { openSqliteDatabase } from '../../src/server/db/sqlite.ts';

export interface TestDatabase {
  db: Database;
  cleanup: () => Promise<void>;
}

export interface TempDirectory {
  path: string;
  cleanup: () => Promise<void>;
}

export interface TestSchema {
  /** The server URL with this schema first on the search path. */
  url: string;
  drop: () => Promise<void>;
}

/** The PostgreSQL server the storage tests run against, or null to run them on SQLite. */
export const testDatabaseUrl: string | null = process.env.TEST_DATABASE_URL || null;

let adminPool: pg.Pool | null = null;

export async function createTempDirectory(): Promise<TempDirectory> {
  const path = await mkdtemp(join(tmpdir(), 'newsroom-test-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/**
 * A fresh database for one test, migrated unless asked not to be. It is a SQLite file in its own
 * temp directory, or, when TEST_DATABASE_URL is set, a PostgreSQL schema of its own.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  if (testDatabaseUrl !== null) {
    const schema = await createTestSchema(testDatabaseUrl);
    const db = openPostgresDatabase(schema.url, { poolSize: 4 });
    return prepare(db, options, schema.drop);
  }
  const directory = await createTempDirectory();
  const db = openSqliteDatabase(join(directory.path, 'test.sqlite'));
  return prepare(db, options, directory.cleanup);
}

/** A new empty schema on the PostgreSQL server at `serverUrl`, dropped with everything in it. */
export async function createTestSchema(serverUrl: string): Promise<TestSchema> {
  adminPool ??= new pg.Pool({ connectionString: serverUrl, max: 2, allowExitOnIdle: true });
  const admin = adminPool;
  const name = `t_${randomBytes(8).toString('hex')}`;
  await admin.query(`CREATE SCHEMA ${name}`);
  const url = new URL(serverUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return { url: url.href, drop: async () => void (await admin.query(`DROP SCHEMA ${name} CASCADE`)) };
}

async function prepare(
  db: Database,
  options: { migrated?: boolean },
  removeStorage: () => Promise<void>,
): Promise<TestDatabase> {
  if (options.migrated !== false) {
    await migrate(db);
  }
  return {
    db,
    cleanup: async () => {
      await db.close();
      await removeStorage();
    },
  };
}

/** A fresh, migrated database for one test, cleaned up when the test ends. */
export async function freshDatabase(t: TestContext): Promise<Database> {
  const { db, cleanup } = await createTestDatabase();
  t.after(cleanup);
  return db;
}
