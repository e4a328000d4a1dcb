import assert from 'node:assert/strict';
import test from 'node:test';
import { signUp } from '../../src/server/accounts/user.ts';
import { deleteComment, getComment, postComment } from '../../src/server/comments/store.ts';
import type { Database } from '../../src/server/db/database.ts';
import { deleteCommentForGood, hideComment } from '../../src/server/moderation/decisions.ts';
import { freshDatabase } from './test-db.ts';

const NOW = 1_800_000_000;

async function reader(db: Database, username: string): Promise<number> {
  const created = await signUp(db, { username, password: 'a long enough password', email: null }, NOW);
  assert.ok(created.ok);
  return created.user.id;
}

/** A comment by Ada, hidden by a moderator with a reason, with one reply by Bob under it. */
async function hiddenCommentWithReply(db: Database): Promise<{ ada: number; mod: number; commentId: number }> {
  const ada = await reader(db, 'ada');
  const bob = await reader(db, 'bob');
  const mod = await reader(db, 'mod');
  await db.run(`UPDATE users SET role = 'moderator' WHERE id = ?`, [mod]);
  const comment = await postComment(db, { storySlug: 'story', parentId: null, authorId: ada, body: 'Rude' }, NOW);
  assert.ok(comment.ok);
  const reply = await postComment(
    db,
    { storySlug: 'story', parentId: comment.comment.id, authorId: bob, body: 'Calm down' },
    NOW,
  );
  assert.ok(reply.ok);
  const hidden = await hideComment(db, { actorId: mod, commentId: comment.comment.id, reason: 'Insults' }, NOW);
  assert.ok(hidden.ok);
  return { ada, mod, commentId: comment.comment.id };
}

test('an author deleting a hidden comment with replies leaves a placeholder without the hiding reason', async (t) => {
  const db = await freshDatabase(t);
  const { ada, commentId } = await hiddenCommentWithReply(db);
  assert.deepEqual(await deleteComment(db, { commentId, userId: ada }, NOW + 10), { ok: true });
  const placeholder = await getComment(db, commentId);
  assert.equal(placeholder?.status, 'deleted');
  assert.equal(placeholder?.body, '');
  assert.equal(placeholder?.hiddenReason, null);
});

test('a moderator deleting the same comment leaves the very same placeholder as its author would', async (t) => {
  const db = await freshDatabase(t);
  const { mod, commentId } = await hiddenCommentWithReply(db);
  assert.deepEqual(await deleteCommentForGood(db, { actorId: mod, commentId }, NOW + 10), { ok: true });
  const placeholder = await getComment(db, commentId);
  assert.deepEqual(
    { status: placeholder?.status, body: placeholder?.body, hiddenReason: placeholder?.hiddenReason },
    { status: 'deleted', body: '', hiddenReason: null },
  );
});
