import assert from 'node:assert/strict';
import test from 'node:test';
import { collectAccountData } from '../../src/server/accounts/account-data.ts';
import { createSession } from '../../src/server/accounts/session.ts';
import { addComment, addUser, NOW, STORY } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const ORIGIN = 'https://news.example';
const SITE = { origin: ORIGIN, titles: new Map([[STORY, 'Budget vote passes']]) };

test('the data download holds the account, its comments with their stories and dates, its reports and devices', async (t) => {
  const db = await freshDatabase(t);
  const reader = await addUser(db, 'Reader');
  const author = await addUser(db, 'author');
  const theirs = await addComment(db, author, { story: 'harbour-plan', body: 'Their comment' });
  const mine = await addComment(db, reader, { body: 'My comment', at: NOW + 60 });
  const reply = await addComment(db, reader, {
    parentId: theirs.id,
    story: 'harbour-plan',
    body: 'My reply',
    at: NOW + 120,
  });
  await db.run(`INSERT INTO reports (comment_id, reporter_id, reason, note, created_at) VALUES (?, ?, 'abuse', ?, ?)`, [
    theirs.id,
    reader,
    'Rude',
    NOW + 180,
  ]);
  await createSession(db, reader, NOW + 240, { browser: 'Firefox on Linux' });

  assert.deepEqual(await collectAccountData(db, reader, SITE, NOW + 300), {
    exportedAt: '2027-01-15T08:05:00.000Z',
    account: {
      username: 'Reader',
      email: null,
      role: 'reader',
      createdAt: '2027-01-15T08:00:00.000Z',
      twoFactor: false,
    },
    comments: [
      {
        id: mine.id,
        story: STORY,
        storyTitle: 'Budget vote passes',
        url: `${ORIGIN}/articles/${STORY}/#comment-${mine.id}`,
        parentId: null,
        status: 'visible',
        text: 'My comment',
        createdAt: '2027-01-15T08:01:00.000Z',
        editedAt: null,
      },
      {
        id: reply.id,
        story: 'harbour-plan',
        storyTitle: null,
        url: `${ORIGIN}/articles/harbour-plan/#comment-${reply.id}`,
        parentId: theirs.id,
        status: 'visible',
        text: 'My reply',
        createdAt: '2027-01-15T08:02:00.000Z',
        editedAt: null,
      },
    ],
    reports: [
      {
        commentId: theirs.id,
        story: 'harbour-plan',
        storyTitle: null,
        reason: 'abuse',
        note: 'Rude',
        createdAt: '2027-01-15T08:03:00.000Z',
      },
    ],
    devices: [
      { browser: 'Firefox on Linux', signedInAt: '2027-01-15T08:04:00.000Z', lastUsedAt: '2027-01-15T08:04:00.000Z' },
    ],
  });
});

test('the data download holds nothing of other accounts and no secrets', async (t) => {
  const db = await freshDatabase(t);
  const reader = await addUser(db, 'reader');
  const other = await addUser(db, 'other');
  await addComment(db, other, { body: 'Not mine' });
  await createSession(db, reader, NOW);
  const data = await collectAccountData(db, reader, SITE, NOW);
  assert.deepEqual(data?.comments, []);
  assert.ok(!JSON.stringify(data).includes('not-a-real-hash'));
  assert.ok(!JSON.stringify(data).includes('Not mine'));
});

test('a deleted or unknown account has no data to download', async (t) => {
  const db = await freshDatabase(t);
  const reader = await addUser(db, 'reader');
  await db.run('UPDATE users SET deleted_at = ? WHERE id = ?', [NOW, reader]);
  assert.equal(await collectAccountData(db, reader, SITE, NOW), null);
  assert.equal(await collectAccountData(db, 999, SITE, NOW), null);
});
