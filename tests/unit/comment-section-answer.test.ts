import assert from 'node:assert/strict';
import test from 'node:test';
import { gunzipSync } from 'node:zlib';
import { signedInSectionAnswer, signedOutSectionBody } from '../../src/server/http/comment-section-answer.ts';
import { createThreadCache } from '../../src/server/views/thread-cache.ts';
import { addComment, addUser, NOW, STORY } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

// A renamed story: its comments stay under its first name (its id), its page moved.
const RENAMED = { slug: STORY, path: '/articles/budget-vote-passes/', title: 'Budget vote', comments: 'open' as const };
const QUERY = { page: { sort: 'oldest', page: 1, expand: null }, part: 'section' } as const;

test('signed in or out, the section of a renamed story posts to and returns to its page of today', async (t) => {
  const db = await freshDatabase(t);
  const readerId = await addUser(db, 'reader');
  await addComment(db, readerId, { body: 'First!' });
  const threads = createThreadCache();
  const user = { id: readerId, username: 'reader', role: 'reader' as const, bannedAt: null };
  const signedIn = await signedInSectionAnswer(db, threads, RENAMED, QUERY, user, 'gzip', NOW);
  const signedOut = await signedOutSectionBody(db, threads, RENAMED, QUERY, 'identity', NOW);
  for (const [who, body] of [
    ['signed in', gunzipSync(signedIn.body).toString()],
    ['signed out', Buffer.from(signedOut).toString()],
  ]) {
    const answer = JSON.parse(body) as Record<string, unknown>;
    const text = JSON.stringify(answer);
    assert.match(text, /\/articles\/budget-vote-passes\/comments\//, who);
    assert.doesNotMatch(text, /\/articles\/budget-vote\//, who);
  }
});
