import assert from 'node:assert/strict';
import test, { type TestContext } from 'node:test';
import type { Database } from '../../src/server/db/database.ts';
import {
  describeAccount,
  listAuditLog,
  readAuditLog,
  writeAuditEntry,
  type AuditAction,
  type AuditFilter,
} from '../../src/server/moderation/audit-log.ts';
import {
  banUser,
  hideComment,
  restoreComment,
  setRoleFromCommandLine,
  unbanUser,
} from '../../src/server/moderation/decisions.ts';
import { addComment, addUser, NOW, STORY } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

test('entries list newest first with who, what, when and why, up to the limit', async (t) => {
  const db = await freshDatabase(t);
  const mo = await addUser(db, 'Mo', { role: 'moderator' });
  await writeAuditEntry(
    db,
    { actorId: null, action: 'set-role', targetType: 'user', targetId: mo, reason: 'reader to moderator' },
    NOW,
  );
  await writeAuditEntry(
    db,
    { actorId: mo, action: 'hide-comment', targetType: 'comment', targetId: 7, reason: 'Off topic' },
    NOW + 10,
  );
  await writeAuditEntry(
    db,
    { actorId: mo, action: 'approve-comment', targetType: 'comment', targetId: 8, reason: null },
    NOW + 10,
  );

  const entries = await listAuditLog(db, { limit: 10 });
  assert.deepEqual(
    entries.map(({ id: _id, ...entry }) => entry),
    [
      {
        actorId: mo,
        actorName: 'Mo',
        action: 'approve-comment',
        targetType: 'comment',
        targetId: 8,
        reason: null,
        createdAt: NOW + 10,
      },
      {
        actorId: mo,
        actorName: 'Mo',
        action: 'hide-comment',
        targetType: 'comment',
        targetId: 7,
        reason: 'Off topic',
        createdAt: NOW + 10,
      },
      {
        actorId: null,
        actorName: null,
        action: 'set-role',
        targetType: 'user',
        targetId: mo,
        reason: 'reader to moderator',
        createdAt: NOW,
      },
    ],
  );
  assert.equal((await listAuditLog(db, { limit: 1 })).length, 1);
});

test('an entry written in a transaction that fails is not kept', async (t) => {
  const db = await freshDatabase(t);
  await assert.rejects(
    db.transaction(async (tx) => {
      await writeAuditEntry(
        tx,
        { actorId: null, action: 'ban-user', targetType: 'user', targetId: 1, reason: null },
        NOW,
      );
      throw new Error('the change failed');
    }),
    /the change failed/,
  );
  assert.deepEqual(await listAuditLog(db, { limit: 10 }), []);
});

/** A moderator, mo-k, and an author, dave-k, with one comment. */
async function moderatorAndAuthor(
  t: TestContext,
): Promise<{ db: Database; mo: number; dave: number; comment: { id: number } }> {
  const db = await freshDatabase(t);
  const mo = await addUser(db, 'mo-k', { role: 'moderator' });
  const dave = await addUser(db, 'dave-k');
  return { db, mo, dave, comment: await addComment(db, dave) };
}

test('the log names actors and targets by username, the threshold as automatic, the command line only for roles', async (t) => {
  const { db, mo, dave, comment } = await moderatorAndAuthor(t);
  assert.equal((await setRoleFromCommandLine(db, { username: 'mo-k', role: 'moderator' }, NOW)).ok, true);
  await writeAuditEntry(
    db,
    {
      actorId: null,
      action: 'hide-reported-comment',
      targetType: 'comment',
      targetId: comment.id,
      reason: '3 reports',
    },
    NOW + 1,
  );
  await writeAuditEntry(
    db,
    { actorId: mo, action: 'ban-user', targetType: 'user', targetId: dave, reason: null },
    NOW + 2,
  );

  const { lines, hasMore } = await readAuditLog(db, { page: 1, pageSize: 10 });
  assert.equal(hasMore, false);
  assert.deepEqual(
    lines.map((line) => [line.actor, line.targetUser, line.comment]),
    [
      [{ kind: 'account', id: mo, username: 'mo-k' }, { id: dave, username: 'dave-k' }, null],
      [
        { kind: 'automatic', label: 'automatic: 3 reports' },
        { id: dave, username: 'dave-k' },
        { id: comment.id, storySlug: STORY, status: 'visible' },
      ],
      [{ kind: 'command-line' }, { id: mo, username: 'mo-k' }, null],
    ],
  );
});

test('a deleted account and a deleted comment keep their lines, named by number', async (t) => {
  const { db, mo, dave, comment } = await moderatorAndAuthor(t);
  await writeAuditEntry(
    db,
    { actorId: mo, action: 'hide-comment', targetType: 'comment', targetId: comment.id, reason: 'Rude' },
    NOW,
  );
  await writeAuditEntry(
    db,
    { actorId: mo, action: 'ban-user', targetType: 'user', targetId: dave, reason: null },
    NOW + 1,
  );
  await db.run('DELETE FROM comments WHERE id = ?', [comment.id]);
  await db.run('DELETE FROM users WHERE id = ?', [dave]);
  await db.run('DELETE FROM users WHERE id = ?', [mo]);

  const { lines } = await readAuditLog(db, { page: 1, pageSize: 10 });
  assert.deepEqual(
    lines.map((line) => [line.actor, line.targetUser, line.comment, line.targetId]),
    [
      [{ kind: 'account', id: mo, username: null }, { id: dave, username: null }, null, dave],
      [{ kind: 'account', id: mo, username: null }, null, null, comment.id],
    ],
  );
  assert.equal(describeAccount({ id: dave, username: null }), `deleted account #${dave}`);
  assert.equal(describeAccount({ id: dave, username: 'dave-k' }), 'dave-k');
});

test('the log filters by action, actor and target user, and pages newest first', async (t) => {
  const db = await freshDatabase(t);
  const mo = await addUser(db, 'mo', { role: 'moderator' });
  const ann = await addUser(db, 'ann', { role: 'admin' });
  const dave = await addUser(db, 'dave');
  const erin = await addUser(db, 'erin');
  const daves = await addComment(db, dave);
  const erins = await addComment(db, erin);
  const write = (
    actorId: number | null,
    action: AuditAction,
    targetType: 'comment' | 'user',
    targetId: number,
    at: number,
  ): Promise<void> => writeAuditEntry(db, { actorId, action, targetType, targetId, reason: null }, at);
  await write(mo, 'hide-comment', 'comment', daves.id, NOW);
  await write(ann, 'hide-comment', 'comment', erins.id, NOW + 1);
  await write(mo, 'ban-user', 'user', dave, NOW + 2);
  await write(ann, 'ban-user', 'user', erin, NOW + 3);
  await write(null, 'hide-reported-comment', 'comment', daves.id, NOW + 4);

  const ids = async (filter: AuditFilter): Promise<number[]> =>
    (await readAuditLog(db, { page: 1, pageSize: 10, filter })).lines.map((line) => line.createdAt - NOW);
  assert.deepEqual(await ids({ action: 'ban-user' }), [3, 2]);
  assert.deepEqual(await ids({ actorId: mo }), [2, 0]);
  assert.deepEqual(await ids({ targetUserId: dave }), [4, 2, 0], "the user's comments count as targets too");
  assert.deepEqual(await ids({ actorId: ann, targetUserId: erin, action: 'hide-comment' }), [1]);

  const first = await readAuditLog(db, { page: 1, pageSize: 2 });
  const second = await readAuditLog(db, { page: 2, pageSize: 2 });
  const third = await readAuditLog(db, { page: 3, pageSize: 2 });
  assert.deepEqual([first.hasMore, second.hasMore, third.hasMore], [true, true, false]);
  assert.deepEqual(
    [...first.lines, ...second.lines, ...third.lines].map((line) => line.createdAt - NOW),
    [4, 3, 2, 1, 0],
  );
});

test('a hide or a ban offers undo only while the state it made still holds', async (t) => {
  const db = await freshDatabase(t);
  const mo = await addUser(db, 'mo', { role: 'moderator' });
  const dave = await addUser(db, 'dave');
  const comment = await addComment(db, dave);
  const other = await addComment(db, dave);
  await hideComment(db, { actorId: mo, commentId: comment.id, reason: 'Rude' }, NOW);
  await hideComment(db, { actorId: mo, commentId: other.id, reason: 'Rude' }, NOW + 1);
  await restoreComment(db, { actorId: mo, commentId: other.id }, NOW + 2);
  await banUser(db, { actorId: mo, userId: dave }, NOW + 3);

  const undo = async (): Promise<Array<[string, string | null]>> =>
    (await readAuditLog(db, { page: 1, pageSize: 10 })).lines.map((line) => [line.action, line.undo]);
  assert.deepEqual(await undo(), [
    ['ban-user', 'unban'],
    ['restore-comment', null],
    ['hide-comment', null],
    ['hide-comment', 'restore'],
  ]);
  await unbanUser(db, { actorId: mo, userId: dave }, NOW + 4);
  assert.deepEqual(await undo(), [
    ['unban-user', null],
    ['ban-user', null],
    ['restore-comment', null],
    ['hide-comment', null],
    ['hide-comment', 'restore'],
  ]);
});
