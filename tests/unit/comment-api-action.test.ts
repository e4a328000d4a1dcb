import assert from 'node:assert/strict';
import test from 'node:test';
import type { Commenter } from '../../src/server/abuse/screening.ts';
import { performCommentApiRequest, type CommentApiOutcome } from '../../src/server/actions/comment-api.ts';
import { parseCommentRequest } from '../../src/server/actions/comment-request.ts';
import type { StoryRef } from '../../src/server/stories/story-ref.ts';
import { actionServices, type ActionServices } from './action-services.ts';
import { addCommenter } from './fixtures.ts';

const STORY: StoryRef = {
  slug: 'budget-vote',
  path: '/articles/budget-vote/',
  title: 'The budget vote',
  comments: 'open',
};

/** The JSON API's request as the endpoints parse it, for `author` on `story`. */
function ask(
  services: ActionServices,
  author: Commenter,
  fields: Record<string, unknown>,
  story: StoryRef | null = STORY,
): Promise<CommentApiOutcome> {
  return performCommentApiRequest(services, story, author, parseCommentRequest(fields));
}

test('a new comment is answered 201 with its id, parent and status', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  const outcome = await ask(services, reader, { intent: 'post', body: 'Hello' });
  assert.ok(outcome.ok && outcome.comment !== null);
  assert.equal(outcome.status, 201);
  const { id, ...rest } = outcome.comment;
  assert.ok(Number.isInteger(id) && id > 0);
  assert.deepEqual(rest, { parentId: null, status: 'visible' });
});

test('an edit is answered 200 with the comment, a delete 200 with no comment', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  const posted = await ask(services, reader, { intent: 'post', body: 'Hi' });
  assert.ok(posted.ok && posted.comment !== null);
  const commentId = posted.comment.id;
  assert.deepEqual(await ask(services, reader, { intent: 'edit', commentId, body: 'Hello' }), {
    ok: true,
    status: 200,
    comment: { id: commentId, parentId: null, status: 'visible' },
  });
  assert.deepEqual(await ask(services, reader, { intent: 'delete', commentId }), {
    ok: true,
    status: 200,
    comment: null,
  });
});

test('a request that cannot be read is a 400 invalid-request, even on a story readers cannot see', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  assert.deepEqual(await ask(services, reader, { intent: 'post' }, null), {
    ok: false,
    status: 400,
    error: 'invalid-request',
    message: 'Write something before posting.',
  });
});

test('a comment on a story that is not published is a 404 unknown-story', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  assert.deepEqual(await ask(services, reader, { intent: 'post', body: 'Hello' }, null), {
    ok: false,
    status: 404,
    error: 'unknown-story',
    message: 'There is no story at this address.',
  });
});

test('a second comment too soon is a 429 too-soon with the seconds to wait', async (t) => {
  const services = await actionServices(t, { COMMENT_INTERVAL_SECONDS: '15' });
  const reader = await addCommenter(services.db, 'reader');
  await ask(services, reader, { intent: 'post', body: 'One' });
  services.clock.advance(5);
  const outcome = await ask(services, reader, { intent: 'post', body: 'Two' });
  assert.ok(!outcome.ok);
  assert.equal(outcome.status, 429);
  assert.equal(outcome.error, 'too-soon');
  assert.equal(outcome.retryAfterSeconds, 10);
});
