import assert from 'node:assert/strict';
import test from 'node:test';
import { listAuditLog, writeAuditEntry } from '../../src/server/moderation/audit-log.ts';
import { addUser, NOW } from './fixtures.ts';
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
