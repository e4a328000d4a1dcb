/**
 * An empty database on each storage driver with a few tables of its own rather than the product's
 * schema, for the tests of the drivers themselves (storage-contract.test.ts, sqlite.test.ts,
 * postgres.test.ts). SQLite is always there; PostgreSQL only when TEST_DATABASE_URL names a server.
 */
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { Database } from '../../src/server/db/database.ts';
import { openPostgresDatabase } from '../../src/server/db/postgres.ts';
import { openSqliteDatabase } from '../../src/server/db/sqlite.ts';
import { createTempDirectory, createTestSchema, testDatabaseUrl } from './test-db.ts';

export interface StorageDriver {
  name: 'SQLite' | 'PostgreSQL';
  /** Why this driver's tests cannot run here, or false when they can. */
  skip: string | false;
  openScratchDatabase: (t: TestContext) => Promise<Database>;
}

const scratchTables = {
  sqlite: `
    CREATE TABLE events (id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT;
    CREATE TABLE notes (id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events (id)) STRICT;
    CREATE TABLE files (id INTEGER PRIMARY KEY, body BLOB NOT NULL) STRICT;
    CREATE TABLE stamps (id INTEGER PRIMARY KEY, at INTEGER NOT NULL) STRICT;
    CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL) STRICT;
    INSERT INTO counter VALUES (1, 0);`,
  postgres: `
    CREATE TABLE events (id BIGSERIAL PRIMARY KEY, label TEXT NOT NULL);
    CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, event_id BIGINT NOT NULL REFERENCES events (id));
    CREATE TABLE files (id BIGSERIAL PRIMARY KEY, body BYTEA NOT NULL);
    CREATE TABLE stamps (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL);
    CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO counter VALUES (1, 0);`,
};

export async function openSqliteScratchDatabase(t: TestContext): Promise<Database> {
  const directory = await createTempDirectory();
  const db = openSqliteDatabase(join(directory.path, 'scratch.sqlite'));
  t.after(async () => {
    await db.close().catch(() => undefined);
    await directory.cleanup();
  });
  await db.exec(scratchTables.sqlite);
  return db;
}

export async function openPostgresScratchDatabase(t: TestContext): Promise<Database> {
  const schema = await createTestSchema(testDatabaseUrl ?? '');
  const db = openPostgresDatabase(schema.url);
  t.after(async () => {
    await db.close().catch(() => undefined);
    await schema.drop();
  });
  await db.exec(scratchTables.postgres);
  return db;
}

/** Why the PostgreSQL driver's tests cannot run here, or false when they can. */
export const postgresSkip: string | false =
  testDatabaseUrl === null ? 'PostgreSQL only: TEST_DATABASE_URL is not set' : false;

export const storageDrivers: readonly StorageDriver[] = [
  { name: 'SQLite', skip: false, openScratchDatabase: openSqliteScratchDatabase },
  { name: 'PostgreSQL', skip: postgresSkip, openScratchDatabase: openPostgresScratchDatabase },
];

/** The labels in the events table, oldest first. */
export async function labels(db: Database): Promise<string[]> {
  const rows = await db.all<{ label: string }>('SELECT label FROM events ORDER BY id');
  return rows.map((row) => row.label);
}
