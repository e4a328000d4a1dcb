import assert from 'node:assert/strict';
import test from 'node:test';
import { parseBannedWords } from '../../src/server/abuse/banned-words.ts';
import { readLimitsConfig, type LimitsConfig } from '../../src/server/abuse/limits-config.ts';
import { limitReport, recordHoldReasons, screenComment, type Commenter } from '../../src/server/abuse/screening.ts';
import { getComment, postComment } from '../../src/server/comments/store.ts';
import type { Database } from '../../src/server/db/database.ts';
import { canActOnAccount, dismissReports, suspendUser, approveComment } from '../../src/server/moderation/decisions.ts';
import { findModerationQueue } from '../../src/server/moderation/queue.ts';
import { HIDDEN_BY_REPORTS_REASON, reportComment } from '../../src/server/moderation/reports.ts';
import { addComment, addUser, NOW, STORY } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const defaults = readLimitsConfig({}).config;
const config: LimitsConfig = {
  ...defaults,
  rateLimits: false,
  comments: { ...defaults.comments, bannedWords: parseBannedWords('scam') },
};
const REPORT_RULES = { reportHideThreshold: 3, reportMinAccountAgeHours: 0 };
const DAY = 24 * 60 * 60;

/** Screens, stores and records the hold reasons, as the comment action does. */
async function screenAndPost(db: Database, user: Commenter, body: string, story = STORY, now = NOW): Promise<number> {
  const screening = await screenComment(db, { user, body }, config, now);
  assert.ok(screening.ok);
  const posted = await postComment(
    db,
    { storySlug: story, parentId: null, authorId: user.id, body, status: screening.status },
    now,
  );
  assert.ok(posted.ok);
  await recordHoldReasons(db, posted.comment.id, screening);
  return posted.comment.id;
}

async function reader(db: Database, name: string): Promise<Commenter> {
  return { id: await addUser(db, name), role: 'reader', bannedAt: null };
}

test('the queue says why a comment is held: how many links, which banned word', async (t) => {
  const db = await freshDatabase(t);
  const ann = await reader(db, 'ann');
  await screenAndPost(db, ann, 'see https://a.example https://b.example https://c.example');
  await screenAndPost(db, ann, 'what a scam', STORY, NOW + 1);
  const { items, total } = await findModerationQueue(db);
  assert.equal(total, 2);
  assert.deepEqual(
    items.map((item) => item.holdReasons),
    [[{ kind: 'banned-words', words: ['scam'] }], [{ kind: 'links', count: 3, max: 2 }]],
  );
});

test('a comment that passes screening records no hold reasons', async (t) => {
  const db = await freshDatabase(t);
  const ann = await reader(db, 'ann');
  const id = await screenAndPost(db, ann, 'a plain comment');
  const row = await db.get<{ hold_reasons: string | null }>('SELECT hold_reasons FROM comments WHERE id = ?', [id]);
  assert.equal(row?.hold_reasons, null);
});

test('the queue filters by reason, story and user, orders either way and pages with a total', async (t) => {
  const db = await freshDatabase(t);
  const ann = await reader(db, 'ann');
  const bob = await reader(db, 'bob');
  const links = await screenAndPost(db, ann, 'https://a.example https://b.example https://c.example', STORY, NOW);
  const word = await screenAndPost(db, bob, 'scam here', 'other-story', NOW + 10);
  const visible = (await addComment(db, ann.id, { body: 'reported', at: NOW + 20 })).id;
  await reportComment(db, { commentId: visible, reporterId: bob.id, reason: 'spam' }, REPORT_RULES, NOW + 30);

  const ids = async (filters: Parameters<typeof findModerationQueue>[1]): Promise<number[]> =>
    (await findModerationQueue(db, filters)).items.map((item) => item.commentId);
  assert.deepEqual(await ids({}), [visible, word, links]);
  assert.deepEqual(await ids({ order: 'oldest' }), [links, word, visible]);
  assert.deepEqual(await ids({ reason: 'links' }), [links]);
  assert.deepEqual(await ids({ reason: 'banned-words' }), [word]);
  assert.deepEqual(await ids({ reason: 'reports' }), [visible]);
  assert.deepEqual(await ids({ storySlug: 'other-story' }), [word]);
  assert.deepEqual(await ids({ username: 'ann' }), [visible, links]);
  const page = await findModerationQueue(db, { limit: 2, offset: 2 });
  assert.deepEqual(
    page.items.map((item) => item.commentId),
    [links],
  );
  assert.equal(page.total, 3);
});

test('dismissing reports keeps the comment visible, keeps them as dismissed, and they never count again', async (t) => {
  const db = await freshDatabase(t);
  const moderator = await addUser(db, 'mod', { role: 'moderator' });
  const author = await addUser(db, 'author');
  const commentId = (await addComment(db, author, { body: 'fine words' })).id;
  const reporters = [];
  for (const name of ['r1', 'r2']) {
    const id = await addUser(db, name);
    await addComment(db, id, { body: `on show ${name}` });
    reporters.push(id);
    await reportComment(db, { commentId, reporterId: id, reason: 'abuse' }, REPORT_RULES, NOW + 5);
  }
  assert.deepEqual(await dismissReports(db, { actorId: moderator, commentId }, NOW + 10), { ok: true });
  assert.equal((await getComment(db, commentId))?.status, 'visible');
  assert.equal((await findModerationQueue(db)).total, 0);
  const kept = await db.all<{ dismissed_at: number }>('SELECT dismissed_at FROM reports WHERE comment_id = ?', [
    commentId,
  ]);
  assert.deepEqual(
    kept.map((row) => Number(row.dismissed_at)),
    [NOW + 10, NOW + 10],
  );
  const again = await reportComment(
    db,
    { commentId, reporterId: reporters[0] ?? 0, reason: 'abuse' },
    REPORT_RULES,
    NOW + 20,
  );
  assert.deepEqual(again, { ok: false, reason: 'already-reported' });
  const audit = await db.all<{ action: string }>('SELECT action FROM audit_log ORDER BY id');
  assert.deepEqual(
    audit.map((row) => row.action),
    ['dismiss-reports'],
  );
});

test('dismissing reports shows again a comment the reports alone hid', async (t) => {
  const db = await freshDatabase(t);
  const moderator = await addUser(db, 'mod', { role: 'moderator' });
  const author = await addUser(db, 'author');
  const commentId = (await addComment(db, author, { body: 'fine words' })).id;
  for (const name of ['r1', 'r2', 'r3']) {
    const id = await addUser(db, name);
    await addComment(db, id, { body: `on show ${name}` });
    await reportComment(db, { commentId, reporterId: id, reason: 'spam' }, REPORT_RULES, NOW + 5);
  }
  const hidden = await getComment(db, commentId);
  assert.equal(hidden?.status, 'hidden');
  assert.equal(hidden?.hiddenReason, HIDDEN_BY_REPORTS_REASON);
  await dismissReports(db, { actorId: moderator, commentId }, NOW + 10);
  assert.equal((await getComment(db, commentId))?.status, 'visible');
});

test('a suspended reader cannot post, edit or report until the suspension ends, and is told until when', async (t) => {
  const db = await freshDatabase(t);
  const moderator = await addUser(db, 'mod', { role: 'moderator' });
  const ann = await reader(db, 'ann');
  assert.deepEqual(await suspendUser(db, { actorId: moderator, userId: ann.id, length: '24h' }, NOW), { ok: true });
  const message = 'Your account is suspended until 16 January 2027, 08:00 UTC.';
  assert.deepEqual(await screenComment(db, { user: ann, body: 'hello' }, config, NOW + 60), {
    ok: false,
    reason: 'banned',
    message,
  });
  assert.deepEqual(await screenComment(db, { user: ann, body: 'hello', kind: 'edit' }, config, NOW + 60), {
    ok: false,
    reason: 'banned',
    message,
  });
  const report = await limitReport(db, ann, config, NOW + 60);
  assert.equal(report.ok, false);
  assert.equal(!report.ok && report.message, message);
  assert.equal((await screenComment(db, { user: ann, body: 'hello' }, config, NOW + DAY)).ok, true);
  assert.equal((await limitReport(db, ann, config, NOW + DAY)).ok, true);
  const audit = await db.get<{ action: string; reason: string }>('SELECT action, reason FROM audit_log');
  assert.deepEqual({ ...audit }, { action: 'suspend-user', reason: 'until 2027-01-16 08:00 UTC' });
});

test('a seven-day suspension lasts seven days', async (t) => {
  const db = await freshDatabase(t);
  const admin = await addUser(db, 'admin', { role: 'admin' });
  const ann = await reader(db, 'ann');
  await suspendUser(db, { actorId: admin, userId: ann.id, length: '7d' }, NOW);
  assert.equal((await screenComment(db, { user: ann, body: 'x' }, config, NOW + 7 * DAY - 1)).ok, false);
  assert.equal((await screenComment(db, { user: ann, body: 'x' }, config, NOW + 7 * DAY)).ok, true);
});

test('nobody suspends themselves or an admin, and a moderator does not suspend a moderator', async (t) => {
  const db = await freshDatabase(t);
  const moderator = await addUser(db, 'mod', { role: 'moderator' });
  const other = await addUser(db, 'mod2', { role: 'moderator' });
  const admin = await addUser(db, 'admin', { role: 'admin' });
  for (const userId of [moderator, other, admin]) {
    assert.deepEqual(await suspendUser(db, { actorId: moderator, userId, length: '24h' }, NOW), {
      ok: false,
      reason: 'forbidden',
    });
  }
  assert.deepEqual(await suspendUser(db, { actorId: admin, userId: other, length: '24h' }, NOW), { ok: true });
  assert.equal((await db.get<{ count: number }>('SELECT COUNT(*) AS count FROM audit_log'))?.count, 1);
});

test('who may ban or suspend whom', () => {
  const reader = { id: 1, role: 'reader' } as const;
  const moderator = { id: 2, role: 'moderator' } as const;
  const admin = { id: 3, role: 'admin' } as const;
  const otherAdmin = { id: 4, role: 'admin' } as const;
  assert.equal(canActOnAccount(moderator, reader), true);
  assert.equal(canActOnAccount(admin, moderator), true);
  assert.equal(canActOnAccount(moderator, moderator), false);
  assert.equal(canActOnAccount(moderator, { id: 5, role: 'moderator' }), false);
  assert.equal(canActOnAccount(admin, admin), false);
  assert.equal(canActOnAccount(admin, otherAdmin), false);
  assert.equal(canActOnAccount(moderator, admin), false);
});

test('approving a held comment clears it from the queue', async (t) => {
  const db = await freshDatabase(t);
  const moderator = await addUser(db, 'mod', { role: 'moderator' });
  const ann = await reader(db, 'ann');
  const id = await screenAndPost(db, ann, 'a scam');
  await approveComment(db, { actorId: moderator, commentId: id }, NOW + 1);
  assert.equal((await findModerationQueue(db, { reason: 'banned-words' })).total, 0);
});
