import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import test, { describe, type TestContext } from 'node:test';
import type { Database } from '../../src/server/db/database.ts';
import { migrations } from '../../src/server/db/migrations.ts';
import { openDatabase } from '../../src/server/db/open.ts';
import { openPostgresDatabase, translatePlaceholders } from '../../src/server/db/postgres.ts';
import { createTestSchema, testDatabaseUrl } from './test-db.ts';

const skip = testDatabaseUrl === null ? 'PostgreSQL only: TEST_DATABASE_URL is not set' : false;

async function openScratchDatabase(t: TestContext): Promise<{ db: Database; url: string }> {
  const schema = await createTestSchema(testDatabaseUrl ?? '');
  const db = openPostgresDatabase(schema.url);
  t.after(async () => {
    await db.close().catch(() => undefined);
    await schema.drop();
  });
  await db.exec('CREATE TABLE events (id BIGSERIAL PRIMARY KEY, label TEXT NOT NULL)');
  return { db, url: schema.url };
}

async function labels(db: Database): Promise<string[]> {
  const rows = await db.all<{ label: string }>('SELECT label FROM events ORDER BY id');
  return rows.map((row) => row.label);
}

test('question marks become numbered placeholders, except inside a string literal', () => {
  assert.equal(
    translatePlaceholders('SELECT ? AS a, ?::int AS b WHERE x = ?'),
    'SELECT $1 AS a, $2::int AS b WHERE x = $3',
  );
  assert.equal(translatePlaceholders("SELECT 'it''s' WHERE x = ?"), "SELECT 'it''s' WHERE x = $1");
  assert.throws(() => translatePlaceholders("SELECT 'why?' WHERE x = ?"), /inside a string literal/);
});

describe('on PostgreSQL', { skip }, () => {
  test('parameters reach PostgreSQL in order, and rows come back as plain objects', async (t) => {
    const { db } = await openScratchDatabase(t);
    await db.run('INSERT INTO events (label) VALUES (?), (?)', ['first', 'second']);
    const row = await db.get<{ label: string; n: number }>('SELECT label, ? :: int AS n FROM events WHERE label = ?', [
      7,
      'second',
    ]);
    assert.equal(Object.getPrototypeOf(row), Object.prototype);
    assert.deepEqual(row, { label: 'second', n: 7 });
    assert.equal(await db.get('SELECT label FROM events WHERE label = ?', ['third']), null);
  });

  test('bigint ids, timestamps and counts come back as numbers', async (t) => {
    const { db } = await openScratchDatabase(t);
    await db.exec('CREATE TABLE stamps (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL)');
    await db.run('INSERT INTO stamps (at) VALUES (?), (?)', [1_800_000_000, 2n ** 40n]);
    assert.deepEqual(await db.all('SELECT id, at FROM stamps ORDER BY id'), [
      { id: 1, at: 1_800_000_000 },
      { id: 2, at: 2 ** 40 },
    ]);
    assert.deepEqual(await db.get('SELECT count(*) AS n, sum(at) AS total FROM stamps'), {
      n: 2,
      total: 1_800_000_000 + 2 ** 40,
    });
    await assert.rejects(db.get('SELECT 9007199254740993::bigint AS n'), /too large/);
  });

  test('bytea goes in as Buffer or Uint8Array and comes back as Uint8Array', async (t) => {
    const { db } = await openScratchDatabase(t);
    await db.exec('CREATE TABLE files (id BIGSERIAL PRIMARY KEY, body BYTEA NOT NULL)');
    await db.run('INSERT INTO files (body) VALUES (?)', [Buffer.from([1, 2, 3])]);
    await db.run('INSERT INTO files (body) VALUES (?)', [new Uint8Array([0, 255, 92, 39])]);
    assert.deepEqual(await db.all('SELECT id, body FROM files ORDER BY id'), [
      { id: 1, body: new Uint8Array([1, 2, 3]) },
      { id: 2, body: new Uint8Array([0, 255, 92, 39]) },
    ]);
  });

  test('run counts changed rows and exec runs several statements', async (t) => {
    const { db } = await openScratchDatabase(t);
    await db.exec("INSERT INTO events (label) VALUES ('a'); INSERT INTO events (label) VALUES ('b'), ('c');");
    assert.deepEqual(await db.run("UPDATE events SET label = 'x' WHERE id > ?", [1]), { changes: 2 });
    assert.deepEqual(await labels(db), ['a', 'x', 'x']);
  });

  test('errors from PostgreSQL are thrown with their message', async (t) => {
    const { db } = await openScratchDatabase(t);
    await assert.rejects(db.run('INSERT INTO events (label) VALUES (?)', [null]), /not-null constraint/);
    await assert.rejects(db.get('SELECT nothing FROM events'), /column "nothing" does not exist/);
  });

  test('commits are synchronous', async (t) => {
    const { db } = await openScratchDatabase(t);
    assert.deepEqual(await db.get('SHOW synchronous_commit'), { synchronous_commit: 'on' });
  });

  test('a transaction that throws is rolled back, and a write issued meanwhile is kept', async (t) => {
    const { db } = await openScratchDatabase(t);
    const transaction = db.transaction(async (tx) => {
      await tx.run("INSERT INTO events (label) VALUES ('rolled back')");
      await sleep(30);
      throw new Error('work failed');
    });
    await sleep(5);
    const outside = db.run("INSERT INTO events (label) VALUES ('outside')");
    await assert.rejects(transaction, /work failed/);
    await outside;
    assert.deepEqual(await labels(db), ['outside']);
  });

  test('a transaction returns what its work returns and its writes are kept', async (t) => {
    const { db } = await openScratchDatabase(t);
    const id = await db.transaction(async (tx) => {
      await tx.run("INSERT INTO events (label) VALUES ('a')");
      const row = await tx.get<{ id: number }>("SELECT id FROM events WHERE label = 'a'");
      return row?.id;
    });
    assert.equal(id, 1);
    assert.deepEqual(await labels(db), ['a']);
  });

  test('a transaction whose work swallows a failed query is not reported as committed', async (t) => {
    const { db } = await openScratchDatabase(t);
    const transaction = db.transaction(async (tx) => {
      await tx.run("INSERT INTO events (label) VALUES ('lost')");
      await tx.run('INSERT INTO events (label) VALUES (?)', [null]).catch(() => undefined);
    });
    await assert.rejects(transaction, /not-null constraint/);
    assert.deepEqual(await labels(db), []);
  });

  test('50 concurrent read-then-write transactions lose no update', async (t) => {
    const { db } = await openScratchDatabase(t);
    await db.exec(
      'CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL); INSERT INTO counter VALUES (1, 0)',
    );
    await Promise.all(
      Array.from({ length: 50 }, () =>
        db.transaction(async (tx) => {
          const row = await tx.get<{ value: number }>('SELECT value FROM counter WHERE id = 1');
          await tx.run('UPDATE counter SET value = ? WHERE id = 1', [(row?.value ?? 0) + 1]);
        }),
      ),
    );
    assert.deepEqual(await db.get('SELECT value FROM counter WHERE id = 1'), { value: 50 });
  });

  test('querying the database instead of tx inside a transaction fails rather than deadlocking', async (t) => {
    const { db } = await openScratchDatabase(t);
    await assert.rejects(
      db.transaction(async () => {
        await db.run("INSERT INTO events (label) VALUES ('wrong handle')");
      }),
      /through its `tx`/,
    );
    assert.deepEqual(await labels(db), []);
  });

  test('a tx kept after its transaction ended is refused', async (t) => {
    const { db } = await openScratchDatabase(t);
    const leaked = await db.transaction(async (tx) => tx);
    await assert.rejects(leaked.run("INSERT INTO events (label) VALUES ('late')"), /has ended/);
  });

  test('close lets running queries finish and refuses later ones', async (t) => {
    const { db } = await openScratchDatabase(t);
    const transaction = db.transaction(async (tx) => {
      await sleep(10);
      await tx.run("INSERT INTO events (label) VALUES ('before close')");
    });
    const running = db.run("INSERT INTO events (label) VALUES ('running')");
    await db.close();
    await transaction;
    await running;
    await assert.rejects(db.get('SELECT 1'), /closed/);
  });

  test('two servers starting together on one database apply each migration once', async (t) => {
    const schema = await createTestSchema(testDatabaseUrl ?? '');
    const opened = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ dataDir: '/nonexistent', databaseUrl: schema.url })),
    );
    t.after(async () => {
      await Promise.all(opened.map((db) => db.close()));
      await schema.drop();
    });
    for (const db of opened) {
      assert.equal(db.dialect, 'postgres');
    }
    const recorded = await opened[0]?.all<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    assert.deepEqual(
      recorded,
      migrations.map(({ version }) => ({ version })),
    );
  });
});
