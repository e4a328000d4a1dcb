import assert from 'node:assert/strict';
import test from 'node:test';
import { MAX_COUNTED_STORIES, parseCountedStories } from '../../src/server/actions/comment-counts.ts';
import { countVisibleCommentsOn, createCommentCounts } from '../../src/server/comments/counts.ts';
import { addComment, addUser, NOW, STORY } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const known = new Set(['budget-vote', 'flood-defences', 'ferry-timetable']);
const isKnown = (slug: string): boolean => known.has(slug);

test('counts take only the comments readers can see, for several stories in one answer', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'ada');
  await addComment(db, ada, { body: 'One.' });
  await addComment(db, ada, { body: 'Two.' });
  await addComment(db, ada, { body: 'Waiting for a moderator.', status: 'pending' });
  await addComment(db, ada, { story: 'flood-defences', body: 'Elsewhere.' });
  await db.run(`UPDATE comments SET status = 'hidden' WHERE body = 'Two.'`);
  const counts = await countVisibleCommentsOn(db, [STORY, 'flood-defences', 'ferry-timetable']);
  assert.deepEqual([...counts].sort(), [
    ['budget-vote', 1],
    ['flood-defences', 1],
  ]);
  const read = await createCommentCounts().read(db, ['ferry-timetable', STORY, 'flood-defences'], NOW);
  assert.deepEqual(read, { 'ferry-timetable': 0, 'budget-vote': 1, 'flood-defences': 1 });
});

test('a count is kept for five seconds, then read again', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addUser(db, 'ada');
  const counts = createCommentCounts();
  assert.deepEqual(await counts.read(db, [STORY], NOW), { 'budget-vote': 0 });
  await addComment(db, ada, { body: 'A new one.' });
  assert.deepEqual(await counts.read(db, [STORY], NOW + 4), { 'budget-vote': 0 });
  assert.deepEqual(await counts.read(db, [STORY], NOW + 5), { 'budget-vote': 1 });
});

test('the stories parameter is a comma-separated list of known stories, each counted once', () => {
  assert.deepEqual(parseCountedStories('budget-vote,flood-defences,budget-vote', isKnown), {
    ok: true,
    slugs: ['budget-vote', 'flood-defences'],
  });
});

test('a missing, unknown or garbage story, or too many, is refused with a 400 that says why', () => {
  for (const missing of [null, '', ',,']) {
    assert.deepEqual(parseCountedStories(missing, isKnown), {
      ok: false,
      status: 400,
      error: 'missing-stories',
      message: 'Name the stories to count: /api/comment-counts?stories=first-story,second-story',
    });
  }
  assert.deepEqual(parseCountedStories('budget-vote,no-such-story', isKnown), {
    ok: false,
    status: 400,
    error: 'unknown-story',
    message: '"no-such-story" is not a published story with comments.',
  });
  const garbage = parseCountedStories(`budget-vote,${'<script>'.repeat(20)}`, isKnown);
  assert.equal(garbage.ok, false);
  assert.ok(!garbage.ok && garbage.error === 'unknown-story' && garbage.message.includes('…'));
  const many = Array.from({ length: MAX_COUNTED_STORIES + 1 }, (_, index) => `story-${index}`).join(',');
  assert.deepEqual(
    parseCountedStories(many, () => true),
    {
      ok: false,
      status: 400,
      error: 'too-many-stories',
      message: 'Ask for at most 50 stories at a time.',
    },
  );
});
