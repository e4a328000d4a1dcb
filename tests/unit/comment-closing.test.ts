import assert from 'node:assert/strict';
import test from 'node:test';
import { readServerConfig } from '../../src/server/app/config.ts';
import { closedSentence, commentsAt, currentComments } from '../../src/server/stories/comment-closing.ts';
import { loadCachedCommentSection } from '../../src/server/views/comment-section.ts';
import { createThreadCache } from '../../src/server/views/thread-cache.ts';
import { addComment, addUser, STORY } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const DAY = 24 * 60 * 60;
const PUBLISHED = new Date('2026-11-01T09:00:00Z');
const PUBLISHED_AT = PUBLISHED.getTime() / 1000;

test('without COMMENTS_CLOSE_AFTER_DAYS a story without a setting stays open at any age', () => {
  assert.deepEqual(commentsAt(undefined, PUBLISHED, null, PUBLISHED_AT + 3650 * DAY), { comments: 'open' });
});

test('a story without a setting closes the given number of days after it was published', () => {
  const closing = { at: PUBLISHED_AT + 30 * DAY, afterDays: 30 };
  assert.deepEqual(commentsAt(undefined, PUBLISHED, 30, closing.at - 1), { comments: 'open', closing });
  assert.deepEqual(commentsAt(undefined, PUBLISHED, 30, closing.at), { comments: 'closed', closing });
});

test('the front matter wins at any age: written open stays open, written closed or hidden stays so', () => {
  const old = PUBLISHED_AT + 3650 * DAY;
  assert.deepEqual(commentsAt('open', PUBLISHED, 30, old), { comments: 'open' });
  assert.deepEqual(commentsAt('closed', PUBLISHED, 30, PUBLISHED_AT), { comments: 'closed' });
  assert.deepEqual(commentsAt('hidden', PUBLISHED, 30, old), { comments: 'hidden' });
});

test('a story looked up while open reads as closed once its closing time has come', () => {
  const story = { comments: 'open' as const, closing: { at: PUBLISHED_AT + DAY, afterDays: 1 } };
  assert.equal(currentComments(story, PUBLISHED_AT + DAY - 1), 'open');
  assert.equal(currentComments(story, PUBLISHED_AT + DAY), 'closed');
  assert.equal(currentComments({ comments: 'open' }, PUBLISHED_AT + 3650 * DAY), 'open');
});

test('the closed notice says when and why the comments closed', () => {
  assert.equal(closedSentence(undefined), 'Comments are closed.');
  assert.equal(
    closedSentence({ at: PUBLISHED_AT + 30 * DAY, afterDays: 30 }),
    'Comments closed on 1 December 2026, 30 days after this story was published.',
  );
  assert.equal(
    closedSentence({ at: PUBLISHED_AT + DAY, afterDays: 1 }),
    'Comments closed on 2 November 2026, 1 day after this story was published.',
  );
});

test('COMMENTS_CLOSE_AFTER_DAYS is read as whole days, and anything else stops the server with a message', () => {
  const config = (value?: string): ReturnType<typeof readServerConfig> =>
    readServerConfig({ SITE_URL: 'http://127.0.0.1:4321', COMMENTS_CLOSE_AFTER_DAYS: value });
  assert.equal(config(undefined).commentsCloseAfterDays, null);
  assert.equal(config('').commentsCloseAfterDays, null);
  assert.equal(config('30').commentsCloseAfterDays, 30);
  for (const bad of ['0', '-3', '2.5', 'thirty', '1e3', '36501']) {
    assert.throws(() => config(bad), /COMMENTS_CLOSE_AFTER_DAYS must be a whole number of days from 1 to 36500/);
  }
});

test('the shared signed-out section of an open story shows the closed notice, and no form, once its age closes it', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'ada');
  await addComment(db, ada, { body: 'Posted while it was open.', at: PUBLISHED_AT + 60 });
  const threads = createThreadCache();
  const story = {
    slug: STORY,
    path: `/articles/${STORY}/`,
    title: 'Budget vote',
    comments: 'open' as const,
    closing: { at: PUBLISHED_AT + 30 * DAY, afterDays: 30 },
  };
  const options = {
    formAction: '/articles/budget-vote/comments/',
    returnTo: '/articles/budget-vote/',
    page: { sort: 'oldest', page: 1, expand: null },
  } as const;
  const before = await loadCachedCommentSection(db, threads, story, null, options, story.closing.at - 1);
  assert.match(before.html, /Sign in or create an account to join the discussion\./);
  const after = await loadCachedCommentSection(db, threads, story, null, options, story.closing.at);
  assert.match(
    after.html,
    /<p class="comment-closed">Comments closed on 1 December 2026, 30 days after this story was published\.<\/p>/,
  );
  assert.match(after.html, /Posted while it was open\./);
  assert.doesNotMatch(after.html, /Sign in or create an account/);
  const signedIn = await loadCachedCommentSection(
    db,
    threads,
    story,
    { id: ada, username: 'ada', banned: false },
    options,
    story.closing.at,
  );
  assert.doesNotMatch(signedIn.html, /<form method="post"/, 'no comment form; sorting is a GET form');
});
