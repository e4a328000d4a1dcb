/**
 * What only the SQLite driver does: its pragmas, one connection whose calls queue first in, first
 * out, and transactions committed in groups. The storage contract both drivers keep is in
 * storage-contract.test.ts.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'node:test';
import type { Database } from '../../src/server/db/database.ts';
import { labels, openSqliteScratchDatabase } from './scratch-database.ts';

/**
 * Copies the write-ahead log into the database file and answers how many frames (pages) it held;
 * the next commit then starts the log again from its beginning.
 */
async function checkpoint(db: Database): Promise<number> {
  const row = await db.get<{ log: number }>('PRAGMA wal_checkpoint(PASSIVE)');
  return row?.log ?? -1;
}

test('the file is opened in WAL mode with full sync, a busy timeout and foreign keys on', async (t) => {
  const db = await openSqliteScratchDatabase(t);
  assert.deepEqual(await db.get('PRAGMA journal_mode'), { journal_mode: 'wal' });
  assert.deepEqual(await db.get('PRAGMA synchronous'), { synchronous: 2 });
  assert.deepEqual(await db.get('PRAGMA busy_timeout'), { timeout: 5000 });
  assert.deepEqual(await db.get('PRAGMA foreign_keys'), { foreign_keys: 1 });
});

test('a write issued during a transaction waits until the transaction commits', async (t) => {
  const db = await openSqliteScratchDatabase(t);
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

test('a read queued before close sees every write queued before it', async (t) => {
  const db = await openSqliteScratchDatabase(t);
  const writes = [
    db.transaction(async (tx) => {
      await sleep(10);
      await tx.run("INSERT INTO events (label) VALUES ('in a transaction')");
    }),
    db.run("INSERT INTO events (label) VALUES ('alone')"),
  ];
  const count = db.get<{ n: number }>('SELECT count(*) AS n FROM events');
  await db.close();
  await Promise.all(writes);
  assert.deepEqual(await count, { n: 2 });
});

test('transactions requested together share one commit, where one after another each has its own', async (t) => {
  const db = await openSqliteScratchDatabase(t);
  const insert = (index: number): Promise<void> =>
    db.transaction(async (tx) => {
      await tx.run('INSERT INTO events (label) VALUES (?)', [`event ${index}`]);
    });
  await checkpoint(db);
  await Promise.all(Array.from({ length: 20 }, (_, index) => insert(index)));
  const framesTogether = await checkpoint(db);
  for (let index = 20; index < 40; index += 1) await insert(index);
  const framesOneByOne = await checkpoint(db);
  assert.ok(framesTogether >= 1 && framesTogether <= 2, `${framesTogether} frames written together`);
  assert.ok(framesOneByOne >= 20, `${framesOneByOne} frames written one by one`);
  assert.equal((await labels(db)).length, 40);
});
