import assert from 'node:assert/strict';
import test from 'node:test';
import { listAuditLog } from '../../src/server/moderation/audit-log.ts';
import { getComment } from '../../src/server/comments/store.ts';
import type { Database } from '../../src/server/db/database.ts';
import { restoreComment } from '../../src/server/moderation/decisions.ts';
import { HIDDEN_BY_REPORTS_REASON, reportComment, type ReportResult } from '../../src/server/moderation/reports.ts';
import { readLimitsConfig } from '../../src/server/abuse/limits-config.ts';
import { addComment, addUser, NOW, type UserOptions } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const config = { reportHideThreshold: 3, reportMinAccountAgeHours: 24 };

/** A reader whose reports count: an account two days old with a comment on show. */
async function addEstablishedReader(db: Database, username: string, options: UserOptions = {}): Promise<number> {
  const id = await addUser(db, username, options);
  await db.run('UPDATE users SET created_at = ? WHERE id = ?', [NOW - 2 * 24 * 3600, id]);
  await addComment(db, id, { story: 'another-story', body: `${username} was here`, at: NOW - 3600 });
  return id;
}

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
  const reporters = [
    await addEstablishedReader(db, 'r1'),
    await addEstablishedReader(db, 'r2'),
    await addEstablishedReader(db, 'r3'),
  ];
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
  const settings = { reportHideThreshold: 1, reportMinAccountAgeHours: 0 };
  await addComment(db, scene.bob, { body: 'Bob on show' });
  assert.deepEqual(await reportComment(db, report, settings, NOW), { ok: true, hidden: true });
});

test('after a moderator restores a comment, only new reports count towards hiding it again', async (t) => {
  const db = await freshDatabase(t);
  const { id: commentId } = await addComment(db, await addUser(db, 'ada'));
  const moderator = await addUser(db, 'mod', { role: 'moderator' });
  for (const name of ['r1', 'r2', 'r3']) {
    const reporterId = await addEstablishedReader(db, name);
    await reportComment(db, { commentId, reporterId, reason: 'abuse' }, config, NOW);
  }
  assert.deepEqual(await restoreComment(db, { actorId: moderator, commentId }, NOW + 60), { ok: true });

  const late = [
    await addEstablishedReader(db, 'r4'),
    await addEstablishedReader(db, 'r5'),
    await addEstablishedReader(db, 'r6'),
  ];
  const hidden = [];
  for (const reporterId of late) {
    const result = await reportComment(db, { commentId, reporterId, reason: 'spam' }, config, NOW + 120);
    hidden.push(result.ok && result.hidden);
  }
  assert.deepEqual(hidden, [false, false, true]);
});

// Issue 11 item 4: report brigading.

test('reports from accounts younger than REPORT_MIN_ACCOUNT_AGE_HOURS reach the moderators but hide nothing', async (t) => {
  const db = await freshDatabase(t);
  const { id: commentId } = await addComment(db, await addUser(db, 'ada'));
  const hidden = [];
  for (const name of ['new1', 'new2', 'new3', 'new4']) {
    const reporterId = await addUser(db, name);
    await addComment(db, reporterId, { story: 'another-story', body: `${name} on show` });
    const result = await reportComment(db, { commentId, reporterId, reason: 'abuse' }, config, NOW + 60);
    hidden.push(result.ok && result.hidden);
  }
  assert.deepEqual(hidden, [false, false, false, false]);
  assert.equal((await getComment(db, commentId))?.status, 'visible');
  assert.equal((await db.all('SELECT id FROM reports WHERE resolved_at IS NULL')).length, 4);
});

test('an account reaches the age the moment it is REPORT_MIN_ACCOUNT_AGE_HOURS old', async (t) => {
  const db = await freshDatabase(t);
  const { id: commentId } = await addComment(db, await addUser(db, 'ada'));
  const reporterId = await addUser(db, 'bob');
  await addComment(db, reporterId, { story: 'another-story', body: 'Bob on show' });
  const settings = { reportHideThreshold: 1, reportMinAccountAgeHours: 24 };
  const report = { commentId, reporterId, reason: 'spam' as const };
  assert.deepEqual(await reportComment(db, report, settings, NOW + 24 * 3600 - 1), { ok: true, hidden: false });
  await db.run('DELETE FROM reports');
  assert.deepEqual(await reportComment(db, report, settings, NOW + 24 * 3600), { ok: true, hidden: true });
});

test('reports from old accounts with no comment on show hide nothing', async (t) => {
  const db = await freshDatabase(t);
  const { id: commentId } = await addComment(db, await addUser(db, 'ada'));
  const hidden = [];
  for (const name of ['quiet1', 'quiet2', 'quiet3']) {
    const reporterId = await addUser(db, name);
    await db.run('UPDATE users SET created_at = ? WHERE id = ?', [NOW - 30 * 24 * 3600, reporterId]);
    await addComment(db, reporterId, { story: 'another-story', body: `${name} waits`, status: 'pending' });
    const result = await reportComment(db, { commentId, reporterId, reason: 'abuse' }, config, NOW);
    hidden.push(result.ok && result.hidden);
  }
  assert.deepEqual(hidden, [false, false, false]);
  assert.equal((await getComment(db, commentId))?.status, 'visible');
});

test("a moderator's or an admin's comment is never hidden by reports", async (t) => {
  const db = await freshDatabase(t);
  const reporters = [
    await addEstablishedReader(db, 'r1'),
    await addEstablishedReader(db, 'r2'),
    await addEstablishedReader(db, 'r3'),
  ];
  for (const role of ['moderator', 'admin'] as const) {
    const { id: commentId } = await addComment(db, await addUser(db, role, { role }));
    const hidden = [];
    for (const reporterId of reporters) {
      const result = await reportComment(db, { commentId, reporterId, reason: 'abuse' }, config, NOW);
      hidden.push(result.ok && result.hidden);
    }
    assert.deepEqual(hidden, [false, false, false], role);
    assert.equal((await getComment(db, commentId))?.status, 'visible', role);
  }
});

test('a reporter banned since no longer counts towards hiding', async (t) => {
  const db = await freshDatabase(t);
  const { id: commentId } = await addComment(db, await addUser(db, 'ada'));
  const troll = await addEstablishedReader(db, 'troll');
  await reportComment(db, { commentId, reporterId: troll, reason: 'abuse' }, config, NOW);
  await db.run('UPDATE users SET banned_at = ? WHERE id = ?', [NOW + 1, troll]);
  const hidden = [];
  for (const name of ['r1', 'r2']) {
    const reporterId = await addEstablishedReader(db, name);
    const result = await reportComment(db, { commentId, reporterId, reason: 'abuse' }, config, NOW + 2);
    hidden.push(result.ok && result.hidden);
  }
  assert.deepEqual(hidden, [false, false]);
});

test('the report settings: defaults, and a value that is not a whole number stops the server', () => {
  const { config: defaults } = readLimitsConfig({});
  assert.equal(defaults.reportMinAccountAgeHours, 24);
  assert.deepEqual(defaults.reports, {
    perAccount: { capacity: 10, refillIntervalSeconds: 360 },
    perIp: { capacity: 30, refillIntervalSeconds: 120 },
  });
  const { config: set } = readLimitsConfig({
    REPORT_MIN_ACCOUNT_AGE_HOURS: '0',
    REPORTS_PER_HOUR: '7',
    REPORTS_PER_HOUR_PER_IP: '100',
  });
  assert.equal(set.reportMinAccountAgeHours, 0);
  assert.deepEqual(set.reports, {
    perAccount: { capacity: 7, refillIntervalSeconds: 515 },
    perIp: { capacity: 100, refillIntervalSeconds: 36 },
  });
  assert.throws(
    () => readLimitsConfig({ REPORTS_PER_HOUR: '0' }),
    /REPORTS_PER_HOUR must be a whole number of at least 1/,
  );
  assert.throws(
    () => readLimitsConfig({ REPORT_MIN_ACCOUNT_AGE_HOURS: '1.5' }),
    /REPORT_MIN_ACCOUNT_AGE_HOURS must be a whole number of at least 0/,
  );
});
