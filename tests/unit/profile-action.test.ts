import assert from 'node:assert/strict';
import test from 'node:test';
import { loadProfile, PROFILE_PAGE_SIZE } from '../../src/server/actions/profile.ts';
import { actionServices } from './action-services.ts';
import { addComment, addUser, NOW, STORY } from './fixtures.ts';

const TITLES = new Map([[STORY, 'The budget vote']]);
const storyTitle = (slug: string): string | null => TITLES.get(slug) ?? null;

test('a profile lists the reader’s visible comments, newest first, with each story’s headline', async (t) => {
  const { db } = await actionServices(t);
  const ada = await addUser(db, 'Ada');
  const bob = await addUser(db, 'bob');
  await addComment(db, ada, { body: 'Older.', at: NOW - 600 });
  await addComment(db, ada, { body: 'Waiting.', status: 'pending', at: NOW - 300 });
  await addComment(db, ada, { body: 'On a story readers cannot open.', story: 'an-unpublished-story', at: NOW - 200 });
  await addComment(db, ada, { body: 'Newer.', at: NOW - 100 });
  await addComment(db, bob, { body: 'Not Ada’s.' });
  const hidden = await addComment(db, ada, { body: 'Hidden by a moderator.', at: NOW });
  await db.run(`UPDATE comments SET status = 'hidden' WHERE id = ?`, [hidden.id]);

  const profile = await loadProfile({ db }, 'ada', null, storyTitle);
  assert.ok(profile.found && !profile.banned);
  assert.equal(profile.username, 'Ada');
  assert.equal(profile.total, 3);
  assert.deepEqual(
    profile.comments.map((comment) => [comment.body, comment.storyTitle]),
    [
      ['Newer.', 'The budget vote'],
      ['', null],
      ['Older.', 'The budget vote'],
    ],
  );
});

test('a profile comes in pages of 20, and a page past the last or not a number is not found', async (t) => {
  const { db } = await actionServices(t);
  const ada = await addUser(db, 'ada');
  for (let index = 0; index < PROFILE_PAGE_SIZE + 1; index += 1) {
    await addComment(db, ada, { body: `Comment ${index}.`, at: NOW + index });
  }
  const first = await loadProfile({ db }, 'ada', '1', storyTitle);
  assert.ok(first.found && !first.banned);
  assert.equal(first.pages, 2);
  assert.equal(first.comments.length, PROFILE_PAGE_SIZE);
  assert.equal(first.comments[0]?.body, 'Comment 20.');
  const second = await loadProfile({ db }, 'ada', '2', storyTitle);
  assert.ok(second.found && !second.banned);
  assert.deepEqual(
    second.comments.map((comment) => comment.body),
    ['Comment 0.'],
  );
  for (const page of ['3', '0', '-1', 'two', '1.5', '']) {
    assert.deepEqual(await loadProfile({ db }, 'ada', page, storyTitle), { found: false }, page);
  }
});

test('an unknown name is not found, and a reader without comments has an empty profile', async (t) => {
  const { db } = await actionServices(t);
  await addUser(db, 'quiet');
  assert.deepEqual(await loadProfile({ db }, 'nobody', null, storyTitle), { found: false });
  assert.deepEqual(await loadProfile({ db }, 'x'.repeat(10_000), null, storyTitle), { found: false });
  const quiet = await loadProfile({ db }, 'quiet', null, storyTitle);
  assert.ok(quiet.found && !quiet.banned);
  assert.deepEqual([quiet.total, quiet.pages, quiet.comments], [0, 1, []]);
});

test('a banned reader’s profile says so and lists none of their comments', async (t) => {
  const { db } = await actionServices(t);
  const mallory = await addUser(db, 'mallory');
  await addComment(db, mallory, { body: 'Still up in the thread.' });
  await db.run('UPDATE users SET banned_at = ? WHERE id = ?', [NOW, mallory]);
  assert.deepEqual(await loadProfile({ db }, 'mallory', null, storyTitle), {
    found: true,
    username: 'mallory',
    joinedAt: NOW,
    banned: true,
  });
});

test('an imported author’s name, spaces and all, finds their profile', async (t) => {
  const { db } = await actionServices(t);
  const ingrid = await addUser(db, 'Ingrid Bjørnstad (2)');
  await addComment(db, ingrid, { body: 'Stay safe out there.' });
  const profile = await loadProfile({ db }, 'ingrid bjørnstad (2)', null, storyTitle);
  assert.ok(profile.found && !profile.banned);
  assert.equal(profile.comments[0]?.body, 'Stay safe out there.');
});
