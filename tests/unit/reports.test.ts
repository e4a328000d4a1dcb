import assert from 'node:assert/strict';
import test from 'node:test';
import { listAuditLog } from '../../src/server/moderation/audit-log.ts';
import { getComment } from '../../src/server/comments/store.ts';
import type { Database } from '../../src/server/db/database.ts';
import { restoreComment } from '../../src/server/moderation/decisions.ts';
import { HIDDEN_BY_REPORTS_REASON, reportComment, type ReportResult } from '../../src/server/moderation/reports.ts';
import { addComment, addUser, NOW } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const config = { reportHideThreshold: 3 };

test('a reader reports a comment once; a second report is refused', async (t) => {
  const db = await freshDatabase(t);
  const { id: commentId } = await addComment(db, await addUser(db, 'ada'));
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

/** Ada with a visible and a pending comment, Bob a reader, Troll banned. */
interface Scene {
  ada: number;
  bob: number;
  troll: number;
  visible: number;
  pending: number;
}

async function setScene(db: Database): Promise<Scene> {
  const ada = await addUser(db, 'ada');
  return {
    ada,
    bob: await addUser(db, 'bob'),
    troll: await addUser(db, 'troll', { bannedAt: NOW - 10 }),
    visible: (await addComment(db, ada)).id,
    pending: (await addComment(db, ada, { status: 'pending' })).id,
  };
}

interface Refusal {
  title: string;
  report: (scene: Scene) => { commentId: number; reporterId: number; note?: string };
  answer: ReportResult;
}

const refusals: Refusal[] = [
  {
    title: 'nobody can report their own comment',
    report: (scene) => ({ commentId: scene.visible, reporterId: scene.ada }),
    answer: { ok: false, reason: 'own-comment' },
  },
  {
    title: 'a comment the reporter cannot see is not found',
    report: (scene) => ({ commentId: scene.pending, reporterId: scene.bob }),
    answer: { ok: false, reason: 'not-found' },
  },
  {
    title: 'a missing comment is not found',
    report: (scene) => ({ commentId: 12345, reporterId: scene.bob }),
    answer: { ok: false, reason: 'not-found' },
  },
  {
    title: 'a banned reader cannot report',
    report: (scene) => ({ commentId: scene.visible, reporterId: scene.troll }),
    answer: { ok: false, reason: 'banned' },
  },
  {
    title: 'a note longer than 500 characters is refused',
    report: (scene) => ({ commentId: scene.visible, reporterId: scene.bob, note: 'x'.repeat(501) }),
    answer: { ok: false, reason: 'note-too-long', message: 'Notes can be at most 500 characters.' },
  },
];

for (const { title, report, answer } of refusals) {
  test(`${title}, and no report is kept`, async (t) => {
    const db = await freshDatabase(t);
    const scene = await setScene(db);
    assert.deepEqual(await reportComment(db, { ...report(scene), reason: 'spam' }, config, NOW), answer);
    assert.deepEqual(await db.all('SELECT id FROM reports'), []);
  });
}

test('the third report hides the comment until a moderator decides, and the log says why', async (t) => {
  const db = await freshDatabase(t);
  const { id: commentId } = await addComment(db, await addUser(db, 'ada'));
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
  const scene = await setScene(db);
  const report = { commentId: scene.visible, reporterId: scene.bob, reason: 'spam' as const };
  assert.deepEqual(await reportComment(db, report, { reportHideThreshold: 1 }, NOW), { ok: true, hidden: true });
});

test('after a moderator restores a comment, only new reports count towards hiding it again', async (t) => {
  const db = await freshDatabase(t);
  const { id: commentId } = await addComment(db, await addUser(db, 'ada'));
  const moderator = await addUser(db, 'mod', { role: 'moderator' });
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
