/**
 * A comment's number is its address (#comment-N links, the audit log), so no number is ever given
 * twice, whichever database holds the comments (issue 12, item 1).
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { deleteComment } from '../../src/server/comments/store.ts';
import type { Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { migrations } from '../../src/server/db/migrations.ts';
import { deleteCommentForGood } from '../../src/server/moderation/decisions.ts';
import { NOW, addComment, addUser } from './fixtures.ts';
import { createTestDatabase, freshDatabase } from './test-db.ts';

/** Every row of the tables that hold or name comments, in a stable order. */
async function commentRows(db: Database): Promise<unknown[]> {
  return [
    await db.all('SELECT * FROM comments ORDER BY id'),
    await db.all('SELECT * FROM reports ORDER BY id'),
    await db.all('SELECT * FROM audit_log ORDER BY id'),
  ];
}

/** The columns, keys and indexes of every table, as the database's own catalog describes them. */
async function describeSchema(db: Database): Promise<unknown> {
  if (db.dialect === 'postgres') {
    return [
      await db.all(
        `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
      ),
      await db.all(
        `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2`,
      ),
      await db.all('SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1'),
    ];
  }
  const tables = await db.all<{ name: string; strict: number }>(
    "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite%' ORDER BY name",
  );
  const described = [];
  for (const table of tables) {
    described.push({
      ...table,
      columns: await db.all('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_xinfo(?)', [table.name]),
      foreignKeys: await db.all(
        'SELECT "table", "from", "to", on_update, on_delete, match FROM pragma_foreign_key_list(?) ORDER BY id, seq',
        [table.name],
      ),
    });
  }
  const indexes = await db.all("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name");
  return [described, indexes];
}

test("the newest comment's number, once its author deletes it, is not given to the next comment", async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'ada');
  await addComment(db, ada, { body: 'First' });
  const newest = await addComment(db, ada, { body: 'Second, soon deleted' });
  assert.deepEqual(await deleteComment(db, { commentId: newest.id, userId: ada }, NOW), { ok: true });
  assert.equal(await db.get('SELECT id FROM comments WHERE id = ?', [newest.id]), null, 'deleted outright');

  const next = await addComment(db, ada, { body: 'Third' });
  assert.equal(next.id, newest.id + 1);
});

test('a number a moderator deleted for good stays out of use, though the audit log still names it', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'ada');
  const mo = await addUser(db, 'mo', { role: 'moderator' });
  const first = await addComment(db, ada);
  const reply = await addComment(db, ada, { parentId: first.id });
  assert.deepEqual(await deleteCommentForGood(db, { actorId: mo, commentId: reply.id }, NOW), { ok: true });
  assert.deepEqual(await db.all("SELECT target_id FROM audit_log WHERE target_type = 'comment'"), [
    { target_id: reply.id },
  ]);

  const next = await addComment(db, ada);
  assert.ok(next.id > reply.id, `comment ${next.id} after ${reply.id}`);
});

test('a database made before numbers were kept keeps every row, key and index, and numbers past any ever named', async (t) => {
  const { db, cleanup } = await createTestDatabase({ migrated: false });
  t.after(cleanup);
  const beforeThisFix = migrations.filter((migration) => migration.version <= 2);
  await migrate(db, beforeThisFix);
  const ada = await addUser(db, 'ada');
  const bo = await addUser(db, 'bo');
  const mo = await addUser(db, 'mo', { role: 'moderator' });
  const first = await addComment(db, ada, { body: 'First' });
  const reply = await addComment(db, bo, { parentId: first.id, body: 'A reply' });
  await addComment(db, bo, { status: 'pending', body: 'Held' });
  const deletedByAuthor = await addComment(db, ada, { body: 'Deleted by its author' });
  const deletedByModerator = await addComment(db, bo, { body: 'Deleted by a moderator' });
  await db.run('INSERT INTO reports (comment_id, reporter_id, reason, created_at) VALUES (?, ?, ?, ?), (?, ?, ?, ?)', [
    first.id,
    bo,
    'spam',
    NOW,
    reply.id,
    ada,
    'abuse',
    NOW,
  ]);
  assert.deepEqual(await deleteCommentForGood(db, { actorId: mo, commentId: deletedByModerator.id }, NOW), {
    ok: true,
  });
  assert.deepEqual(await deleteComment(db, { commentId: deletedByAuthor.id, userId: ada }, NOW), { ok: true });
  const rowsBefore = await commentRows(db);
  const schemaBefore = await describeSchema(db);

  // Up to this fix only: later migrations add columns of their own.
  await migrate(
    db,
    migrations.filter((migration) => migration.version <= 3),
  );

  assert.deepEqual(await commentRows(db), rowsBefore);
  assert.deepEqual(await describeSchema(db), schemaBefore);
  const next = await addComment(db, ada, { body: 'After the upgrade' });
  assert.equal(next.id, deletedByModerator.id + 1, 'past the number the audit log names');

  if (db.dialect === 'sqlite') {
    assert.deepEqual(await db.all('PRAGMA foreign_key_check'), []);
    assert.deepEqual(await db.get('PRAGMA foreign_keys'), { foreign_keys: 1 });
  }
  await assert.rejects(db.run("UPDATE comments SET status = 'gone' WHERE id = ?", [first.id]), /check constraint/i);
  await assert.rejects(db.run('UPDATE comments SET author_id = 999 WHERE id = ?', [first.id]), /foreign key/i);
  await assert.rejects(db.run('DELETE FROM comments WHERE id = ?', [first.id]), /foreign key/i, 'it has a reply');
  await db.run('DELETE FROM comments WHERE id = ?', [reply.id]);
  assert.deepEqual(await db.all('SELECT comment_id FROM reports ORDER BY id'), [{ comment_id: first.id }]);
});
