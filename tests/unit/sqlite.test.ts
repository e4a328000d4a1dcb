/**
 * What only the SQLite driver does: its pragmas, one connection whose calls queue first in, first
 * out, and transactions committed in groups. The storage contract both drivers keep is in
 * storage-contract.test.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import test, { type TestContext } from 'node:test';
import type { Database } from '../../src/server/db/database.ts';
import { openSqliteDatabase } from '../../src/server/db/sqlite.ts';
import { labels, openSqliteScratchDatabase } from './scratch-database.ts';
import { createTempDirectory } from './test-db.ts';

/** A hang is a failure here, not a test that never ends. */
const settlesWithin = { timeout: 10_000 };

/**
 * A temporary trigger that makes inserting the label 'abort' end the whole transaction, as a
 * full disk or an I/O error can: https://www.sqlite.org/lang_createtrigger.html#raise
 */
const abortOnLabel = `CREATE TEMP TRIGGER abort_transaction BEFORE INSERT ON events WHEN NEW.label = 'abort'
  BEGIN SELECT RAISE(ROLLBACK, 'the trigger rolled the transaction back'); END`;

/** Runs one transaction per label, all requested together, each inserting its label; counts the runs of each. */
function insertTogether(db: Database, rows: readonly string[]): { runs: number[]; outcomes: Promise<unknown[]> } {
  const runs = rows.map(() => 0);
  const attempts = rows.map((label, index) =>
    db.transaction(async (tx) => {
      runs[index] = (runs[index] ?? 0) + 1;
      await tx.run('INSERT INTO events (label) VALUES (?)', [label]);
      return label;
    }),
  );
  return { runs, outcomes: settle(attempts) };
}

/** Each promise's value, or the message of its error. */
async function settle(promises: readonly Promise<unknown>[]): Promise<unknown[]> {
  return (await Promise.allSettled(promises)).map((outcome) =>
    outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message,
  );
}

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

test(
  'a statement that rolls back the whole transaction fails only its own; the rest of its group are run again and kept',
  settlesWithin,
  async (t) => {
    const db = await openSqliteScratchDatabase(t);
    await db.exec(abortOnLabel);
    const { runs, outcomes } = insertTogether(db, ['a', 'b', 'abort', 'c', 'd']);
    assert.deepEqual(await outcomes, ['a', 'b', 'the trigger rolled the transaction back', 'c', 'd']);
    assert.deepEqual(await labels(db), ['a', 'b', 'c', 'd']);
    assert.equal(runs[2], 1, 'the transaction at fault is not run again');
    assert.ok(
      runs.every((count) => count <= 2),
      `each run at most twice: ${runs.join(', ')}`,
    );
  },
);

test(
  'a transaction that catches the error of a statement that ended it still fails with that error, and writes nothing after it',
  settlesWithin,
  async (t) => {
    const db = await openSqliteScratchDatabase(t);
    await db.exec(abortOnLabel);
    const innocent = db.transaction(async (tx) => tx.run("INSERT INTO events (label) VALUES ('innocent')"));
    const swallowing = db.transaction(async (tx) => {
      await tx.run("INSERT INTO events (label) VALUES ('abort')").catch(() => undefined);
      await tx.run("INSERT INTO events (label) VALUES ('after the abort')").catch(() => undefined);
      return 'carried on';
    });
    assert.deepEqual(await settle([innocent, swallowing]), [{ changes: 1 }, 'the trigger rolled the transaction back']);
    assert.deepEqual(await labels(db), ['innocent']);
  },
);

test(
  'a transaction that fills the disk fails with SQLITE_FULL, and the others of its group are kept',
  settlesWithin,
  async (t) => {
    const db = await openSqliteScratchDatabase(t);
    await db.run("INSERT INTO events (label) VALUES ('before')");
    const pages = await db.get<{ page_count: number }>('PRAGMA page_count');
    // No room for a single new page: small rows still fit in the pages there are, a 100 kB file does not.
    await db.exec(`PRAGMA max_page_count = ${pages?.page_count ?? 0}`);
    const small = (label: string): Promise<unknown> =>
      db.transaction(async (tx) => tx.run('INSERT INTO events (label) VALUES (?)', [label]));
    const large = db.transaction(async (tx) => tx.run('INSERT INTO files (body) VALUES (zeroblob(100000))'));
    const outcomes = await Promise.allSettled([small('a'), large, small('b')]);
    assert.deepEqual(outcomes[0], { status: 'fulfilled', value: { changes: 1 } });
    assert.deepEqual(outcomes[2], { status: 'fulfilled', value: { changes: 1 } });
    assert.equal(outcomes[1]?.status, 'rejected');
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /database or disk is full/);
    assert.equal(((outcomes[1] as PromiseRejectedResult).reason as { errcode: number }).errcode, 13);
    assert.deepEqual(await labels(db), ['before', 'a', 'b']);
    assert.deepEqual(await db.get('SELECT count(*) AS n FROM files'), { n: 0 });
  },
);

/** A table whose foreign key is checked at COMMIT, so one transaction can make the whole group's COMMIT fail. */
const deferredLinks = `CREATE TABLE links (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events (id) DEFERRABLE INITIALLY DEFERRED
) STRICT`;

test(
  'when the COMMIT fails, each transaction of the group runs again alone, and only the one at fault fails',
  settlesWithin,
  async (t) => {
    const db = await openSqliteScratchDatabase(t);
    await db.exec(deferredLinks);
    const runs = { a: 0, dangling: 0, b: 0 };
    const insert = (label: 'a' | 'b'): Promise<unknown> =>
      db.transaction(async (tx) => {
        runs[label] += 1;
        await tx.run('INSERT INTO events (label) VALUES (?)', [label]);
        return label;
      });
    const dangling = db.transaction(async (tx) => {
      runs.dangling += 1;
      await tx.run('INSERT INTO links (event_id) VALUES (999)');
      return 'dangling';
    });
    assert.deepEqual(await settle([insert('a'), dangling, insert('b')]), ['a', 'FOREIGN KEY constraint failed', 'b']);
    assert.deepEqual(await labels(db), ['a', 'b']);
    assert.deepEqual(await db.all('SELECT * FROM links'), []);
    assert.deepEqual(runs, { a: 2, dangling: 2, b: 2 });
  },
);

test(
  'when rolling back fails too, every transaction of that group settles, and the next group goes ahead',
  settlesWithin,
  async (t) => {
    const db = await openSqliteScratchDatabase(t);
    await db.exec(deferredLinks);
    // No real SQLite fault makes ROLLBACK fail on demand, so this one does, once: an I/O error.
    const exec = DatabaseSync.prototype.exec;
    let failedOnce = false;
    t.mock.method(DatabaseSync.prototype, 'exec', function (this: DatabaseSync, sql: string): void {
      if (sql === 'ROLLBACK' && !failedOnce) {
        failedOnce = true;
        throw Object.assign(new Error('disk I/O error'), { errcode: 10 });
      }
      exec.call(this, sql);
    });

    const first = db.transaction(async (tx) => {
      await tx.run("INSERT INTO events (label) VALUES ('first group')");
      await sleep(30);
    });
    const dangling = db.transaction(async (tx) => tx.run('INSERT INTO links (event_id) VALUES (999)'));
    await sleep(5);
    const next = db.transaction(async (tx) => tx.run("INSERT INTO events (label) VALUES ('next group')"));

    const outcomes = await Promise.allSettled([first, dangling, next]);
    assert.ok(failedOnce);
    for (const outcome of outcomes.slice(0, 2)) {
      assert.equal(outcome.status, 'rejected');
      assert.match(
        String((outcome as PromiseRejectedResult).reason),
        /Nothing was saved: FOREIGN KEY constraint failed, and rolling back failed: disk I\/O error/,
      );
    }
    assert.deepEqual(outcomes[2], { status: 'fulfilled', value: { changes: 1 } });
    assert.deepEqual(await labels(db), ['next group']);
    assert.deepEqual(await db.all('SELECT * FROM links'), []);
  },
);

async function openWithTimeLimit(t: TestContext, transactionTimeoutMs: number): Promise<Database> {
  const directory = await createTempDirectory();
  const db = openSqliteDatabase(join(directory.path, 'limited.sqlite'), { transactionTimeoutMs });
  t.after(async () => {
    await db.close().catch(() => undefined);
    await directory.cleanup();
  });
  await db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT');
  return db;
}

test(
  'a transaction that awaits something else past the time limit is rolled back and refused, and the queue moves on',
  settlesWithin,
  async (t) => {
    const db = await openWithTimeLimit(t, 100);
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let lateWrite: unknown = null;
    const stalled = db.transaction(async (tx) => {
      await tx.run("INSERT INTO events (label) VALUES ('stalled')");
      await released;
      lateWrite = await tx.run("INSERT INTO events (label) VALUES ('late')").catch((error: Error) => error.message);
    });
    const neighbour = db.transaction(async (tx) => tx.run("INSERT INTO events (label) VALUES ('neighbour')"));
    await sleep(5);
    const outside = db.run("INSERT INTO events (label) VALUES ('outside')");

    await assert.rejects(stalled, /did not finish within 100 ms and was rolled back/);
    assert.deepEqual(await neighbour, { changes: 1 });
    assert.deepEqual(await outside, { changes: 1 });
    release();
    await sleep(10);
    assert.match(String(lateWrite), /has ended/);
    assert.deepEqual(await labels(db), ['neighbour', 'outside']);
  },
);
