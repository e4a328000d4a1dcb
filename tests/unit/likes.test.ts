/** Likes (issue 14 item 3): one per account per comment, never one's own, limited like the other actions. */
import assert from 'node:assert/strict';
import test from 'node:test';
import type { Commenter } from '../../src/server/abuse/screening.ts';
import { performCommentAction, type CommentActionResult } from '../../src/server/actions/comment-actions.ts';
import { parseCommentRequest } from '../../src/server/actions/comment-request.ts';
import { listLikedComments, listStoryLikeCounts, setLike } from '../../src/server/comments/likes.ts';
import { deleteComment } from '../../src/server/comments/store.ts';
import type { StoryRef } from '../../src/server/stories/story-ref.ts';
import { actionServices, type ActionServices } from './action-services.ts';
import { addComment, addCommenter, addUser, NOW, STORY } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const OPEN: StoryRef = { slug: STORY, path: '/articles/budget-vote/', title: 'The budget vote', comments: 'open' };

function like(
  services: ActionServices,
  reader: Commenter,
  commentId: number,
  liked: unknown,
): Promise<CommentActionResult> {
  return performCommentAction(services, OPEN, reader, parseCommentRequest({ intent: 'like', commentId, liked }));
}

test('a like counts once per account, and taking it back removes it', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'ada');
  const bob = await addUser(db, 'bob');
  const cy = await addUser(db, 'cy');
  const { id } = await addComment(db, ada);
  assert.deepEqual(await setLike(db, { userId: bob, commentId: id, liked: true }, NOW), {
    ok: true,
    liked: true,
    count: 1,
  });
  assert.deepEqual(await setLike(db, { userId: bob, commentId: id, liked: true }, NOW), {
    ok: true,
    liked: true,
    count: 1,
  });
  assert.deepEqual(await setLike(db, { userId: cy, commentId: id, liked: true }, NOW), {
    ok: true,
    liked: true,
    count: 2,
  });
  assert.deepEqual([...(await listStoryLikeCounts(db, STORY))], [[id, 2]]);
  assert.deepEqual([...(await listLikedComments(db, bob, STORY))], [id]);
  assert.deepEqual([...(await listLikedComments(db, bob, 'another-story'))], []);
  assert.deepEqual(await setLike(db, { userId: bob, commentId: id, liked: false }, NOW), {
    ok: true,
    liked: false,
    count: 1,
  });
  assert.deepEqual(await setLike(db, { userId: bob, commentId: id, liked: false }, NOW), {
    ok: true,
    liked: false,
    count: 1,
  });
  assert.deepEqual([...(await listLikedComments(db, bob, STORY))], []);
});

test('nobody likes their own comment, a comment others cannot read, or one that is gone', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'ada');
  const bob = await addUser(db, 'bob');
  const own = await addComment(db, ada);
  const pending = await addComment(db, ada, { status: 'pending' });
  assert.deepEqual(await setLike(db, { userId: ada, commentId: own.id, liked: true }, NOW), {
    ok: false,
    reason: 'own-comment',
  });
  assert.deepEqual(await setLike(db, { userId: bob, commentId: pending.id, liked: true }, NOW), {
    ok: false,
    reason: 'not-found',
  });
  assert.deepEqual(await setLike(db, { userId: bob, commentId: 999_999, liked: true }, NOW), {
    ok: false,
    reason: 'not-found',
  });
  assert.deepEqual(await listStoryLikeCounts(db, STORY), new Map());
});

test('a like goes with its comment', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'ada');
  const bob = await addUser(db, 'bob');
  const { id } = await addComment(db, ada);
  assert.ok((await setLike(db, { userId: bob, commentId: id, liked: true }, NOW)).ok);
  assert.ok((await deleteComment(db, { commentId: id, userId: ada }, NOW)).ok);
  assert.deepEqual(await listStoryLikeCounts(db, STORY), new Map());
});

test('the like action answers the new count and refuses what it must', async (t) => {
  const services = await actionServices(t, { LIKES_PER_HOUR: '2' });
  const ada = await addCommenter(services.db, 'ada');
  const bob = await addCommenter(services.db, 'bob');
  const banned = await addCommenter(services.db, 'banned', { bannedAt: NOW - 1 });
  const { id } = await addComment(services.db, ada.id);
  assert.deepEqual(await like(services, bob, id, 'true'), {
    ok: true,
    status: 200,
    commentId: id,
    notice: null,
    like: { liked: true, count: 1 },
  });
  assert.equal((await like(services, ada, id, true)).ok, false);
  assert.deepEqual(
    [await like(services, ada, id, true)].map((outcome) => !outcome.ok && [outcome.status, outcome.error]),
    [[403, 'own-comment']],
  );
  assert.deepEqual((await like(services, bob, id, false)).ok, true);
  const limited = await like(services, bob, id, true);
  assert.ok(!limited.ok && limited.status === 429 && limited.retryAfterSeconds !== undefined, JSON.stringify(limited));
  const refused = await like(services, banned, id, true);
  assert.ok(!refused.ok && refused.status === 403 && refused.error === 'banned');
  const unread = await like(services, bob, id, 'maybe');
  assert.ok(!unread.ok && unread.status === 400 && unread.message === 'Say whether you like the comment.');
});
