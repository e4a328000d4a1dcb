/**
 * What only the PostgreSQL driver does: `?` placeholders rewritten, synchronous commits, an
 * aborted transaction never passing for committed, serialization failures retried, and the
 * migration lock. The storage contract both drivers keep is in storage-contract.test.ts.
 */
import assert from 'node:assert/strict';
import test, { describe } from 'node:test';
import { migrations } from '../../src/server/db/migrations.ts';
import { openDatabase } from '../../src/server/db/open.ts';
import { translatePlaceholders } from '../../src/server/db/postgres.ts';
import { labels, openPostgresScratchDatabase, postgresSkip } from './scratch-database.ts';
import { createTestSchema, testDatabaseUrl } from './test-db.ts';

const serializationFailure = "DO $$ BEGIN RAISE EXCEPTION 'lost a conflict' USING ERRCODE = '40001'; END $$";

test('question marks become numbered placeholders, except inside a string literal', () => {
  assert.equal(
    translatePlaceholders('SELECT ? AS a, ?::int AS b WHERE x = ?'),
    'SELECT $1 AS a, $2::int AS b WHERE x = $3',
  );
  assert.equal(translatePlaceholders("SELECT 'it''s' WHERE x = ?"), "SELECT 'it''s' WHERE x = $1");
  assert.throws(() => translatePlaceholders("SELECT 'why?' WHERE x = ?"), /inside a string literal/);
});

describe('on PostgreSQL', { skip: postgresSkip }, () => {
  test('commits are synchronous', async (t) => {
    const db = await openPostgresScratchDatabase(t);
    assert.deepEqual(await db.get('SHOW synchronous_commit'), { synchronous_commit: 'on' });
  });

  test('a transaction whose work swallows a failed query is not reported as committed', async (t) => {
    const db = await openPostgresScratchDatabase(t);
    const transaction = db.transaction(async (tx) => {
      await tx.run("INSERT INTO events (label) VALUES ('lost')");
      await tx.run('INSERT INTO events (label) VALUES (?)', [null]).catch(() => undefined);
    });
    await assert.rejects(transaction, /not-null constraint/);
    assert.deepEqual(await labels(db), []);
  });

  test('a transaction that loses a serialization conflict runs again, without what the lost attempt wrote', async (t) => {
    const db = await openPostgresScratchDatabase(t);
    let attempts = 0;
    const result = await db.transaction(async (tx) => {
      attempts += 1;
      await tx.run('INSERT INTO events (label) VALUES (?)', [`attempt ${attempts}`]);
      if (attempts === 1) await tx.run(serializationFailure);
      return attempts;
    });
    assert.equal(result, 2);
    assert.deepEqual(await labels(db), ['attempt 2']);
  });

  test('a transaction gives up after ten lost conflicts, and other errors are not retried', async (t) => {
    const db = await openPostgresScratchDatabase(t);
    let conflicts = 0;
    await assert.rejects(
      db.transaction(async (tx) => {
        conflicts += 1;
        await tx.run(serializationFailure);
      }),
      /lost a conflict/,
    );
    assert.equal(conflicts, 10);
    let failures = 0;
    await assert.rejects(
      db.transaction(async (tx) => {
        failures += 1;
        await tx.run('INSERT INTO events (label) VALUES (?)', [null]);
      }),
      /not-null constraint/,
    );
    assert.equal(failures, 1);
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
