/**
 * What every driver of src/server/db/database.ts must do, run against each: SQLite always,
 * PostgreSQL when TEST_DATABASE_URL is set. What only one driver does is in sqlite.test.ts and
 * postgres.test.ts.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import test, { describe } from 'node:test';
import { labels, storageDrivers } from './scratch-database.ts';

for (const { name, skip, openScratchDatabase } of storageDrivers) {
  describe(`the storage contract on ${name}`, { skip }, () => {
    test('parameters bind in order, rows come back as plain objects, and get returns null when no row matches', async (t) => {
      const db = await openScratchDatabase(t);
      await db.run('INSERT INTO events (label) VALUES (?), (?)', ['first', 'second']);
      const row = await db.get<{ label: string; n: number }>(
        'SELECT label, CAST(? AS INTEGER) AS n FROM events WHERE label = ?',
        [7, 'second'],
      );
      assert.equal(Object.getPrototypeOf(row), Object.prototype);
      assert.deepEqual(row, { label: 'second', n: 7 });
      const rows = await db.all('SELECT id, label FROM events ORDER BY id');
      assert.equal(Object.getPrototypeOf(rows[0]), Object.prototype);
      assert.deepEqual(rows, [
        { id: 1, label: 'first' },
        { id: 2, label: 'second' },
      ]);
      assert.equal(await db.get('SELECT label FROM events WHERE label = ?', ['third']), null);
      assert.equal(await db.get('SELECT label FROM events WHERE id = ?', [3]), null);
    });

    test('run counts changed rows and exec runs several statements', async (t) => {
      const db = await openScratchDatabase(t);
      await db.exec("INSERT INTO events (label) VALUES ('a'); INSERT INTO events (label) VALUES ('b'), ('c');");
      assert.deepEqual(await db.run("UPDATE events SET label = 'x' WHERE id > ?", [1]), { changes: 2 });
      assert.deepEqual(await db.run("UPDATE events SET label = 'y' WHERE id > ?", [3]), { changes: 0 });
      assert.deepEqual(await labels(db), ['a', 'x', 'x']);
    });

    test('integer ids, timestamps, counts and sums come back as numbers, and one too large for a number is an error', async (t) => {
      const db = await openScratchDatabase(t);
      await db.run('INSERT INTO stamps (at) VALUES (?), (?)', [1_800_000_000, 2n ** 40n]);
      assert.deepEqual(await db.all('SELECT id, at FROM stamps ORDER BY id'), [
        { id: 1, at: 1_800_000_000 },
        { id: 2, at: 2 ** 40 },
      ]);
      assert.deepEqual(await db.get('SELECT count(*) AS n, sum(at) AS total FROM stamps'), {
        n: 2,
        total: 1_800_000_000 + 2 ** 40,
      });
      await assert.rejects(db.get('SELECT CAST(? AS BIGINT) AS n', [2n ** 53n + 1n]), /too large/);
    });

    test('blobs go in as Buffer or Uint8Array and come back as Uint8Array', async (t) => {
      const db = await openScratchDatabase(t);
      await db.run('INSERT INTO files (body) VALUES (?)', [Buffer.from([1, 2, 3])]);
      await db.run('INSERT INTO files (body) VALUES (?)', [new Uint8Array([4, 5])]);
      await db.run('INSERT INTO files (body) VALUES (?)', [new Uint8Array([0, 255, 92, 39])]);
      assert.deepEqual(await db.all('SELECT id, body FROM files ORDER BY id'), [
        { id: 1, body: new Uint8Array([1, 2, 3]) },
        { id: 2, body: new Uint8Array([4, 5]) },
        { id: 3, body: new Uint8Array([0, 255, 92, 39]) },
      ]);
    });

    test('a row pointing at a missing parent is refused', async (t) => {
      const db = await openScratchDatabase(t);
      await assert.rejects(db.run('INSERT INTO notes (event_id) VALUES (?)', [42]), /foreign key/i);
    });

    test("errors are thrown with the database's own message", async (t) => {
      const db = await openScratchDatabase(t);
      await assert.rejects(db.run('INSERT INTO events (label) VALUES (?)', [null]), /not.null constraint/i);
      const missingColumn = {
        sqlite: /no such column: missing_column/,
        postgres: /column "missing_column" does not exist/,
      };
      await assert.rejects(db.get('SELECT missing_column FROM events'), missingColumn[db.dialect]);
    });

    test('a transaction returns what its work returns and its writes are kept', async (t) => {
      const db = await openScratchDatabase(t);
      const id = await db.transaction(async (tx) => {
        await tx.run("INSERT INTO events (label) VALUES ('a')");
        const row = await tx.get<{ id: number }>("SELECT id FROM events WHERE label = 'a'");
        return row?.id;
      });
      assert.equal(id, 1);
      assert.deepEqual(await labels(db), ['a']);
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

    test('reads outside a transaction see all of its writes or none of them', async (t) => {
      const db = await openScratchDatabase(t);
      const writer = db.transaction(async (tx) => {
        await tx.run("INSERT INTO events (label) VALUES ('first')");
        await sleep(30);
        await tx.run("INSERT INTO events (label) VALUES ('second')");
      });
      const seen = await Promise.all(
        [0, 10, 20].map(async (delay) => {
          await sleep(delay);
          return labels(db);
        }),
      );
      await writer;
      for (const rows of seen) assert.ok([0, 2].includes(rows.length), `a read saw ${JSON.stringify(rows)}`);
      assert.deepEqual(await labels(db), ['first', 'second']);
    });

    test('50 concurrent read-then-write transactions lose no update', async (t) => {
      const db = await openScratchDatabase(t);
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

    test('of transactions requested together, one that throws takes back only its own writes', async (t) => {
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
      const stored = await labels(db);
      assert.equal(stored.length, 19);
      assert.ok(!stored.includes('event 4'));
    });

    test('querying the database instead of tx inside a transaction fails rather than deadlocking', async (t) => {
      const db = await openScratchDatabase(t);
      await assert.rejects(
        db.transaction(async () => {
          await db.run("INSERT INTO events (label) VALUES ('wrong handle')");
        }),
        /through its `tx`/,
      );
      await assert.rejects(
        db.transaction(async () =>
          db.transaction(async (inner) => inner.run("INSERT INTO events (label) VALUES ('nested')")),
        ),
        /through its `tx`/,
      );
      assert.deepEqual(await labels(db), []);
    });

    test('a tx kept after its transaction ended is refused', async (t) => {
      const db = await openScratchDatabase(t);
      const leaked = await db.transaction(async (tx) => tx);
      await assert.rejects(leaked.run("INSERT INTO events (label) VALUES ('late')"), /has ended/);
    });

    test('close lets running queries finish and refuses later ones', async (t) => {
      const db = await openScratchDatabase(t);
      const transaction = db.transaction(async (tx) => {
        await sleep(10);
        await tx.run("INSERT INTO events (label) VALUES ('before close')");
      });
      const running = db.run("INSERT INTO events (label) VALUES ('running')");
      await db.close();
      await transaction;
      await running;
      await assert.rejects(db.get('SELECT 1'), /closed/);
      await assert.rejects(
        db.transaction(async () => undefined),
        /closed/,
      );
    });
  });
}
