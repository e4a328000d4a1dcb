import assert from 'node:assert/strict';
import test from 'node:test';
import { listAuditLog } from '../../src/server/moderation/audit-log.ts';
import { getComment, postComment } from '../../src/server/comments/store.ts';
import type { Database } from '../../src/server/db/database.ts';
import { restoreComment } from '../../src/server/moderation/decisions.ts';
import { HIDDEN_BY_REPORTS_REASON, reportComment } from '../../src/server/moderation/reports.ts';
import { setUserRole } from '../../src/server/accounts/user.ts';
import { freshDatabase } from './test-db.ts';

const NOW = 1_800_000_000;
const config = { reportHideThreshold: 3 };

async function addUser(db: Database, username: string, bannedAt: number | null = null): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO users (username, username_key, password_hash, banned_at, created_at)
     VALUES (?, ?, 'not-a-real-hash', ?, ?) RETURNING id`,
    [username, username.toLowerCase(), bannedAt, NOW],
  );
  assert.ok(row !== null);
  return Number(row.id);
}

async function addComment(db: Database, authorId: number, status: 'visible' | 'pending' = 'visible'): Promise<number> {
  const result = await postComment(db, { storySlug: 'story', parentId: null, authorId, body: 'Hi', status }, NOW);
  assert.ok(result.ok);
  return result.comment.id;
}

test('a reader reports a comment once; a second report is refused', async (t) => {
  const db = await freshDatabase(t);
  const commentId = await addComment(db, await addUser(db, 'ada'));
  const bob = await addUser(db, 'bob');
  const report = { commentId, reporterId: bob, reason: 'spam' as const, note: '  Selling pills  ' };
  assert.deepEqual(await reportComment(db, report, config, NOW), { ok: true, hidden: false });
  assert.deepEqual(await reportComment(db, { ...report, reason: 'abuse' }, config, NOW + 5), {
    ok: false,
    reason: 'already-reported',
  });
  assert.deepEqual(await db.all('SELECT reporter_id, reason, note, created_at FROM reports'), [
    { reporter_id: bob, reason: 'spam', note: 'Selling pills', created_at: NOW },
  ]);
});

test('nobody can report their own comment', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'ada');
  const commentId = await addComment(db, ada);
  assert.deepEqual(await reportComment(db, { commentId, reporterId: ada, reason: 'other' }, config, NOW), {
    ok: false,
    reason: 'own-comment',
  });
});

test('a missing comment, or one the reporter cannot see, is not found', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'ada');
  const bob = await addUser(db, 'bob');
  const pending = await addComment(db, ada, 'pending');
  for (const commentId of [pending, 12345]) {
    assert.deepEqual(await reportComment(db, { commentId, reporterId: bob, reason: 'spam' }, config, NOW), {
      ok: false,
      reason: 'not-found',
    });
  }
});

test('a banned reader cannot report', async (t) => {
  const db = await freshDatabase(t);
  const commentId = await addComment(db, await addUser(db, 'ada'));
  const banned = await addUser(db, 'troll', NOW - 10);
  assert.deepEqual(await reportComment(db, { commentId, reporterId: banned, reason: 'abuse' }, config, NOW), {
    ok: false,
    reason: 'banned',
  });
});

test('a note longer than 500 characters is refused', async (t) => {
  const db = await freshDatabase(t);
  const commentId = await addComment(db, await addUser(db, 'ada'));
  const bob = await addUser(db, 'bob');
  const result = await reportComment(
    db,
    { commentId, reporterId: bob, reason: 'other', note: 'x'.repeat(501) },
    config,
    NOW,
  );
  assert.deepEqual(result, { ok: false, reason: 'note-too-long', message: 'Notes can be at most 500 characters.' });
});

test('the third report hides the comment until a moderator decides, and the log says why', async (t) => {
  const db = await freshDatabase(t);
  const commentId = await addComment(db, await addUser(db, 'ada'));
  const reporters = [await addUser(db, 'r1'), await addUser(db, 'r2'), await addUser(db, 'r3')];
  const outcomes = [];
  for (const reporterId of reporters) {
    outcomes.push(await reportComment(db, { commentId, reporterId, reason: 'abuse' }, config, NOW));
  }
  assert.deepEqual(outcomes, [
    { ok: true, hidden: false },
    { ok: true, hidden: false },
    { ok: true, hidden: true },
  ]);
  const comment = await getComment(db, commentId);
  assert.equal(comment?.status, 'hidden');
  assert.equal(comment?.hiddenReason, HIDDEN_BY_REPORTS_REASON);
  const [entry] = await listAuditLog(db, { limit: 10 });
  assert.deepEqual(entry && { ...entry, id: 0 }, {
    id: 0,
    actorId: null,
    actorName: null,
    action: 'hide-reported-comment',
    targetType: 'comment',
    targetId: commentId,
    reason: '3 reports',
    createdAt: NOW,
  });
});

test('the threshold is a setting', async (t) => {
  const db = await freshDatabase(t);
  const commentId = await addComment(db, await addUser(db, 'ada'));
  const bob = await addUser(db, 'bob');
  const result = await reportComment(
    db,
    { commentId, reporterId: bob, reason: 'spam' },
    { reportHideThreshold: 1 },
    NOW,
  );
  assert.deepEqual(result, { ok: true, hidden: true });
});

test('after a moderator restores a comment, only new reports count towards hiding it again', async (t) => {
  const db = await freshDatabase(t);
  const commentId = await addComment(db, await addUser(db, 'ada'));
  const moderator = await addUser(db, 'mod');
  assert.ok((await setUserRole(db, 'mod', 'moderator')).ok);
  for (const name of ['r1', 'r2', 'r3']) {
    await reportComment(db, { commentId, reporterId: await addUser(db, name), reason: 'abuse' }, config, NOW);
  }
  assert.deepEqual(await restoreComment(db, { actorId: moderator, commentId }, NOW + 60), { ok: true });

  const late = [await addUser(db, 'r4'), await addUser(db, 'r5'), await addUser(db, 'r6')];
  const hidden = [];
  for (const reporterId of late) {
    const result = await reportComment(db, { commentId, reporterId, reason: 'spam' }, config, NOW + 120);
    hidden.push(result.ok && result.hidden);
  }
  assert.deepEqual(hidden, [false, false, true]);
});
