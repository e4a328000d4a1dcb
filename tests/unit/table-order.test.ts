import assert from 'node:assert/strict';
import { join } from 'node:path';
import test, { type TestContext } from 'node:test';
import { listTablesToCopy } from '../../src/server/db/copy.ts';
import type { Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { openSqliteDatabase } from '../../src/server/db/sqlite.ts';
import { listTablesParentsFirst } from '../../src/server/db/table-order.ts';
import { createTempDirectory } from './test-db.ts';

/** db:copy reads its tables from a SQLite source, so these run on SQLite whatever TEST_DATABASE_URL says. */
async function openSqlite(t: TestContext): Promise<Database> {
  const directory = await createTempDirectory();
  const db = openSqliteDatabase(join(directory.path, 'source.sqlite'));
  t.after(async () => {
    await db.close();
    await directory.cleanup();
  });
  return db;
}

test('the tables to copy are read from the schema, parents first, without schema_migrations', async (t) => {
  const db = await openSqlite(t);
  await migrate(db);
  const tables = await listTablesToCopy(db);
  assert.deepEqual(tables.slice(0, 2), ['users', 'sessions']);
  // Migration 3 made comments again after rate_limits; it still comes after the users it references.
  assert.ok(tables.indexOf('comments') > tables.indexOf('users'));
  for (const table of ['rate_limits', 'reports', 'audit_log']) assert.ok(tables.includes(table), table);
  assert.ok(!tables.includes('schema_migrations'));
  assert.ok(tables.indexOf('reports') > tables.indexOf('comments'));
});

/** A SQLite database holding only the tables `schema` creates. */
async function openSqliteWith(t: TestContext, schema: string): Promise<Database> {
  const db = await openSqlite(t);
  await db.exec(schema);
  return db;
}

test('a table created before the table it references still comes after it', async (t) => {
  const db = await openSqliteWith(
    t,
    `CREATE TABLE grandchild (id INTEGER PRIMARY KEY, child_id INTEGER REFERENCES child (id));
     CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES Parent (id));
     CREATE TABLE loner (id INTEGER PRIMARY KEY);
     CREATE TABLE parent (id INTEGER PRIMARY KEY);`,
  );
  assert.deepEqual(await listTablesParentsFirst(db), ['loner', 'parent', 'child', 'grandchild']);
});

test('a table that references itself, or a table that is not there, is ordered as if it did not', async (t) => {
  const db = await openSqliteWith(
    t,
    `CREATE TABLE replies (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES replies (id));
     CREATE TABLE drafts (id INTEGER PRIMARY KEY, lost_id INTEGER REFERENCES gone (id));`,
  );
  assert.deepEqual(await listTablesParentsFirst(db), ['replies', 'drafts']);
});

test('tables that reference each other in a circle are refused, named', async (t) => {
  const db = await openSqliteWith(
    t,
    `CREATE TABLE eggs (id INTEGER PRIMARY KEY, hen_id INTEGER REFERENCES hens (id));
     CREATE TABLE hens (id INTEGER PRIMARY KEY, egg_id INTEGER REFERENCES eggs (id));
     CREATE TABLE barns (id INTEGER PRIMARY KEY);`,
  );
  await assert.rejects(listTablesParentsFirst(db), /circle.*: eggs, hens\.$/);
});
