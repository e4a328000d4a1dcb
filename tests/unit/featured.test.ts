/** Featured comments (issue 14 item 4): staff mark them, the audit log keeps it, the thread shows them. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { listStoryFeatured } from '../../src/server/comments/featured.ts';
import { deleteComment } from '../../src/server/comments/store.ts';
import { listAuditLog } from '../../src/server/moderation/audit-log.ts';
import { featureComment, unfeatureComment } from '../../src/server/moderation/decisions.ts';
import { addComment, addUser, NOW, STORY } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

test('a moderator features a comment and takes it back, each in the audit log', async (t) => {
  const db = await freshDatabase(t);
  const mod = await addUser(db, 'mod', { role: 'moderator' });
  const ada = await addUser(db, 'ada');
  const first = await addComment(db, ada, { body: 'First.' });
  const second = await addComment(db, ada, { body: 'Second.' });
  assert.deepEqual(await featureComment(db, { actorId: mod, commentId: first.id }, NOW), { ok: true });
  assert.deepEqual(await featureComment(db, { actorId: mod, commentId: second.id }, NOW + 1), { ok: true });
  assert.deepEqual(await featureComment(db, { actorId: mod, commentId: second.id }, NOW + 2), { ok: true });
  assert.deepEqual(await listStoryFeatured(db, STORY), [second.id, first.id]);
  assert.deepEqual(await unfeatureComment(db, { actorId: mod, commentId: second.id }, NOW + 3), { ok: true });
  assert.deepEqual(await unfeatureComment(db, { actorId: mod, commentId: second.id }, NOW + 4), {
    ok: false,
    reason: 'not-found',
  });
  assert.deepEqual(await listStoryFeatured(db, STORY), [first.id]);
  const log = await listAuditLog(db, { limit: 10 });
  assert.deepEqual(
    log.map((entry) => [entry.action, entry.targetId]).sort(),
    [
      ['feature-comment', first.id],
      ['feature-comment', second.id],
      ['feature-comment', second.id],
      ['unfeature-comment', second.id],
    ].sort(),
  );
});

test('a reader cannot feature, and nobody features a comment others cannot read', async (t) => {
  const db = await freshDatabase(t);
  const mod = await addUser(db, 'mod', { role: 'moderator' });
  const ada = await addUser(db, 'ada');
  const visible = await addComment(db, ada);
  const pending = await addComment(db, ada, { status: 'pending' });
  assert.deepEqual(await featureComment(db, { actorId: ada, commentId: visible.id }, NOW), {
    ok: false,
    reason: 'forbidden',
  });
  assert.deepEqual(await featureComment(db, { actorId: mod, commentId: pending.id }, NOW), {
    ok: false,
    reason: 'not-found',
  });
  assert.deepEqual(await featureComment(db, { actorId: mod, commentId: 999_999 }, NOW), {
    ok: false,
    reason: 'not-found',
  });
  assert.deepEqual(await listStoryFeatured(db, STORY), []);
});

test('a featured comment stops being featured when it is deleted', async (t) => {
  const db = await freshDatabase(t);
  const mod = await addUser(db, 'mod', { role: 'moderator' });
  const ada = await addUser(db, 'ada');
  const { id } = await addComment(db, ada);
  assert.ok((await featureComment(db, { actorId: mod, commentId: id }, NOW)).ok);
  assert.ok((await deleteComment(db, { commentId: id, userId: ada }, NOW)).ok);
  assert.deepEqual(await listStoryFeatured(db, STORY), []);
});
