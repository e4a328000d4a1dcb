import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import type { Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { migrations } from '../../src/server/db/migrations.ts';
import type { Migration } from '../../src/server/db/migrations.ts';
import { openDatabase } from '../../src/server/db/open.ts';
import { createTempDirectory, createTestDatabase } from './test-db.ts';

const allVersions = migrations.map((migration) => migration.version);

async function hasRelation(db: Database, name: string): Promise<boolean> {
  const row = await db.get(
    db.dialect === 'sqlite'
      ? 'SELECT name FROM sqlite_master WHERE name = ?'
      : 'SELECT relname FROM pg_class WHERE oid = to_regclass(?)',
    [name],
  );
  return row !== null;
}

test('a new database gets every migration, each recorded with its name', async (t) => {
  const { db, cleanup } = await createTestDatabase({ migrated: false });
  t.after(cleanup);
  assert.deepEqual(await migrate(db), allVersions);
  const recorded = await db.all<{ version: number; name: string; applied_at: number }>(
    'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
  );
  assert.deepEqual(
    recorded.map(({ version, name }) => ({ version, name })),
    migrations.map(({ version, name }) => ({ version, name })),
  );
  for (const row of recorded) {
    assert.ok(Math.abs(row.applied_at - Date.now() / 1000) < 60);
  }
  assert.ok(await hasRelation(db, 'users'));
});

test('running migrations a second time applies nothing', async (t) => {
  const { db, cleanup } = await createTestDatabase({ migrated: false });
  t.after(cleanup);
  await migrate(db);
  assert.deepEqual(await migrate(db), []);
  const count = await db.get<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
  assert.deepEqual(count, { n: migrations.length });
});

test('a migration added later is the only one applied', async (t) => {
  const { db, cleanup } = await createTestDatabase({ migrated: false });
  t.after(cleanup);
  await migrate(db);
  const later: Migration = {
    version: 1000,
    name: 'tags',
    sqlite: 'CREATE TABLE tags (id INTEGER PRIMARY KEY); CREATE INDEX tags_id ON tags (id);',
    postgres: 'CREATE TABLE tags (id BIGSERIAL PRIMARY KEY); CREATE INDEX tags_id ON tags (id);',
  };
  assert.deepEqual(await migrate(db, [...migrations, later]), [1000]);
  assert.ok(await hasRelation(db, 'tags_id'));
});

test('a failing migration leaves no trace and stops the ones after it', async (t) => {
  const { db, cleanup } = await createTestDatabase({ migrated: false });
  t.after(cleanup);
  const broken: Migration[] = [
    {
      version: 1,
      name: 'half',
      sqlite: 'CREATE TABLE half (id INTEGER); CREATE TABLE;',
      postgres: 'CREATE TABLE half (id INTEGER); CREATE TABLE;',
    },
    {
      version: 2,
      name: 'after',
      sqlite: 'CREATE TABLE after (id INTEGER);',
      postgres: 'CREATE TABLE after (id INTEGER);',
    },
  ];
  await assert.rejects(migrate(db, broken));
  assert.equal(await hasRelation(db, 'half'), false);
  assert.equal(await hasRelation(db, 'after'), false);
  assert.deepEqual(await db.all('SELECT version FROM schema_migrations'), []);
});

test('migrations listed out of order are refused before anything runs', async (t) => {
  const { db, cleanup } = await createTestDatabase({ migrated: false });
  t.after(cleanup);
  const shuffled: Migration[] = [
    { version: 2, name: 'b', sqlite: 'CREATE TABLE b (id INTEGER);', postgres: '' },
    { version: 1, name: 'a', sqlite: 'CREATE TABLE a (id INTEGER);', postgres: '' },
  ];
  await assert.rejects(migrate(db, shuffled), /out of order/);
  assert.equal(await hasRelation(db, 'b'), false);
});

test('opening the database creates the data directory and brings the schema up to date', async (t) => {
  const directory = await createTempDirectory();
  const dataDir = join(directory.path, 'nested', 'data');
  const db = await openDatabase({ dataDir });
  t.after(async () => {
    await db.close();
    await directory.cleanup();
  });
  assert.ok((await stat(join(dataDir, 'newsroom.sqlite'))).isFile());
  assert.deepEqual(await migrate(db), []);
});
