/**
 * The export is written as it is read (issue 16, item 7): a large table reaches the file a batch
 * at a time, never as one string, and the pieces still make one valid export.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { exportLedger } from '../../src/server/import/ledger-export.ts';
import { NOW, STORY, addUser } from './fixtures.ts';
import { freshDatabase, testDatabaseUrl } from './test-db.ts';

const databaseName = testDatabaseUrl === null ? 'SQLite' : 'PostgreSQL';

test(`a large table is exported a batch at a time (${databaseName})`, async (t) => {
  const db = await freshDatabase(t);
  const author = await addUser(db, 'ada');
  const total = 3500;
  await db.transaction(async (tx) => {
    for (let start = 0; start < total; start += 500) {
      const rows = Array.from({ length: 500 }, (_, index) => [STORY, author, `Comment ${start + index + 1}`, NOW]);
      await tx.run(
        `INSERT INTO comments (story_slug, author_id, body, created_at) VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')}`,
        rows.flat(),
      );
    }
  });
  const chunks: string[] = [];

  const counts = await exportLedger(db, async (chunk) => void chunks.push(chunk), NOW);

  const text = chunks.join('');
  const largest = Math.max(...chunks.map((chunk) => chunk.length));
  assert.ok(largest < text.length / 3, `one piece held ${largest} of ${text.length} characters`);
  const file = JSON.parse(text) as { tables: { name: string; columns: string[]; rows: unknown[][] }[] };
  const comments = file.tables.find((table) => table.name === 'comments');
  assert.ok(comments !== undefined);
  assert.equal(comments.rows.length, total);
  const body = comments.columns.indexOf('body');
  assert.deepEqual(
    comments.rows.map((row) => row[body]),
    Array.from({ length: total }, (_, index) => `Comment ${index + 1}`),
  );
  assert.deepEqual(
    counts.find((count) => count.table === 'comments'),
    { table: 'comments', rows: total },
  );
});

test(`two-factor keys and recovery code hashes stay behind (${databaseName})`, async (t) => {
  const db = await freshDatabase(t);
  const author = await addUser(db, 'ada');
  const key = new Uint8Array(20).fill(7);
  await db.run('INSERT INTO two_factor (user_id, totp_key, recovery_code_hash, created_at) VALUES (?, ?, ?, ?)', [
    author,
    key,
    new Uint8Array(32).fill(9),
    NOW,
  ]);
  const chunks: string[] = [];
  await exportLedger(db, async (chunk) => void chunks.push(chunk), NOW);
  const file = JSON.parse(chunks.join('')) as { tables: { name: string }[] };
  assert.equal(
    file.tables.find((table) => table.name === 'two_factor'),
    undefined,
  );
  assert.ok(!chunks.join('').includes(Buffer.from(key).toString('base64')));
});
