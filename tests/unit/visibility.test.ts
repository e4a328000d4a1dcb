import assert from 'node:assert/strict';
import test from 'node:test';
import { deleteComment, getComment } from '../../src/server/comments/store.ts';
import type { Database } from '../../src/server/db/database.ts';
import { deleteCommentForGood, hideComment } from '../../src/server/moderation/decisions.ts';
import { addComment, addUser, NOW } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

/** A comment by Ada, hidden by a moderator with a reason, with one reply by Bob under it. */
async function hiddenCommentWithReply(db: Database): Promise<{ ada: number; mod: number; commentId: number }> {
  const ada = await addUser(db, 'ada');
  const bob = await addUser(db, 'bob');
  const mod = await addUser(db, 'mod', { role: 'moderator' });
  const comment = await addComment(db, ada, { body: 'Rude' });
  await addComment(db, bob, { parentId: comment.id, body: 'Calm down' });
  const hidden = await hideComment(db, { actorId: mod, commentId: comment.id, reason: 'Insults' }, NOW);
  assert.ok(hidden.ok);
  return { ada, mod, commentId: comment.id };
}

test("an author cannot delete a hidden comment: it stays, text and reason, as the moderators' evidence", async (t) => {
  const db = await freshDatabase(t);
  const { ada, commentId } = await hiddenCommentWithReply(db);
  assert.deepEqual(await deleteComment(db, { commentId, userId: ada }, NOW + 10), { ok: false, reason: 'hidden' });
  const kept = await getComment(db, commentId);
  assert.deepEqual(
    { status: kept?.status, body: kept?.body, hiddenReason: kept?.hiddenReason },
    { status: 'hidden', body: 'Rude', hiddenReason: 'Insults' },
  );
});

test("an author deleting a comment with replies leaves the same placeholder a moderator's delete leaves", async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'ada');
  const bob = await addUser(db, 'bob');
  const comment = await addComment(db, ada, { body: 'Second thoughts' });
  await addComment(db, bob, { parentId: comment.id, body: 'What did you say?' });
  assert.deepEqual(await deleteComment(db, { commentId: comment.id, userId: ada }, NOW + 10), { ok: true });
  const placeholder = await getComment(db, comment.id);
  assert.deepEqual(
    { status: placeholder?.status, body: placeholder?.body, hiddenReason: placeholder?.hiddenReason },
    { status: 'deleted', body: '', hiddenReason: null },
  );
});

test('a moderator deleting a hidden comment with replies leaves a placeholder without the hiding reason', async (t) => {
  const db = await freshDatabase(t);
  const { mod, commentId } = await hiddenCommentWithReply(db);
  assert.deepEqual(await deleteCommentForGood(db, { actorId: mod, commentId }, NOW + 10), { ok: true });
  const placeholder = await getComment(db, commentId);
  assert.deepEqual(
    { status: placeholder?.status, body: placeholder?.body, hiddenReason: placeholder?.hiddenReason },
    { status: 'deleted', body: '', hiddenReason: null },
  );
});
