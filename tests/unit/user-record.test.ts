import assert from 'node:assert/strict';
import test from 'node:test';
import { banUser, hideComment, setRoleAsAdmin, unbanUser } from '../../src/server/moderation/decisions.ts';
import { reportComment } from '../../src/server/moderation/reports.ts';
import { readUserRecord, userRecordPath } from '../../src/server/moderation/user-record.ts';
import { addComment, addUser, NOW, STORY } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const RULES = { reportHideThreshold: 3, reportMinAccountAgeHours: 0 };

test("a user's record lists their comments with statuses, newest first and paged", async (t) => {
  const db = await freshDatabase(t);
  const mo = await addUser(db, 'mo', { role: 'moderator' });
  const dave = await addUser(db, 'dave-k');
  const first = await addComment(db, dave, { body: 'First', at: NOW });
  const second = await addComment(db, dave, { body: 'Second', at: NOW + 1, status: 'pending' });
  const third = await addComment(db, dave, { body: 'Third', at: NOW + 2 });
  await hideComment(db, { actorId: mo, commentId: first.id, reason: 'Rude' }, NOW + 3);

  const record = await readUserRecord(db, 'DAVE-K', { page: 1, pageSize: 2 });
  assert.ok(record !== null);
  assert.equal(record.user.username, 'dave-k');
  assert.equal(record.hasMoreComments, true);
  assert.deepEqual(
    record.comments.map((comment) => [comment.id, comment.status, comment.storySlug]),
    [
      [third.id, 'visible', STORY],
      [second.id, 'pending', STORY],
    ],
  );
  const next = await readUserRecord(db, 'dave-k', { page: 2, pageSize: 2 });
  assert.deepEqual(
    next?.comments.map((comment) => [comment.id, comment.status, comment.hiddenReason]),
    [[first.id, 'hidden', 'Rude']],
  );
  assert.equal(next?.hasMoreComments, false);
  assert.equal(await readUserRecord(db, 'nobody', { page: 1, pageSize: 2 }), null);
});

test('the record shows reports against the user and by the user', async (t) => {
  const db = await freshDatabase(t);
  const dave = await addUser(db, 'dave');
  const erin = await addUser(db, 'erin');
  const daves = await addComment(db, dave, { body: 'By Dave' });
  const erins = await addComment(db, erin, { body: 'By Erin' });
  assert.deepEqual(
    await reportComment(db, { commentId: daves.id, reporterId: erin, reason: 'abuse', note: 'Rude to me' }, RULES, NOW),
    { ok: true, hidden: false },
  );
  assert.deepEqual(await reportComment(db, { commentId: erins.id, reporterId: dave, reason: 'spam' }, RULES, NOW + 1), {
    ok: true,
    hidden: false,
  });

  const record = await readUserRecord(db, 'dave', { page: 1, pageSize: 10 });
  assert.deepEqual(
    record?.reportsAgainst.map((report) => [report.commentId, report.other.username, report.reason, report.note]),
    [[daves.id, 'erin', 'abuse', 'Rude to me']],
  );
  assert.deepEqual(
    record?.reportsBy.map((report) => [report.commentId, report.other.username, report.reason, report.note]),
    [[erins.id, 'erin', 'spam', null]],
  );
});

test('the record shows bans and role changes from the audit log, newest first', async (t) => {
  const db = await freshDatabase(t);
  const ann = await addUser(db, 'ann', { role: 'admin' });
  const dave = await addUser(db, 'dave');
  await banUser(db, { actorId: ann, userId: dave, reason: 'Spam run' }, NOW);
  await unbanUser(db, { actorId: ann, userId: dave }, NOW + 1);
  const promoted = await setRoleAsAdmin(db, { actorId: ann, username: 'dave', role: 'moderator' }, NOW + 2);
  assert.equal(promoted.ok, true);

  const record = await readUserRecord(db, 'dave', { page: 1, pageSize: 10 });
  assert.deepEqual(
    record?.history.map((line) => [line.action, line.actor, line.reason]),
    [
      ['set-role', { kind: 'account', id: ann, username: 'ann' }, 'reader to moderator'],
      ['unban-user', { kind: 'account', id: ann, username: 'ann' }, null],
      ['ban-user', { kind: 'account', id: ann, username: 'ann' }, 'Spam run'],
    ],
  );
  assert.equal(record?.user.role, 'moderator');
});

test("the record's address carries the username", () => {
  assert.equal(userRecordPath('dave-k'), '/moderation/users/dave-k/');
});
