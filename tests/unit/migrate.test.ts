import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import test, { type TestContext } from 'node:test';
import type { Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { migrationChecksum, migrationSql, type Migration } from '../../src/server/db/migration.ts';
import { migrations } from '../../src/server/db/migrations.ts';
import { openDatabase, type OpenDatabaseOptions } from '../../src/server/db/open.ts';
import { openPostgresDatabase, type PostgresDatabase } from '../../src/server/db/postgres.ts';
import { openSqliteDatabase } from '../../src/server/db/sqlite.ts';
import { createTempDirectory, createTestDatabase, createTestSchema, testDatabaseUrl } from './test-db.ts';

const allVersions = migrations.map((migration) => migration.version);
const migrationsDir = resolve(import.meta.dirname, '../../src/server/db/migrations');

const notes: Migration = {
  version: 1,
  name: 'notes',
  sqlite: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)',
  postgres: 'CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT)',
};

/** SQL that each database refuses to run inside a transaction. */
const notesByBody: Migration = {
  version: 2,
  name: 'notes by body',
  outsideTransaction: true,
  sqlite: 'CREATE INDEX IF NOT EXISTS notes_body ON notes (body); VACUUM',
  postgres: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS notes_body ON notes (body)',
};

async function hasRelation(db: Database, name: string): Promise<boolean> {
  const row = await db.get(
    db.dialect === 'sqlite'
      ? 'SELECT name FROM sqlite_master WHERE name = ?'
      : 'SELECT relname FROM pg_class WHERE oid = to_regclass(?)',
    [name],
  );
  return row !== null;
}

async function recordedChecksums(db: Database): Promise<{ version: number; checksum: string | null }[]> {
  return db.all('SELECT version, checksum FROM schema_migrations ORDER BY version');
}

interface SharedStorage {
  /** What openDatabase is given to open it. */
  options: OpenDatabaseOptions;
  /** A connection of its own, closed when the test ends. */
  connect: () => Database;
  /** Opens a connection of its own, as a starting server does, and migrates it with `list`. */
  migrateAsNewProcess: (list: readonly Migration[]) => Promise<number[]>;
}

/** One database that several connections open, as several server processes would. */
async function createSharedStorage(t: TestContext): Promise<SharedStorage> {
  const opened: Database[] = [];
  if (testDatabaseUrl !== null) {
    const schema = await createTestSchema(testDatabaseUrl);
    t.after(async () => {
      await Promise.all(opened.map((db) => db.close()));
      await schema.drop();
    });
    return {
      options: { dataDir: '/nonexistent', databaseUrl: schema.url },
      connect: () => connect(),
      migrateAsNewProcess: (list) => {
        const db = connect();
        return db.withMigrationLock(() => migrate(db, list));
      },
    };
    function connect(): PostgresDatabase {
      const db = openPostgresDatabase(schema.url, { poolSize: 2 });
      opened.push(db);
      return db;
    }
  }
  const directory = await createTempDirectory();
  t.after(async () => {
    await Promise.all(opened.map((db) => db.close()));
    await directory.cleanup();
  });
  const connect = (): Database => {
    const db = openSqliteDatabase(join(directory.path, 'newsroom.sqlite'));
    opened.push(db);
    return db;
  };
  return { options: { dataDir: directory.path }, connect, migrateAsNewProcess: (list) => migrate(connect(), list) };
}

test('a new database gets every migration, each recorded with its name and checksum', async (t) => {
  const { db, cleanup } = await createTestDatabase({ migrated: false });
  t.after(cleanup);
  assert.deepEqual(await migrate(db), allVersions);
  const recorded = await db.all<{ version: number; name: string; applied_at: number; checksum: string }>(
    'SELECT version, name, applied_at, checksum FROM schema_migrations ORDER BY version',
  );
  assert.deepEqual(
    recorded.map(({ version, name, checksum }) => ({ version, name, checksum })),
    migrations.map((migration) => ({
      version: migration.version,
      name: migration.name,
      checksum: migrationChecksum(migration, db.dialect),
    })),
  );
  for (const row of recorded) {
    assert.ok(Math.abs(row.applied_at - Date.now() / 1000) < 60);
  }
  assert.ok(await hasRelation(db, 'users'));
});

test('the SQL of migrations already applied in the field is unchanged, byte for byte', () => {
  assert.deepEqual(
    migrations
      .slice(0, 3)
      .map((migration) => [migrationChecksum(migration, 'sqlite'), migrationChecksum(migration, 'postgres')]),
    [
      [
        '363ba4a402b43e18ca7802def4cc5fc1f333a8052028df587c021472ec1d5b4e',
        'a13dae2b177faff72217d6734dc7892beff43ba3eb0009c39ad4578f5f335d98',
      ],
      [
        'fb8178741122da2d274d771fd2514908670a115560c2f17451c7b77cbd4c830d',
        '79c07eab21fa5f8f60ab3dac59caba478109bdcd5658fdf9f280795fdd80fc24',
      ],
      [
        '26ea84bd2434bffcd452433b17762ed7dc9eff45952ab511890ccb5c455c353f',
        // Migration 3 has nothing to do on PostgreSQL: the SHA-256 of no text.
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ],
    ],
  );
});

test('every file in migrations/ is in the list once, in the order of its number, with that number as its version', async () => {
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith('.ts')).sort();
  const fromFiles: Migration[] = [];
  for (const file of files) {
    assert.match(file, /^\d{3}-[a-z0-9-]+\.ts$/, file);
    const exported = Object.values(await import(join(migrationsDir, file))) as Migration[];
    assert.equal(exported.length, 1, `${file} exports one migration`);
    const [migration] = exported;
    assert.equal(migration?.version, Number(file.slice(0, 3)), file);
    if (migration !== undefined) fromFiles.push(migration);
  }
  assert.deepEqual(migrations, fromFiles);
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

test('an applied migration that was edited stops the migration, naming it, before anything later runs', async (t) => {
  const { db, cleanup } = await createTestDatabase({ migrated: false });
  t.after(cleanup);
  await migrate(db);
  const [first, second] = migrations;
  assert.ok(first !== undefined && second !== undefined);
  const edited: Migration = { ...second, sqlite: `${second.sqlite}  `, postgres: `${second.postgres}  ` };
  const later: Migration = { ...notes, version: 1000 };

  await assert.rejects(
    migrate(db, [first, edited, later]),
    (error: Error) =>
      error.message.includes(`Migration 2 (${second.name}) has been edited since it was applied`) &&
      error.message.includes('Applied migrations must never be edited') &&
      error.message.includes('write a new migration'),
  );
  assert.equal(await hasRelation(db, 'notes'), false);
  assert.deepEqual(
    (await recordedChecksums(db)).map((row) => row.checksum),
    migrations.map((migration) => migrationChecksum(migration, db.dialect)),
  );
});

test('a server does not start on a database whose recorded checksum differs from its migration', async (t) => {
  const storage = await createSharedStorage(t);
  const db = await openDatabase(storage.options);
  await db.run("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
  await db.close();

  await assert.rejects(openDatabase(storage.options), /Migration 1 \(users, sessions and comments\) has been edited/);
});

test('a database migrated before checksums were kept gets the column, and its migrations their checksums', async (t) => {
  const { db, cleanup } = await createTestDatabase({ migrated: false });
  t.after(cleanup);
  await db.exec(
    db.dialect === 'sqlite'
      ? `CREATE TABLE schema_migrations (
           version INTEGER PRIMARY KEY,
           name TEXT NOT NULL,
           applied_at INTEGER NOT NULL
         ) STRICT`
      : `CREATE TABLE schema_migrations (
           version INTEGER PRIMARY KEY,
           name TEXT NOT NULL,
           applied_at BIGINT NOT NULL
         )`,
  );
  for (const migration of migrations) {
    const sql = migrationSql(migration, db.dialect);
    if (sql !== null) await db.exec(sql);
    await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
      migration.version,
      migration.name,
      1_700_000_000,
    ]);
  }

  assert.deepEqual(await migrate(db), []);
  const expected = migrations.map((migration) => ({
    version: migration.version,
    checksum: migrationChecksum(migration, db.dialect),
  }));
  assert.deepEqual(await recordedChecksums(db), expected);
  assert.deepEqual(await migrate(db), []);
  assert.deepEqual(await recordedChecksums(db), expected);
});

test('a migration marked to run outside a transaction runs bare, then is recorded', async (t) => {
  const { db, cleanup } = await createTestDatabase({ migrated: false });
  t.after(cleanup);
  await assert.rejects(
    migrate(db, [notes, { ...notesByBody, outsideTransaction: false }]),
    /transaction/,
    'the same SQL fails inside a transaction',
  );
  assert.equal(await hasRelation(db, 'notes_body'), false);

  assert.deepEqual(await migrate(db, [notes, notesByBody]), [2]);
  assert.ok(await hasRelation(db, 'notes_body'));
  assert.deepEqual(await recordedChecksums(db), [
    { version: 1, checksum: migrationChecksum(notes, db.dialect) },
    { version: 2, checksum: migrationChecksum(notesByBody, db.dialect) },
  ]);
  assert.deepEqual(await migrate(db, [notes, notesByBody]), []);
});

test('a migration outside a transaction that stopped before it was recorded runs again at the next start', async (t) => {
  const { db, cleanup } = await createTestDatabase({ migrated: false });
  t.after(cleanup);
  await migrate(db, [notes]);
  await db.exec('CREATE INDEX notes_body ON notes (body)');

  assert.deepEqual(await migrate(db, [notes, notesByBody]), [2]);
  assert.deepEqual(
    (await recordedChecksums(db)).map((row) => row.version),
    [1, 2],
  );
});

test('two processes migrating one database at once apply each migration once, outside a transaction too', async (t) => {
  const storage = await createSharedStorage(t);
  const list = [notes, notesByBody];

  const applied = await Promise.all([storage.migrateAsNewProcess(list), storage.migrateAsNewProcess(list)]);

  assert.deepEqual(
    applied.flat().sort((a, b) => a - b),
    [1, 2],
  );
  const recorded = await storage.connect().all('SELECT version FROM schema_migrations ORDER BY version');
  assert.deepEqual(recorded, [{ version: 1 }, { version: 2 }]);
});

const sqliteOnly = testDatabaseUrl === null ? false : 'SQLite only: PostgreSQL alters tables in place';

const parentsAndChildren: Migration = {
  version: 1,
  name: 'parents and children',
  sqlite: `CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;
    CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id) ON DELETE CASCADE) STRICT;
    INSERT INTO parents VALUES (1, 'kept'), (2, 'left out');
    INSERT INTO children VALUES (1, 1), (2, 2);`,
  postgres: null,
};

/** SQLite's procedure for a change ALTER TABLE cannot make: a new table, the rows copied, the old one dropped. */
function rebuildParents(rowsKept: string): Migration {
  return {
    version: 2,
    name: 'parents numbered once',
    rebuildsTables: true,
    sqlite: `CREATE TABLE new_parents (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL) STRICT;
      INSERT INTO new_parents (id, name) SELECT id, name FROM parents WHERE ${rowsKept};
      DROP TABLE parents;
      ALTER TABLE new_parents RENAME TO parents;`,
    postgres: null,
  };
}

test(
  'a migration that rebuilds a table others reference keeps their rows, then enforces foreign keys again',
  { skip: sqliteOnly },
  async (t) => {
    const { db, cleanup } = await createTestDatabase({ migrated: false });
    t.after(cleanup);
    assert.deepEqual(await migrate(db, [parentsAndChildren, rebuildParents('true')]), [1, 2]);
    assert.deepEqual(await db.all('SELECT id, parent_id FROM children ORDER BY id'), [
      { id: 1, parent_id: 1 },
      { id: 2, parent_id: 2 },
    ]);
    assert.match(
      String((await db.get<{ sql: string }>("SELECT sql FROM sqlite_schema WHERE name = 'parents'"))?.sql),
      /AUTOINCREMENT/,
    );
    assert.deepEqual(await db.get('PRAGMA foreign_keys'), { foreign_keys: 1 });
    await assert.rejects(db.run('INSERT INTO children VALUES (3, 99)'), /foreign key/i);
  },
);

test(
  'a rebuild that would leave a row pointing nowhere is rolled back, naming the table',
  { skip: sqliteOnly },
  async (t) => {
    const { db, cleanup } = await createTestDatabase({ migrated: false });
    t.after(cleanup);
    await migrate(db, [parentsAndChildren]);
    await assert.rejects(migrate(db, [parentsAndChildren, rebuildParents("name = 'kept'")]), (error: Error) => {
      assert.match(
        error.message,
        /Migration 2 \(parents numbered once\) would break 1 foreign key: children row 2 → parents/,
      );
      return true;
    });
    assert.deepEqual(await db.all('SELECT id FROM parents ORDER BY id'), [{ id: 1 }, { id: 2 }]);
    assert.doesNotMatch(
      String((await db.get<{ sql: string }>("SELECT sql FROM sqlite_schema WHERE name = 'parents'"))?.sql),
      /AUTOINCREMENT/,
    );
    assert.deepEqual(await db.all('SELECT version FROM schema_migrations'), [{ version: 1 }]);
    assert.deepEqual(await db.get('PRAGMA foreign_keys'), { foreign_keys: 1 });
  },
);

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
