import assert from 'node:assert/strict';
import test from 'node:test';
import { authenticate } from '../../src/server/accounts/user.ts';
import { MAX_DEPTH } from '../../src/server/comments/rules.ts';
import { commentStarting, importFixture, storedComments } from './import-helpers.ts';
import { freshDatabase } from './test-db.ts';

const at = (iso: string): number => Date.parse(iso) / 1000;

test('a Disqus export brings threads, authors, dates and replies across onto stories by slug', async (t) => {
  const db = await freshDatabase(t);
  const summary = await importFixture(db, 'disqus', 'disqus.xml', { map: 'map.csv' });
  const comments = await storedComments(db);

  const first = commentStarting(comments, 'Finally some money');
  assert.deepEqual(
    {
      story: first.story,
      author: first.author,
      parentId: first.parentId,
      createdAt: first.createdAt,
      status: first.status,
    },
    {
      story: 'council-approves-new-budget',
      author: 'Zoë Müller',
      parentId: null,
      createdAt: at('2019-03-04T10:15:00Z'),
      status: 'visible',
    },
  );
  const reply = commentStarting(comments, 'Page 12 says');
  assert.deepEqual([reply.parentId, reply.depth, reply.author], [first.id, 1, 'Søren Ågård']);
  const answer = commentStarting(comments, 'Less for upkeep');
  assert.deepEqual([answer.parentId, answer.depth, answer.author], [reply.id, 2, 'Zoë Müller']);
  assert.equal(summary.threads, 3);
  assert.equal(summary.threadsMatched, 2);
  assert.equal(summary.imported, 16);
});

test('one Disqus user is one account, whatever the number of comments', async (t) => {
  const db = await freshDatabase(t);
  const summary = await importFixture(db, 'disqus', 'disqus.xml', { map: 'map.csv' });
  const names = await db.all<{ username: string }>('SELECT username FROM users ORDER BY username');
  assert.deepEqual(
    names.map((row) => row.username),
    ['Ana', 'Ben', 'Best Deals', 'Guest Reader', 'New Reader', 'Søren Ågård', 'Zoë Müller', '李小龙'],
  );
  assert.equal(summary.authorsCreated, 8);
});

test('spam is hidden, an unapproved comment waits, a deleted one with replies is a placeholder', async (t) => {
  const db = await freshDatabase(t);
  const summary = await importFixture(db, 'disqus', 'disqus.xml', { map: 'map.csv' });
  const comments = await storedComments(db);

  const spam = commentStarting(comments, 'Cheap watches');
  assert.deepEqual([spam.status, spam.hiddenReason], ['hidden', 'spam']);
  assert.equal(commentStarting(comments, 'Waiting for a moderator').status, 'pending');
  const orphan = commentStarting(comments, 'Replying to a comment that has since been deleted');
  const placeholder = comments.find((comment) => comment.id === orphan.parentId);
  assert.deepEqual([placeholder?.status, placeholder?.body, placeholder?.author], ['deleted', '', '李小龙']);
  assert.equal(
    comments.some((comment) => comment.body.includes('nobody answered')),
    false,
  );
  assert.equal(summary.skipped.get('deleted, with no replies'), 1);
});

test('HTML in a Disqus message ends up as text with its paragraphs, line breaks and link addresses', async (t) => {
  const db = await freshDatabase(t);
  await importFixture(db, 'disqus', 'disqus.xml');
  const first = commentStarting(await storedComments(db), 'Finally some money');
  assert.equal(
    first.body,
    'Finally some money for the libraries & the pool.\n\n' +
      'See the full budget (https://council.example.org/budget-2019.pdf)\npage 12 is the interesting one.',
  );
});

test('replies nested deeper than MAX_DEPTH are attached beside their parent, as postComment does', async (t) => {
  const db = await freshDatabase(t);
  await importFixture(db, 'disqus', 'disqus.xml');
  const comments = await storedComments(db);
  const chain = Array.from({ length: 8 }, (_, depth) => commentStarting(comments, `Depth ${depth}`));
  assert.deepEqual(
    chain.map((comment) => comment.depth),
    [0, 1, 2, 3, 4, 5, MAX_DEPTH, MAX_DEPTH],
  );
  assert.equal(chain[7]?.parentId, chain[6]?.parentId);
});

test('imported authors are accounts no password signs in to', async (t) => {
  const db = await freshDatabase(t);
  await importFixture(db, 'disqus', 'disqus.xml');
  for (const password of ['', 'zoemuller', '!imported: cannot sign in until claimed']) {
    assert.equal((await authenticate(db, 'Zoë Müller', password)).ok, false);
  }
});

test('a thread whose address names no story is listed with its comments, and --map places another', async (t) => {
  const db = await freshDatabase(t);
  const withoutMap = await importFixture(db, 'disqus', 'disqus.xml');
  assert.deepEqual(
    withoutMap.unmatched.map((entry) => [entry.thread.url, entry.comments]),
    [
      ['https://old.example.com/2019/03/floods-coastal-road.html', 1],
      ['https://old.example.com/articles/a-story-we-no-longer-have/', 1],
    ],
  );
  assert.equal(withoutMap.skipped.get('no story for its thread'), 2);

  const withMap = await importFixture(db, 'disqus', 'disqus.xml', { map: 'map.csv' });
  assert.equal(withMap.imported, 1);
  assert.equal(commentStarting(await storedComments(db), 'The road was shut').story, 'floods-close-coastal-road');
  assert.deepEqual(
    withMap.unmatched.map((entry) => entry.thread.url),
    ['https://old.example.com/articles/a-story-we-no-longer-have/'],
  );
});
