/**
 * The comment actions' side of issue 16 items 1 and 2: what a reader's post records for the queue
 * and what a suspended reader is told.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { performCommentAction } from '../../src/server/actions/comment-actions.ts';
import { parseCommentRequest } from '../../src/server/actions/comment-request.ts';
import { suspendUser } from '../../src/server/moderation/decisions.ts';
import { findModerationQueue } from '../../src/server/moderation/queue.ts';
import type { StoryRef } from '../../src/server/stories/story-ref.ts';
import { actionServices } from './action-services.ts';
import { addCommenter, addUser, NOW } from './fixtures.ts';

const STORY: StoryRef = {
  slug: 'budget-vote',
  path: '/articles/budget-vote/',
  title: 'The budget vote',
  comments: 'open',
};

test("a reader's post through the action records why it was held", async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  const body = 'https://a.example https://b.example https://c.example';
  await performCommentAction(services, STORY, reader, parseCommentRequest({ intent: 'post', body }));
  const { items } = await findModerationQueue(services.db);
  assert.deepEqual(items[0]?.holdReasons, [{ kind: 'links', count: 3, max: 2 }]);
});

test('a suspended reader posting is told until when', async (t) => {
  const services = await actionServices(t);
  const moderator = await addUser(services.db, 'mod', { role: 'moderator' });
  const reader = await addCommenter(services.db, 'reader');
  await suspendUser(services.db, { actorId: moderator, userId: reader.id, length: '24h' }, NOW);
  const outcome = await performCommentAction(
    services,
    STORY,
    reader,
    parseCommentRequest({ intent: 'post', body: 'hi' }),
  );
  assert.equal(outcome.ok, false);
  assert.match(JSON.stringify(outcome), /suspended until 16 January 2027, 08:00 UTC/);
});
