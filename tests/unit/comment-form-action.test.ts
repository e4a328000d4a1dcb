import assert from 'node:assert/strict';
import test from 'node:test';
import { signUp, type User } from '../../src/server/accounts/user.ts';
import { performCommentFormPost } from '../../src/server/actions/comment-form.ts';
import { parseCommentForm, type CommentFormPost } from '../../src/server/actions/comment-request.ts';
import type { StoryRef } from '../../src/server/stories/story-ref.ts';
import { actionServices, type ActionServices } from './action-services.ts';

const STORY: StoryRef = { slug: 'budget-vote', title: 'The budget vote', comments: 'open' };

async function addReader(services: ActionServices, username: string): Promise<User> {
  const created = await signUp(services.db, { username, password: 'a long enough password' }, services.clock.now());
  if (!created.ok) throw new Error(created.message);
  return created.user;
}

/** A post as the comments page's form sends it. */
function form(fields: Record<string, string>): CommentFormPost {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return parseCommentForm(data);
}

test('a new comment sends the reader to its anchor with no notice', async (t) => {
  const services = await actionServices(t);
  const reader = await addReader(services, 'reader');
  const outcome = await performCommentFormPost(services, STORY, reader, form({ intent: 'post', body: 'First!' }));
  assert.ok(outcome.ok);
  assert.equal(outcome.notice, null);
  assert.match(outcome.anchor, /^comment-\d+$/);
});

test('a comment held for a moderator comes back with the pending notice', async (t) => {
  const services = await actionServices(t, { PREMODERATION: 'all' });
  const reader = await addReader(services, 'reader');
  const outcome = await performCommentFormPost(services, STORY, reader, form({ intent: 'post', body: 'Held' }));
  assert.ok(outcome.ok);
  assert.equal(outcome.notice, 'pending');
});

test('a report comes back with the reported notice and the reported comment as its anchor', async (t) => {
  const services = await actionServices(t);
  const author = await addReader(services, 'author');
  const reader = await addReader(services, 'reader');
  const posted = await performCommentFormPost(services, STORY, author, form({ intent: 'post', body: 'Hot take' }));
  assert.ok(posted.ok);
  const id = posted.anchor.replace('comment-', '');
  const outcome = await performCommentFormPost(
    services,
    STORY,
    reader,
    form({ intent: 'report', comment_id: id, reason: 'spam' }),
  );
  assert.deepEqual(outcome, { ok: true, notice: 'reported', anchor: `comment-${id}` });
});

test('a deleted comment sends the reader to the comments heading', async (t) => {
  const services = await actionServices(t);
  const reader = await addReader(services, 'reader');
  const posted = await performCommentFormPost(services, STORY, reader, form({ intent: 'post', body: 'Oops' }));
  assert.ok(posted.ok);
  const id = posted.anchor.replace('comment-', '');
  const outcome = await performCommentFormPost(services, STORY, reader, form({ intent: 'delete', comment_id: id }));
  assert.deepEqual(outcome, { ok: true, notice: null, anchor: 'comments' });
});

test('a request that cannot be read is a 400 whose draft keeps the text typed', async (t) => {
  const services = await actionServices(t);
  const reader = await addReader(services, 'reader');
  const outcome = await performCommentFormPost(services, STORY, reader, form({ intent: 'shout', body: 'Kept' }));
  assert.deepEqual(outcome, {
    ok: false,
    status: 400,
    draft: { parentId: null, body: 'Kept', error: 'Say what to do: post, reply, edit, delete or report.' },
  });
});

test('a reply to a missing comment is a 404 whose draft stays under that parent', async (t) => {
  const services = await actionServices(t);
  const reader = await addReader(services, 'reader');
  const outcome = await performCommentFormPost(
    services,
    STORY,
    reader,
    form({ intent: 'reply', parent_id: '999', body: 'Into the void' }),
  );
  assert.deepEqual(outcome, {
    ok: false,
    status: 404,
    draft: { parentId: 999, body: 'Into the void', error: 'The comment you replied to does not exist.' },
  });
});

test("editing someone else's comment is a 403 whose draft belongs to that comment's edit form", async (t) => {
  const services = await actionServices(t);
  const author = await addReader(services, 'author');
  const reader = await addReader(services, 'reader');
  const posted = await performCommentFormPost(services, STORY, author, form({ intent: 'post', body: 'Mine' }));
  assert.ok(posted.ok);
  const id = Number(posted.anchor.replace('comment-', ''));
  const outcome = await performCommentFormPost(
    services,
    STORY,
    reader,
    form({ intent: 'edit', comment_id: String(id), body: 'Yours now' }),
  );
  assert.deepEqual(outcome, {
    ok: false,
    status: 403,
    draft: { parentId: null, commentId: id, body: 'Yours now', error: 'You can only edit your own comments.' },
  });
});

test('a second comment too soon is a 429 with the seconds to wait, the draft kept', async (t) => {
  const services = await actionServices(t, { COMMENT_INTERVAL_SECONDS: '15' });
  const reader = await addReader(services, 'reader');
  assert.ok((await performCommentFormPost(services, STORY, reader, form({ intent: 'post', body: 'One' }))).ok);
  services.clock.advance(5);
  const outcome = await performCommentFormPost(services, STORY, reader, form({ intent: 'post', body: 'Two' }));
  assert.ok(!outcome.ok);
  assert.equal(outcome.status, 429);
  assert.equal(outcome.retryAfterSeconds, 10);
  assert.equal(outcome.draft.body, 'Two');
  assert.equal(outcome.draft.parentId, null);
});

test('the same text again is a 429 that waits out the duplicate window', async (t) => {
  const services = await actionServices(t, { COMMENT_INTERVAL_SECONDS: '0', COMMENT_DUPLICATE_WINDOW_SECONDS: '600' });
  const reader = await addReader(services, 'reader');
  assert.ok((await performCommentFormPost(services, STORY, reader, form({ intent: 'post', body: 'Again' }))).ok);
  const outcome = await performCommentFormPost(services, STORY, reader, form({ intent: 'post', body: 'Again' }));
  assert.ok(!outcome.ok);
  assert.equal(outcome.status, 429);
  assert.equal(outcome.retryAfterSeconds, 600);
});

test('a story whose comments are closed refuses with 403 and keeps the draft', async (t) => {
  const services = await actionServices(t);
  const reader = await addReader(services, 'reader');
  const closed: StoryRef = { ...STORY, comments: 'closed' };
  const outcome = await performCommentFormPost(services, closed, reader, form({ intent: 'post', body: 'Late' }));
  assert.deepEqual(outcome, {
    ok: false,
    status: 403,
    draft: { parentId: null, body: 'Late', error: 'Comments are closed on this story.' },
  });
});
