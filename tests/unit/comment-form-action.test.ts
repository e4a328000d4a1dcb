import assert from 'node:assert/strict';
import test from 'node:test';
import type { Commenter } from '../../src/server/abuse/screening.ts';
import { performCommentFormPost, type CommentFormOutcome } from '../../src/server/actions/comment-form.ts';
import { parseCommentForm } from '../../src/server/actions/comment-request.ts';
import type { StoryRef } from '../../src/server/stories/story-ref.ts';
import { actionServices, type ActionServices } from './action-services.ts';
import { addComment, addCommenter, addUser } from './fixtures.ts';

const STORY: StoryRef = {
  slug: 'budget-vote',
  path: '/articles/budget-vote/',
  title: 'The budget vote',
  comments: 'open',
};

/** A post of the comments page's form, with these fields, by `author` on `story`. */
function submit(
  services: ActionServices,
  author: Commenter,
  fields: Record<string, string>,
  story: StoryRef = STORY,
): Promise<CommentFormOutcome> {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return performCommentFormPost(services, story, author, parseCommentForm(data));
}

/** A reader, and the id of a comment on STORY written by someone else. */
async function readerAndOthersComment(services: ActionServices): Promise<{ reader: Commenter; commentId: number }> {
  const authorId = await addUser(services.db, 'author');
  const reader = await addCommenter(services.db, 'reader');
  const { id } = await addComment(services.db, authorId, { story: STORY.slug, body: "Someone else's words" });
  return { reader, commentId: id };
}

test('a new comment sends the reader to its anchor with no notice', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  const outcome = await submit(services, reader, { intent: 'post', body: 'First!' });
  assert.ok(outcome.ok);
  assert.equal(outcome.notice, null);
  assert.match(outcome.anchor, /^comment-\d+$/);
});

test('a comment held for a moderator comes back with the pending notice', async (t) => {
  const services = await actionServices(t, { PREMODERATION: 'all' });
  const reader = await addCommenter(services.db, 'reader');
  const outcome = await submit(services, reader, { intent: 'post', body: 'Held' });
  assert.ok(outcome.ok);
  assert.equal(outcome.notice, 'pending');
});

test('an edit held for a moderator comes back with the pending notice and the comment as its anchor', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  const { id } = await addComment(services.db, reader.id, { story: STORY.slug, body: 'Great article' });
  const links = 'https://a.example https://b.example https://c.example https://d.example https://e.example';
  const outcome = await submit(services, reader, { intent: 'edit', comment_id: String(id), body: links });
  assert.deepEqual(outcome, { ok: true, notice: 'pending', anchor: `comment-${id}`, commentId: id });
});

test('a report comes back with the reported notice and the reported comment as its anchor', async (t) => {
  const services = await actionServices(t);
  const { reader, commentId } = await readerAndOthersComment(services);
  const outcome = await submit(services, reader, { intent: 'report', comment_id: String(commentId), reason: 'spam' });
  assert.deepEqual(outcome, { ok: true, notice: 'reported', anchor: `comment-${commentId}`, commentId });
});

test('a deleted comment sends the reader to the comments heading', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  const { id } = await addComment(services.db, reader.id, { story: STORY.slug, body: 'Oops' });
  const outcome = await submit(services, reader, { intent: 'delete', comment_id: String(id) });
  assert.deepEqual(outcome, { ok: true, notice: null, anchor: 'comments', commentId: null });
});

test('a request that cannot be read is a 400 whose draft keeps the text typed', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  const outcome = await submit(services, reader, { intent: 'shout', body: 'Kept' });
  assert.deepEqual(outcome, {
    ok: false,
    status: 400,
    draft: { parentId: null, body: 'Kept', error: 'Say what to do: post, reply, edit, delete, report or like.' },
  });
});

test('a reply to a missing comment is a 404 whose draft stays under that parent', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  const outcome = await submit(services, reader, { intent: 'reply', parent_id: '999', body: 'Into the void' });
  assert.deepEqual(outcome, {
    ok: false,
    status: 404,
    draft: { parentId: 999, body: 'Into the void', error: 'The comment you replied to does not exist.' },
  });
});

test("editing someone else's comment is a 403 whose draft belongs to that comment's edit form", async (t) => {
  const services = await actionServices(t);
  const { reader, commentId } = await readerAndOthersComment(services);
  const outcome = await submit(services, reader, { intent: 'edit', comment_id: String(commentId), body: 'Yours now' });
  assert.deepEqual(outcome, {
    ok: false,
    status: 403,
    draft: { parentId: null, commentId, body: 'Yours now', error: 'You can only edit your own comments.' },
  });
});

test('a second comment too soon is a 429 with the seconds to wait, the draft kept', async (t) => {
  const services = await actionServices(t, { COMMENT_INTERVAL_SECONDS: '15' });
  const reader = await addCommenter(services.db, 'reader');
  assert.ok((await submit(services, reader, { intent: 'post', body: 'One' })).ok);
  services.clock.advance(5);
  const outcome = await submit(services, reader, { intent: 'post', body: 'Two' });
  assert.ok(!outcome.ok);
  assert.equal(outcome.status, 429);
  assert.equal(outcome.retryAfterSeconds, 10);
  assert.equal(outcome.draft.body, 'Two');
  assert.equal(outcome.draft.parentId, null);
});

test('the same text again is a 429 that waits out the duplicate window', async (t) => {
  const services = await actionServices(t, { COMMENT_INTERVAL_SECONDS: '0', COMMENT_DUPLICATE_WINDOW_SECONDS: '600' });
  const reader = await addCommenter(services.db, 'reader');
  assert.ok((await submit(services, reader, { intent: 'post', body: 'Again' })).ok);
  const outcome = await submit(services, reader, { intent: 'post', body: 'Again' });
  assert.ok(!outcome.ok);
  assert.equal(outcome.status, 429);
  assert.equal(outcome.retryAfterSeconds, 600);
});

test('a story whose comments are closed refuses with 403 and keeps the draft', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  const closed: StoryRef = { ...STORY, comments: 'closed' };
  const outcome = await submit(services, reader, { intent: 'post', body: 'Late' }, closed);
  assert.deepEqual(outcome, {
    ok: false,
    status: 403,
    draft: { parentId: null, body: 'Late', error: 'Comments are closed on this story.' },
  });
});
