import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import test, { type TestContext } from 'node:test';
import type { Database } from '../../src/server/db/database.ts';
import { openSqliteDatabase } from '../../src/server/db/sqlite.ts';
import { createTempDirectory } from './test-db.ts';

async function openScratchDatabase(t: TestContext): Promise<Database> {
  const directory = await createTempDirectory();
  const db = openSqliteDatabase(join(directory.path, 'scratch.sqlite'));
  t.after(async () => {
    await db.close().catch(() => undefined);
    await directory.cleanup();
  });
  await db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT');
  return db;
}

async function labels(db: Database): Promise<string[]> {
  const rows = await db.all<{ label: string }>('SELECT label FROM events ORDER BY id');
  return rows.map((row) => row.label);
}

test('the file is opened in WAL mode with full sync, a busy timeout and foreign keys on', async (t) => {
  const db = await openScratchDatabase(t);
  assert.deepEqual(await db.get('PRAGMA journal_mode'), { journal_mode: 'wal' });
  assert.deepEqual(await db.get('PRAGMA synchronous'), { synchronous: 2 });
  assert.deepEqual(await db.get('PRAGMA busy_timeout'), { timeout: 5000 });
  assert.deepEqual(await db.get('PRAGMA foreign_keys'), { foreign_keys: 1 });
});

test('a row pointing at a missing parent is refused', async (t) => {
  const db = await openScratchDatabase(t);
  await db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events (id)) STRICT');
  await assert.rejects(db.run('INSERT INTO notes (event_id) VALUES (?)', [42]), /FOREIGN KEY/);
});

test('rows come back as plain objects and blobs as Uint8Array', async (t) => {
  const db = await openScratchDatabase(t);
  await db.exec('CREATE TABLE files (id INTEGER PRIMARY KEY, body BLOB NOT NULL) STRICT');
  await db.run('INSERT INTO files (body) VALUES (?)', [Buffer.from([1, 2, 3])]);
  await db.run('INSERT INTO files (body) VALUES (?)', [new Uint8Array([4, 5])]);
  const rows = await db.all<{ id: number; body: Uint8Array }>('SELECT id, body FROM files ORDER BY id');
  assert.equal(Object.getPrototypeOf(rows[0]), Object.prototype);
  assert.deepEqual(rows, [
    { id: 1, body: new Uint8Array([1, 2, 3]) },
    { id: 2, body: new Uint8Array([4, 5]) },
  ]);
});

test('get returns null when no row matches and run counts changed rows', async (t) => {
  const db = await openScratchDatabase(t);
  assert.equal(await db.get('SELECT label FROM events WHERE id = ?', [1]), null);
  await db.run("INSERT INTO events (label) VALUES ('a'), ('b'), ('c')");
  assert.deepEqual(await db.run("UPDATE events SET label = 'x' WHERE id > ?", [1]), { changes: 2 });
});

test('a write issued during a transaction waits until the transaction commits', async (t) => {
  const db = await openScratchDatabase(t);
  const order: string[] = [];
  const transaction = db.transaction(async (tx) => {
    await tx.run("INSERT INTO events (label) VALUES ('inside first')");
    await sleep(30);
    await tx.run("INSERT INTO events (label) VALUES ('inside second')");
    order.push('transaction done');
  });
  await sleep(5);
  const outside = db.run("INSERT INTO events (label) VALUES ('outside')").then(() => {
    order.push('outside done');
  });
  await Promise.all([transaction, outside]);
  assert.deepEqual(order, ['transaction done', 'outside done']);
  assert.deepEqual(await labels(db), ['inside first', 'inside second', 'outside']);
});

test('a transaction that throws is rolled back, and a write issued meanwhile is kept', async (t) => {
  const db = await openScratchDatabase(t);
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

test('a transaction returns what its work returns', async (t) => {
  const db = await openScratchDatabase(t);
  const id = await db.transaction(async (tx) => {
    await tx.run("INSERT INTO events (label) VALUES ('a')");
    const row = await tx.get<{ id: number }>("SELECT id FROM events WHERE label = 'a'");
    return row?.id;
  });
  assert.equal(id, 1);
});

test('querying the database instead of tx inside a transaction fails rather than deadlocking', async (t) => {
  const db = await openScratchDatabase(t);
  await assert.rejects(
    db.transaction(async () => {
      await db.run("INSERT INTO events (label) VALUES ('wrong handle')");
    }),
    /through its `tx`/,
  );
  assert.deepEqual(await labels(db), []);
});

test('a tx kept after its transaction ended is refused', async (t) => {
  const db = await openScratchDatabase(t);
  const leaked = await db.transaction(async (tx) => tx);
  await assert.rejects(leaked.run("INSERT INTO events (label) VALUES ('late')"), /has ended/);
});

test('close lets queued queries finish and refuses later ones', async (t) => {
  const db = await openScratchDatabase(t);
  const transaction = db.transaction(async (tx) => {
    await sleep(10);
    await tx.run("INSERT INTO events (label) VALUES ('before close')");
  });
  const queued = db.run("INSERT INTO events (label) VALUES ('queued')");
  const count = db.get<{ n: number }>('SELECT count(*) AS n FROM events');
  await db.close();
  await transaction;
  await queued;
  assert.deepEqual(await count, { n: 2 });
  await assert.rejects(db.get('SELECT 1'), /closed/);
});

test('transactions requested together commit as a group, and one that throws takes only its own writes back', async (t) => {
  const db = await openScratchDatabase(t);
  const attempts = Array.from({ length: 20 }, (_, index) =>
    db.transaction(async (tx) => {
      await tx.run('INSERT INTO events (label) VALUES (?)', [`event ${index}`]);
      if (index === 4) throw new Error('the fifth one fails');
      return index;
    }),
  );
  const outcomes = await Promise.allSettled(attempts);
  assert.deepEqual(
    outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : 'rejected')),
    [0, 1, 2, 3, 'rejected', ...Array.from({ length: 15 }, (_, index) => index + 5)],
  );
  const labels = await db.all<{ label: string }>('SELECT label FROM events ORDER BY id');
  assert.equal(labels.length, 19);
  assert.ok(!labels.some((row) => row.label === 'event 4'));
});
