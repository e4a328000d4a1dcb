import assert from 'node:assert/strict';
import test from 'node:test';
import { listAuditLog } from '../../src/server/moderation/audit-log.ts';
import { getComment } from '../../src/server/comments/store.ts';
import type { Database } from '../../src/server/db/database.ts';
import {
  approveComment,
  BANNED_AUTHOR_REASON,
  banUser,
  canModerate,
  deleteCommentForGood,
  hideComment,
  restoreComment,
  setRoleAsAdmin,
  setRoleFromCommandLine,
  unbanUser,
} from '../../src/server/moderation/decisions.ts';
import { listModerationQueue } from '../../src/server/moderation/queue.ts';
import { reportComment } from '../../src/server/moderation/reports.ts';
import { createSession, validateSessionToken } from '../../src/server/accounts/session.ts';
import { findUserByUsername } from '../../src/server/accounts/user.ts';
import { addComment, addUser, NOW, STORY } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const REPORT_RULES = { reportHideThreshold: 3, reportMinAccountAgeHours: 24 };

interface Cast {
  reader: number;
  author: number;
  moderator: number;
  admin: number;
}

async function addCast(db: Database): Promise<Cast> {
  return {
    reader: await addUser(db, 'reader'),
    author: await addUser(db, 'author'),
    moderator: await addUser(db, 'moderator', { role: 'moderator' }),
    admin: await addUser(db, 'admin', { role: 'admin' }),
  };
}

async function snapshot(db: Database): Promise<unknown> {
  return {
    comments: await db.all('SELECT * FROM comments ORDER BY id'),
    users: await db.all('SELECT * FROM users ORDER BY id'),
    sessions: await db.all('SELECT id FROM sessions ORDER BY id'),
    audit: await db.all('SELECT * FROM audit_log'),
  };
}

test('only moderators and admins who are not banned may moderate', () => {
  assert.equal(canModerate({ role: 'reader', bannedAt: null }), false);
  assert.equal(canModerate({ role: 'moderator', bannedAt: null }), true);
  assert.equal(canModerate({ role: 'admin', bannedAt: null }), true);
  assert.equal(canModerate({ role: 'moderator', bannedAt: NOW }), false);
});

test('a reader is forbidden every moderation action and nothing changes', async (t) => {
  const db = await freshDatabase(t);
  const cast = await addCast(db);
  const { id: commentId } = await addComment(db, cast.author, { status: 'pending' });
  await createSession(db, cast.author, NOW);
  const before = await snapshot(db);
  const actorId = cast.reader;
  const outcomes = [
    await approveComment(db, { actorId, commentId }, NOW),
    await hideComment(db, { actorId, commentId, reason: 'No' }, NOW),
    await restoreComment(db, { actorId, commentId }, NOW),
    await deleteCommentForGood(db, { actorId, commentId }, NOW),
    await banUser(db, { actorId, userId: cast.author }, NOW),
    await unbanUser(db, { actorId, userId: cast.author }, NOW),
    await setRoleAsAdmin(db, { actorId, username: 'reader', role: 'admin' }, NOW),
  ];
  for (const outcome of outcomes) assert.deepEqual(outcome, { ok: false, reason: 'forbidden' });
  assert.deepEqual(await snapshot(db), before);
});

test('a banned moderator, or an unknown actor, is forbidden too', async (t) => {
  const db = await freshDatabase(t);
  const cast = await addCast(db);
  const { id: commentId } = await addComment(db, cast.author, { status: 'pending' });
  await db.run('UPDATE users SET banned_at = ? WHERE id = ?', [NOW - 1, cast.moderator]);
  assert.deepEqual(await approveComment(db, { actorId: cast.moderator, commentId }, NOW), {
    ok: false,
    reason: 'forbidden',
  });
  assert.deepEqual(await approveComment(db, { actorId: 9999, commentId }, NOW), { ok: false, reason: 'forbidden' });
});

test('approving a waiting comment publishes it and records who, what, when and why', async (t) => {
  const db = await freshDatabase(t);
  const cast = await addCast(db);
  const { id: commentId } = await addComment(db, cast.author, { status: 'pending' });
  const result = await approveComment(db, { actorId: cast.moderator, commentId, reason: ' Fine ' }, NOW + 60);
  assert.deepEqual(result, { ok: true });
  assert.equal((await getComment(db, commentId))?.status, 'visible');
  const [entry] = await listAuditLog(db, { limit: 1 });
  assert.deepEqual(entry && { ...entry, id: 0 }, {
    id: 0,
    actorId: cast.moderator,
    actorName: 'moderator',
    action: 'approve-comment',
    targetType: 'comment',
    targetId: commentId,
    reason: 'Fine',
    createdAt: NOW + 60,
  });
});

test('hiding needs a reason, which the author is shown; restoring clears it', async (t) => {
  const db = await freshDatabase(t);
  const cast = await addCast(db);
  const { id: commentId } = await addComment(db, cast.author);
  assert.deepEqual(await hideComment(db, { actorId: cast.moderator, commentId, reason: '  ' }, NOW), {
    ok: false,
    reason: 'invalid-reason',
    message: 'Give a reason: the author will see it.',
  });
  assert.deepEqual(await hideComment(db, { actorId: cast.moderator, commentId, reason: 'x'.repeat(501) }, NOW), {
    ok: false,
    reason: 'invalid-reason',
    message: 'Reasons can be at most 500 characters.',
  });
  assert.deepEqual(await hideComment(db, { actorId: cast.moderator, commentId, reason: 'Personal attack' }, NOW), {
    ok: true,
  });
  const hidden = await getComment(db, commentId);
  assert.deepEqual([hidden?.status, hidden?.hiddenReason], ['hidden', 'Personal attack']);

  assert.deepEqual(await restoreComment(db, { actorId: cast.admin, commentId }, NOW + 5), { ok: true });
  const restored = await getComment(db, commentId);
  assert.deepEqual([restored?.status, restored?.hiddenReason], ['visible', null]);
  assert.deepEqual(
    (await listAuditLog(db, { limit: 10 })).map((entry) => [entry.actorName, entry.action, entry.reason]),
    [
      ['admin', 'restore-comment', null],
      ['moderator', 'hide-comment', 'Personal attack'],
    ],
  );
});

test('actions on a missing or deleted comment are not found', async (t) => {
  const db = await freshDatabase(t);
  const cast = await addCast(db);
  assert.deepEqual(await approveComment(db, { actorId: cast.moderator, commentId: 404 }, NOW), {
    ok: false,
    reason: 'not-found',
  });
  const { id: parent } = await addComment(db, cast.author);
  await addComment(db, cast.reader, { parentId: parent });
  assert.deepEqual(await deleteCommentForGood(db, { actorId: cast.moderator, commentId: parent }, NOW), { ok: true });
  assert.deepEqual(await restoreComment(db, { actorId: cast.moderator, commentId: parent }, NOW), {
    ok: false,
    reason: 'not-found',
  });
});

test('deleting for good removes a comment without replies', async (t) => {
  const db = await freshDatabase(t);
  const cast = await addCast(db);
  const { id: commentId } = await addComment(db, cast.author);
  await reportComment(db, { commentId, reporterId: cast.reader, reason: 'spam' }, REPORT_RULES, NOW);
  assert.deepEqual(await deleteCommentForGood(db, { actorId: cast.moderator, commentId, reason: 'Spam' }, NOW), {
    ok: true,
  });
  assert.equal(await getComment(db, commentId), null);
  assert.deepEqual(await db.all('SELECT id FROM reports'), []);
  const [entry] = await listAuditLog(db, { limit: 1 });
  assert.deepEqual([entry?.action, entry?.targetId, entry?.reason], ['delete-comment', commentId, 'Spam']);
});

test('deleting for good keeps a placeholder while replies hang below, and clears it with the last one', async (t) => {
  const db = await freshDatabase(t);
  const cast = await addCast(db);
  const { id: parent } = await addComment(db, cast.author, { body: 'Parent text' });
  const { id: reply } = await addComment(db, cast.reader, { parentId: parent });
  assert.deepEqual(await deleteCommentForGood(db, { actorId: cast.moderator, commentId: parent }, NOW + 1), {
    ok: true,
  });
  const placeholder = await getComment(db, parent);
  assert.deepEqual([placeholder?.status, placeholder?.body, placeholder?.deletedAt], ['deleted', '', NOW + 1]);
  assert.equal((await getComment(db, reply))?.status, 'visible');

  assert.deepEqual(await deleteCommentForGood(db, { actorId: cast.moderator, commentId: reply }, NOW + 2), {
    ok: true,
  });
  assert.deepEqual(await db.all('SELECT id FROM comments'), []);
});

test('a ban hides the author’s visible comments at once and ends their sessions', async (t) => {
  const db = await freshDatabase(t);
  const cast = await addCast(db);
  const { id: visible } = await addComment(db, cast.author, { body: 'One' });
  const { id: pending } = await addComment(db, cast.author, { body: 'Two', status: 'pending' });
  const { id: someoneElse } = await addComment(db, cast.reader, { body: 'Three' });
  const { token } = await createSession(db, cast.author, NOW);
  const readerSession = await createSession(db, cast.reader, NOW);

  const result = await banUser(
    db,
    { actorId: cast.moderator, userId: cast.author, reason: 'Repeated abuse' },
    NOW + 10,
  );
  assert.deepEqual(result, { ok: true });
  assert.equal((await findUserByUsername(db, 'author'))?.bannedAt, NOW + 10);
  const hidden = await getComment(db, visible);
  assert.deepEqual([hidden?.status, hidden?.hiddenReason], ['hidden', BANNED_AUTHOR_REASON]);
  assert.equal((await getComment(db, pending))?.status, 'pending');
  assert.equal((await getComment(db, someoneElse))?.status, 'visible');
  assert.equal(await validateSessionToken(db, token, NOW + 11), null);
  assert.notEqual(await validateSessionToken(db, readerSession.token, NOW + 11), null);
  const [entry] = await listAuditLog(db, { limit: 1 });
  assert.deepEqual(
    [entry?.actorId, entry?.action, entry?.targetType, entry?.targetId, entry?.reason],
    [cast.moderator, 'ban-user', 'user', cast.author, 'Repeated abuse'],
  );
  assert.deepEqual(await banUser(db, { actorId: cast.moderator, userId: cast.author }, NOW + 20), {
    ok: false,
    reason: 'already-banned',
  });
});

test('unbanning shows again what the ban hid, but not what a moderator hid', async (t) => {
  const db = await freshDatabase(t);
  const cast = await addCast(db);
  const { id: byBan } = await addComment(db, cast.author, { body: 'One' });
  const { id: byModerator } = await addComment(db, cast.author, { body: 'Two' });
  await hideComment(db, { actorId: cast.moderator, commentId: byModerator, reason: 'Off topic' }, NOW);
  await banUser(db, { actorId: cast.moderator, userId: cast.author }, NOW + 10);

  assert.deepEqual(await unbanUser(db, { actorId: cast.moderator, userId: cast.author }, NOW + 20), { ok: true });
  assert.equal((await findUserByUsername(db, 'author'))?.bannedAt, null);
  assert.equal((await getComment(db, byBan))?.status, 'visible');
  assert.equal((await getComment(db, byModerator))?.hiddenReason, 'Off topic');
  assert.equal((await listAuditLog(db, { limit: 1 }))[0]?.action, 'unban-user');
  assert.deepEqual(await unbanUser(db, { actorId: cast.moderator, userId: cast.author }, NOW + 30), {
    ok: false,
    reason: 'not-banned',
  });
});

test('moderators ban readers only; admins also ban moderators; nobody bans an admin or themselves', async (t) => {
  const db = await freshDatabase(t);
  const cast = await addCast(db);
  const otherModerator = await addUser(db, 'other-mod', { role: 'moderator' });
  const forbidden = { ok: false, reason: 'forbidden' };
  assert.deepEqual(await banUser(db, { actorId: cast.moderator, userId: otherModerator }, NOW), forbidden);
  assert.deepEqual(await banUser(db, { actorId: cast.moderator, userId: cast.admin }, NOW), forbidden);
  assert.deepEqual(await banUser(db, { actorId: cast.moderator, userId: cast.moderator }, NOW), forbidden);
  assert.deepEqual(await banUser(db, { actorId: cast.admin, userId: cast.admin }, NOW), forbidden);
  assert.deepEqual(await banUser(db, { actorId: cast.admin, userId: 404 }, NOW), { ok: false, reason: 'not-found' });
  assert.deepEqual(await banUser(db, { actorId: cast.admin, userId: otherModerator }, NOW), { ok: true });
});

test('only an admin changes roles, and the last admin cannot step down', async (t) => {
  const db = await freshDatabase(t);
  const cast = await addCast(db);
  assert.deepEqual(await setRoleAsAdmin(db, { actorId: cast.moderator, username: 'reader', role: 'moderator' }, NOW), {
    ok: false,
    reason: 'forbidden',
  });
  const promoted = await setRoleAsAdmin(
    db,
    { actorId: cast.admin, username: 'Reader', role: 'moderator', reason: 'Joins the desk' },
    NOW,
  );
  assert.deepEqual(promoted, {
    ok: true,
    user: { id: cast.reader, username: 'reader', role: 'moderator', bannedAt: null },
    previousRole: 'reader',
  });
  const [entry] = await listAuditLog(db, { limit: 1 });
  assert.deepEqual(
    [entry?.actorId, entry?.action, entry?.targetId, entry?.reason],
    [cast.admin, 'set-role', cast.reader, 'reader to moderator: Joins the desk'],
  );
  assert.deepEqual(await setRoleAsAdmin(db, { actorId: cast.admin, username: 'nobody', role: 'admin' }, NOW), {
    ok: false,
    reason: 'unknown-user',
  });
  assert.deepEqual(await setRoleAsAdmin(db, { actorId: cast.admin, username: 'admin', role: 'reader' }, NOW), {
    ok: false,
    reason: 'last-admin',
  });
  assert.equal((await setRoleAsAdmin(db, { actorId: cast.admin, username: 'reader', role: 'admin' }, NOW)).ok, true);
  assert.equal((await setRoleAsAdmin(db, { actorId: cast.admin, username: 'admin', role: 'reader' }, NOW)).ok, true);
});

test('the command line sets any role and is logged with no actor', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'ada');
  const result = await setRoleFromCommandLine(db, { username: 'ada', role: 'admin' }, NOW);
  assert.deepEqual(result, {
    ok: true,
    user: { id: ada, username: 'ada', role: 'admin', bannedAt: null },
    previousRole: 'reader',
  });
  const [entry] = await listAuditLog(db, { limit: 1 });
  assert.deepEqual(
    [entry?.actorId, entry?.action, entry?.reason],
    [null, 'set-role', 'reader to admin: from the command line'],
  );
  assert.deepEqual(await setRoleFromCommandLine(db, { username: 'nobody', role: 'admin' }, NOW), {
    ok: false,
    reason: 'unknown-user',
  });
});

test('the queue lists waiting and reported comments newest first, with story, author and reports', async (t) => {
  const db = await freshDatabase(t);
  const cast = await addCast(db);
  const { id: waiting } = await addComment(db, cast.author, { status: 'pending', body: 'Please approve', at: NOW });
  const { id: reported } = await addComment(db, cast.author, { body: 'Buy now', at: NOW + 10 });
  await addComment(db, cast.author, { body: 'Unremarkable', at: NOW + 20 });
  const { id: dealtWith } = await addComment(db, cast.author, { body: 'Fine after all', at: NOW + 30 });
  await reportComment(
    db,
    { commentId: reported, reporterId: cast.reader, reason: 'spam', note: 'Ad' },
    REPORT_RULES,
    NOW + 40,
  );
  await reportComment(
    db,
    { commentId: reported, reporterId: cast.moderator, reason: 'off-topic' },
    REPORT_RULES,
    NOW + 50,
  );
  await reportComment(db, { commentId: dealtWith, reporterId: cast.reader, reason: 'abuse' }, REPORT_RULES, NOW + 40);
  await approveComment(db, { actorId: cast.moderator, commentId: dealtWith }, NOW + 60);

  const queue = await listModerationQueue(db);
  assert.deepEqual(queue, [
    {
      commentId: reported,
      storySlug: STORY,
      parentId: null,
      body: 'Buy now',
      status: 'visible',
      hiddenReason: null,
      holdReasons: [],
      createdAt: NOW + 10,
      editedAt: null,
      author: { id: cast.author, username: 'author', role: 'reader', bannedAt: null, suspendedUntil: null },
      reports: [
        { reason: 'spam', note: 'Ad', reporterName: 'reader', createdAt: NOW + 40 },
        { reason: 'off-topic', note: null, reporterName: 'moderator', createdAt: NOW + 50 },
      ],
    },
    {
      commentId: waiting,
      storySlug: STORY,
      parentId: null,
      body: 'Please approve',
      status: 'pending',
      hiddenReason: null,
      holdReasons: [],
      createdAt: NOW,
      editedAt: null,
      author: { id: cast.author, username: 'author', role: 'reader', bannedAt: null, suspendedUntil: null },
      reports: [],
    },
  ]);

  await hideComment(db, { actorId: cast.moderator, commentId: reported, reason: 'Spam' }, NOW + 70);
  await approveComment(db, { actorId: cast.moderator, commentId: waiting }, NOW + 70);
  assert.deepEqual(await listModerationQueue(db), []);
});
