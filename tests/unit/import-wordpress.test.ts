import assert from 'node:assert/strict';
import test from 'node:test';
import { commentStarting, importFixture, storedComments } from './import-helpers.ts';
import { freshDatabase } from './test-db.ts';

const at = (iso: string): number => Date.parse(iso) / 1000;

test('a WXR 1.2 export brings comments onto the story named by the post slug, with replies and dates', async (t) => {
  const db = await freshDatabase(t);
  const summary = await importFixture(db, 'wordpress', 'wordpress-1.2.xml');
  const comments = await storedComments(db);

  const first = commentStarting(comments, 'First line of my comment');
  assert.deepEqual(
    [first.story, first.author, first.parentId, first.createdAt, first.status],
    ['council-approves-new-budget', 'José Ñúñez', null, at('2019-03-04T10:00:00Z'), 'visible'],
  );
  const reply = commentStarting(comments, 'Replying to José');
  assert.deepEqual([reply.parentId, reply.depth, reply.author], [first.id, 1, "Mary O'Brien"]);
  const answer = commentStarting(comments, 'Thanks Mary');
  assert.deepEqual([answer.parentId, answer.author], [reply.id, 'José Ñúñez']);
  assert.equal(summary.authorsCreated, 4);
});

test('comment_approved 1, 0, spam and trash become visible, pending, hidden and deleted', async (t) => {
  const db = await freshDatabase(t);
  const summary = await importFixture(db, 'wordpress', 'wordpress-1.2.xml');
  const comments = await storedComments(db);
  assert.equal(commentStarting(comments, 'Replying to José').status, 'visible');
  assert.equal(commentStarting(comments, 'Thanks Mary').status, 'pending');
  const spam = commentStarting(comments, 'Free spins');
  assert.deepEqual([spam.status, spam.hiddenReason], ['hidden', 'spam']);
  const underTrash = commentStarting(comments, 'A reply under a trashed comment');
  const trashed = comments.find((comment) => comment.id === underTrash.parentId);
  assert.deepEqual([trashed?.status, trashed?.body], ['deleted', '']);
  assert.equal(
    comments.some((comment) => comment.body.includes('wrong place')),
    false,
  );
  assert.equal(summary.skipped.get('deleted, with no replies'), 1);
  assert.equal(summary.skipped.get('pingback or trackback'), 1);
});

test('a WordPress comment keeps its typed line breaks and paragraphs, without its HTML', async (t) => {
  const db = await freshDatabase(t);
  await importFixture(db, 'wordpress', 'wordpress-1.2.xml');
  assert.equal(
    commentStarting(await storedComments(db), 'First line of my comment').body,
    'First line of my comment\nsecond line, same paragraph.\n\nA new paragraph with bold & un enlace (https://example.es/presupuesto).',
  );
});

test('a post the site has no story for is listed, not dropped silently', async (t) => {
  const db = await freshDatabase(t);
  const summary = await importFixture(db, 'wordpress', 'wordpress-1.2.xml');
  assert.deepEqual(
    summary.unmatched.map((entry) => [entry.thread.slug, entry.comments]),
    [['old-news-we-dropped', 1]],
  );
});

test('a WXR 1.1 export imports the same way', async (t) => {
  const db = await freshDatabase(t);
  const summary = await importFixture(db, 'wordpress', 'wordpress-1.1.xml');
  const comments = await storedComments(db);
  assert.deepEqual(
    comments.map((comment) => [comment.story, comment.author, comment.body, comment.status, comment.depth]),
    [
      ['floods-close-coastal-road', 'Ingrid Bjørnstad', 'Stay safe out there.', 'visible', 0],
      ['floods-close-coastal-road', 'Ingrid Bjørnstad', 'And check the tide tables.', 'pending', 1],
    ],
  );
  assert.equal(summary.authorsCreated, 1);
});
