/**
 * Moving from SQLite to PostgreSQL keeps the promise that a comment's number is never given twice
 * (issue 12, item 1): the numbers SQLite handed out to comments deleted before the copy stay used.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';
import { deleteComment } from '../../src/server/comments/store.ts';
import { copyDatabase } from '../../src/server/db/copy.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { openPostgresDatabase } from '../../src/server/db/postgres.ts';
import { openSqliteDatabase } from '../../src/server/db/sqlite.ts';
import { NOW, addComment, addUser } from './fixtures.ts';
import { createTempDirectory, createTestSchema, testDatabaseUrl } from './test-db.ts';

const skip = testDatabaseUrl === null ? 'PostgreSQL only: TEST_DATABASE_URL is not set' : false;

test('a comment deleted before moving to PostgreSQL keeps its number out of use there', { skip }, async (t) => {
  const directory = await createTempDirectory();
  const source = openSqliteDatabase(join(directory.path, 'newsroom.sqlite'));
  const schema = await createTestSchema(testDatabaseUrl ?? '');
  const target = openPostgresDatabase(schema.url, { poolSize: 2 });
  t.after(async () => {
    await Promise.all([source.close(), target.close()]);
    await Promise.all([directory.cleanup(), schema.drop()]);
  });
  await migrate(source);
  const ada = await addUser(source, 'ada');
  await addComment(source, ada);
  const newest = await addComment(source, ada);
  assert.deepEqual(await deleteComment(source, { commentId: newest.id, userId: ada }, NOW), { ok: true });

  const outcome = await copyDatabase(source, target);

  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  const next = await addComment(target, ada);
  assert.equal(next.id, newest.id + 1);
});
