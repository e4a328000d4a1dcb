import assert from 'node:assert/strict';
import test from 'node:test';
import { EDIT_WINDOW_SECONDS, MAX_DEPTH } from '../../src/server/comments/rules.ts';
import {
  countVisibleComments,
  deleteComment,
  editComment,
  getComment,
  listStoryComments,
  postComment,
} from '../../src/server/comments/store.ts';
import { addComment, addUser, NOW, STORY } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

test('a top-level comment is stored visible at depth 0 with its trimmed text', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const result = await postComment(
    db,
    { storySlug: STORY, parentId: null, authorId: ada, body: '  Hello\r\nthere  ' },
    NOW,
  );
  assert.ok(result.ok);
  assert.deepEqual(result.comment, {
    id: result.comment.id,
    storySlug: STORY,
    parentId: null,
    authorId: ada,
    body: 'Hello\nthere',
    status: 'visible',
    depth: 0,
    hiddenReason: null,
    createdAt: NOW,
    editedAt: null,
    deletedAt: null,
  });
  assert.deepEqual(await getComment(db, result.comment.id), result.comment);
});

test('a comment can be posted as pending for moderation', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const result = await postComment(
    db,
    { storySlug: STORY, parentId: null, authorId: ada, body: 'Hold me', status: 'pending' },
    NOW,
  );
  assert.equal(result.ok && result.comment.status, 'pending');
});

test('an invalid body is refused with its message and nothing is stored', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const result = await postComment(db, { storySlug: STORY, parentId: null, authorId: ada, body: '   ' }, NOW);
  assert.deepEqual(result, { ok: false, reason: 'invalid', message: 'Write something before posting.' });
  assert.deepEqual(await listStoryComments(db, STORY), []);
});

test('a reply sits one level below its parent', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const bob = await addUser(db, 'Bob');
  const parent = await addComment(db, ada);
  const reply = await addComment(db, bob, { parentId: parent.id, body: 'Agreed' });
  assert.equal(reply.parentId, parent.id);
  assert.equal(reply.depth, 1);
});

test('a reply to a missing parent is refused', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const result = await postComment(db, { storySlug: STORY, parentId: 999, authorId: ada, body: 'Hi' }, NOW);
  assert.deepEqual(result, { ok: false, reason: 'parent-not-found' });
});

test('a reply to a comment on another story is refused', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const elsewhere = await addComment(db, ada, { body: 'Elsewhere', story: 'other-story' });
  const result = await postComment(db, { storySlug: STORY, parentId: elsewhere.id, authorId: ada, body: 'Hi' }, NOW);
  assert.deepEqual(result, { ok: false, reason: 'parent-other-story' });
});

test('a reply to a deleted placeholder is refused', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const bob = await addUser(db, 'Bob');
  const parent = await addComment(db, ada);
  await addComment(db, bob, { parentId: parent.id });
  assert.deepEqual(await deleteComment(db, { commentId: parent.id, userId: ada }, NOW), { ok: true });
  const result = await postComment(db, { storySlug: STORY, parentId: parent.id, authorId: bob, body: 'Hi' }, NOW);
  assert.deepEqual(result, { ok: false, reason: 'parent-deleted' });
});

test("a reply to someone else's pending or hidden comment is refused as not found", async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const bob = await addUser(db, 'Bob');
  const pending = await postComment(
    db,
    { storySlug: STORY, parentId: null, authorId: ada, body: 'Wait', status: 'pending' },
    NOW,
  );
  assert.ok(pending.ok);
  const toPending = await postComment(
    db,
    { storySlug: STORY, parentId: pending.comment.id, authorId: bob, body: 'Hi' },
    NOW,
  );
  assert.deepEqual(toPending, { ok: false, reason: 'parent-not-found' });

  const hidden = await addComment(db, ada);
  await db.run(`UPDATE comments SET status = 'hidden' WHERE id = ?`, [hidden.id]);
  const toHidden = await postComment(db, { storySlug: STORY, parentId: hidden.id, authorId: bob, body: 'Hi' }, NOW);
  assert.deepEqual(toHidden, { ok: false, reason: 'parent-not-found' });
});

test('a reply below the depth cap attaches to the ancestor at the level above the cap', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  let deepest = await addComment(db, ada);
  for (let depth = 1; depth <= MAX_DEPTH; depth += 1) {
    deepest = await addComment(db, ada, { parentId: deepest.id });
    assert.equal(deepest.depth, depth);
  }
  const beyond = await addComment(db, ada, { parentId: deepest.id, body: 'Too deep' });
  assert.equal(beyond.depth, MAX_DEPTH);
  assert.equal(beyond.parentId, deepest.parentId);
  const parent = await getComment(db, beyond.parentId ?? 0);
  assert.equal(parent?.depth, MAX_DEPTH - 1);
});

test('the author can edit within fifteen minutes and the edit is marked', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const comment = await addComment(db, ada);
  const later = NOW + EDIT_WINDOW_SECONDS;
  const result = await editComment(db, { commentId: comment.id, userId: ada, body: ' Better words ' }, later);
  assert.ok(result.ok);
  assert.equal(result.comment.body, 'Better words');
  assert.equal(result.comment.editedAt, later);
  assert.equal((await getComment(db, comment.id))?.body, 'Better words');
});

test('an edit after fifteen minutes is refused', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const comment = await addComment(db, ada);
  const result = await editComment(
    db,
    { commentId: comment.id, userId: ada, body: 'Too late' },
    NOW + EDIT_WINDOW_SECONDS + 1,
  );
  assert.deepEqual(result, { ok: false, reason: 'edit-window-closed' });
  assert.equal((await getComment(db, comment.id))?.body, 'A comment');
});

test("nobody can edit someone else's comment", async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const bob = await addUser(db, 'Bob');
  const comment = await addComment(db, ada);
  const result = await editComment(db, { commentId: comment.id, userId: bob, body: 'Mine now' }, NOW);
  assert.deepEqual(result, { ok: false, reason: 'forbidden' });
});

test('editing a missing, deleted or emptied comment is refused with the reason', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const bob = await addUser(db, 'Bob');
  assert.deepEqual(await editComment(db, { commentId: 42, userId: ada, body: 'x' }, NOW), {
    ok: false,
    reason: 'not-found',
  });
  const comment = await addComment(db, ada);
  assert.deepEqual(await editComment(db, { commentId: comment.id, userId: ada, body: '' }, NOW), {
    ok: false,
    reason: 'invalid',
    message: 'Write something before posting.',
  });
  await addComment(db, bob, { parentId: comment.id });
  await deleteComment(db, { commentId: comment.id, userId: ada }, NOW);
  assert.deepEqual(await editComment(db, { commentId: comment.id, userId: ada, body: 'Back' }, NOW), {
    ok: false,
    reason: 'deleted',
  });
});

test("nobody can delete someone else's comment", async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const bob = await addUser(db, 'Bob');
  const comment = await addComment(db, ada);
  assert.deepEqual(await deleteComment(db, { commentId: comment.id, userId: bob }, NOW), {
    ok: false,
    reason: 'forbidden',
  });
  assert.deepEqual(await deleteComment(db, { commentId: 42, userId: bob }, NOW), { ok: false, reason: 'not-found' });
  assert.notEqual(await getComment(db, comment.id), null);
});

test('deleting a comment without replies removes it', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const comment = await addComment(db, ada);
  assert.deepEqual(await deleteComment(db, { commentId: comment.id, userId: ada }, NOW), { ok: true });
  assert.equal(await getComment(db, comment.id), null);
});

test('deleting a comment with replies leaves an empty placeholder that keeps the replies', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const bob = await addUser(db, 'Bob');
  const parent = await addComment(db, ada, { body: 'Secret words' });
  const reply = await addComment(db, bob, { parentId: parent.id });
  assert.deepEqual(await deleteComment(db, { commentId: parent.id, userId: ada }, NOW + 60), { ok: true });
  const placeholder = await getComment(db, parent.id);
  assert.equal(placeholder?.status, 'deleted');
  assert.equal(placeholder?.body, '');
  assert.equal(placeholder?.deletedAt, NOW + 60);
  assert.equal((await getComment(db, reply.id))?.parentId, parent.id);
  assert.deepEqual(await deleteComment(db, { commentId: parent.id, userId: ada }, NOW), {
    ok: false,
    reason: 'not-found',
  });
});

test('deleting the last reply under placeholders removes the placeholders too', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const bob = await addUser(db, 'Bob');
  const root = await addComment(db, ada);
  const middle = await addComment(db, ada, { parentId: root.id });
  const sibling = await addComment(db, bob, { parentId: root.id });
  const leaf = await addComment(db, bob, { parentId: middle.id });
  await deleteComment(db, { commentId: root.id, userId: ada }, NOW);
  await deleteComment(db, { commentId: middle.id, userId: ada }, NOW);
  await deleteComment(db, { commentId: leaf.id, userId: bob }, NOW);
  assert.equal(await getComment(db, middle.id), null);
  assert.equal((await getComment(db, root.id))?.status, 'deleted');
  await deleteComment(db, { commentId: sibling.id, userId: bob }, NOW);
  assert.deepEqual(await listStoryComments(db, STORY), []);
});

test('a story lists its comments oldest first with author names, and counts the visible ones', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'Ada');
  const bob = await addUser(db, 'Bob');
  const first = await addComment(db, ada, { body: 'First' });
  await addComment(db, bob, { parentId: first.id, body: 'Second' });
  await addComment(db, ada, { body: 'Elsewhere', story: 'other-story' });
  await postComment(db, { storySlug: STORY, parentId: null, authorId: bob, body: 'Held', status: 'pending' }, NOW);
  const listed = await listStoryComments(db, STORY);
  assert.deepEqual(
    listed.map((comment) => [comment.authorName, comment.body, comment.status]),
    [
      ['Ada', 'First', 'visible'],
      ['Bob', 'Second', 'visible'],
      ['Bob', 'Held', 'pending'],
    ],
  );
  assert.equal(await countVisibleComments(db, STORY), 2);
  assert.equal(await countVisibleComments(db, 'no-such-story'), 0);
});
