import assert from 'node:assert/strict';
import test from 'node:test';
import { parseBannedWords } from '../../src/server/abuse/banned-words.ts';
import {
  countLinks,
  decideStatus,
  screenComment,
  takeCommentInterval,
  type Commenter,
  type IntervalResult,
  type ScreeningResult,
  type StatusFacts,
} from '../../src/server/abuse/screening.ts';
import { postComment } from '../../src/server/comments/store.ts';
import type { Database } from '../../src/server/db/database.ts';
import { readLimitsConfig, type LimitsConfig, type PremoderationMode } from '../../src/server/abuse/limits-config.ts';
import { approveComment } from '../../src/server/moderation/decisions.ts';
import type { Role } from '../../src/server/accounts/user.ts';
import { addUser, NOW, STORY } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

const defaults = readLimitsConfig({}).config;

function configWith(changes: { premoderation?: PremoderationMode; rateLimits?: boolean } = {}): LimitsConfig {
  return {
    ...defaults,
    ...changes,
    comments: { ...defaults.comments, bannedWords: parseBannedWords('casino bonus\nscam') },
  };
}

async function addCommenter(db: Database, username: string, role: Role = 'reader'): Promise<Commenter> {
  return { id: await addUser(db, username, { role }), role, bannedAt: null };
}

/** Screens then posts, taking the interval with the insert, as the comment action does. */
async function screenAndPost(
  db: Database,
  user: Commenter,
  body: string,
  config: LimitsConfig,
  now: number,
): Promise<{ screening: ScreeningResult | Exclude<IntervalResult, { ok: true }>; commentId: number | null }> {
  const screening = await screenComment(db, { user, body }, config, now);
  if (!screening.ok) return { screening, commentId: null };
  const posted = await postComment(
    db,
    { storySlug: STORY, parentId: null, authorId: user.id, body, status: screening.status },
    now,
    (tx) => takeCommentInterval(tx, user, config, now),
  );
  if (!posted.ok) {
    if (posted.reason !== 'too-soon') assert.fail(JSON.stringify(posted));
    return { screening: posted, commentId: null };
  }
  return { screening, commentId: posted.comment.id };
}

const readerFacts: StatusFacts = {
  premoderation: 'off',
  hasApprovedComment: false,
  linkCount: 0,
  maxLinks: 2,
  bannedWordsFound: [],
};

test('with premoderation off a plain comment from a reader is published', () => {
  assert.deepEqual(decideStatus(readerFacts), { status: 'visible', reasons: [], details: [] });
});

test("with premoderation 'first' a reader's comment waits until one of theirs has been approved", () => {
  assert.deepEqual(decideStatus({ ...readerFacts, premoderation: 'first' }), {
    status: 'pending',
    reasons: ['first-comment'],
    details: [{ kind: 'first-comment' }],
  });
  assert.deepEqual(decideStatus({ ...readerFacts, premoderation: 'first', hasApprovedComment: true }), {
    status: 'visible',
    reasons: [],
    details: [],
  });
});

test("with premoderation 'all' every reader's comment waits", () => {
  assert.deepEqual(decideStatus({ ...readerFacts, premoderation: 'all', hasApprovedComment: true }), {
    status: 'pending',
    reasons: ['premoderation'],
    details: [{ kind: 'premoderation' }],
  });
});

test('more than the allowed links, or a banned word, sends a comment to the queue with every reason', () => {
  assert.equal(decideStatus({ ...readerFacts, linkCount: 2 }).status, 'visible');
  assert.deepEqual(decideStatus({ ...readerFacts, linkCount: 3 }), {
    status: 'pending',
    reasons: ['links'],
    details: [{ kind: 'links', count: 3, max: 2 }],
  });
  assert.deepEqual(decideStatus({ ...readerFacts, bannedWordsFound: ['scam'] }), {
    status: 'pending',
    reasons: ['banned-words'],
    details: [{ kind: 'banned-words', words: ['scam'] }],
  });
  assert.deepEqual(
    decideStatus({ ...readerFacts, premoderation: 'all', linkCount: 9, bannedWordsFound: ['scam'] }).reasons,
    ['premoderation', 'links', 'banned-words'],
  );
});

test('links are counted exactly as the page links them', () => {
  assert.equal(countLinks('no links here, not even example.com'), 0);
  assert.equal(countLinks('see https://a.example and http://b.example/x?y=1, or www.c.example.'), 3);
  assert.equal(countLinks('javascript:alert(1) ftp://x.example mailto:a@b.example'), 0);
  assert.equal(countLinks('<a href="https://a.example">typed markup</a> counts once'), 1);
  assert.equal(countLinks('https://a.example\n\nhttps://a.example'), 2);
});

test('a banned author is refused, whatever their role', async (t) => {
  const db = await freshDatabase(t);
  for (const role of ['reader', 'moderator', 'admin'] as const) {
    const user = { ...(await addCommenter(db, `user-${role}`, role)), bannedAt: NOW - 1 };
    assert.deepEqual(await screenComment(db, { user, body: 'Hello' }, configWith(), NOW), {
      ok: false,
      reason: 'banned',
      message: 'Your account has been banned from commenting.',
    });
  }
});

test('a second comment within 15 seconds is refused with the wait, and accepted after it', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addCommenter(db, 'ada');
  assert.equal((await screenAndPost(db, ada, 'First thought', configWith(), NOW)).screening.ok, true);
  assert.deepEqual((await screenAndPost(db, ada, 'Second thought', configWith(), NOW + 5)).screening, {
    ok: false,
    reason: 'too-soon',
    retryAfterSeconds: 10,
    message: 'Please wait 10 seconds: comments from one account must be at least 15 seconds apart.',
  });
  assert.equal((await screenAndPost(db, ada, 'Second thought', configWith(), NOW + 15)).screening.ok, true);
  const bob = await addCommenter(db, 'bob');
  assert.equal((await screenAndPost(db, bob, 'Meanwhile', configWith(), NOW + 15)).screening.ok, true);
});

test('the same text from the same account within 6 hours is refused; from someone else it is not', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addCommenter(db, 'ada');
  const bob = await addCommenter(db, 'bob');
  assert.equal((await screenAndPost(db, ada, 'Great piece!', configWith(), NOW)).screening.ok, true);
  assert.deepEqual((await screenAndPost(db, ada, '  Great piece!\r\n', configWith(), NOW + 60)).screening, {
    ok: false,
    reason: 'duplicate',
    message: 'You posted this same comment in the last 6 hours. Write something new instead.',
  });
  assert.equal((await screenAndPost(db, bob, 'Great piece!', configWith(), NOW + 60)).screening.ok, true);
  assert.equal((await screenAndPost(db, ada, 'Great piece!', configWith(), NOW + 6 * 3600)).screening.ok, true);
});

test("premoderation 'first': the first comment waits, and once one is approved the next is published", async (t) => {
  const db = await freshDatabase(t);
  const config = configWith({ premoderation: 'first' });
  const ada = await addCommenter(db, 'ada');
  const moderator = await addCommenter(db, 'mod', 'moderator');
  const first = await screenAndPost(db, ada, 'Hello', config, NOW);
  assert.deepEqual(first.screening, {
    ok: true,
    status: 'pending',
    reasons: ['first-comment'],
    details: [{ kind: 'first-comment' }],
  });
  const second = await screenAndPost(db, ada, 'Still waiting?', config, NOW + 60);
  assert.deepEqual(second.screening, {
    ok: true,
    status: 'pending',
    reasons: ['first-comment'],
    details: [{ kind: 'first-comment' }],
  });

  assert.ok(first.commentId !== null);
  assert.deepEqual(await approveComment(db, { actorId: moderator.id, commentId: first.commentId }, NOW + 100), {
    ok: true,
  });
  const third = await screenAndPost(db, ada, 'Thanks!', config, NOW + 200);
  assert.deepEqual(third.screening, { ok: true, status: 'visible', reasons: [], details: [] });
});

test("premoderation 'all' holds every reader's comment; off publishes it", async (t) => {
  const db = await freshDatabase(t);
  const ada = await addCommenter(db, 'ada');
  const held = await screenComment(db, { user: ada, body: 'Hi' }, configWith({ premoderation: 'all' }), NOW);
  assert.deepEqual(held, {
    ok: true,
    status: 'pending',
    reasons: ['premoderation'],
    details: [{ kind: 'premoderation' }],
  });
  const published = await screenComment(db, { user: ada, body: 'Hi again' }, configWith(), NOW + 20);
  assert.deepEqual(published, { ok: true, status: 'visible', reasons: [], details: [] });
});

test('three links or a banned word send a reader’s comment to the queue', async (t) => {
  const db = await freshDatabase(t);
  const ada = await addCommenter(db, 'ada');
  const twoLinks = await screenComment(db, { user: ada, body: 'https://a.example www.b.example' }, configWith(), NOW);
  assert.equal(twoLinks.ok && twoLinks.status, 'visible');
  const threeLinks = 'https://a.example https://b.example https://c.example';
  assert.deepEqual(await screenComment(db, { user: ada, body: threeLinks }, configWith(), NOW + 20), {
    ok: true,
    status: 'pending',
    reasons: ['links'],
    details: [{ kind: 'links', count: 3, max: 2 }],
  });
  assert.deepEqual(await screenComment(db, { user: ada, body: 'Big CASINO  bonus today' }, configWith(), NOW + 40), {
    ok: true,
    status: 'pending',
    reasons: ['banned-words'],
    details: [{ kind: 'banned-words', words: ['casino bonus'] }],
  });
});

test('moderators and admins are exempt from every comment limit and queue rule', async (t) => {
  const db = await freshDatabase(t);
  const config = configWith({ premoderation: 'all' });
  for (const role of ['moderator', 'admin'] as const) {
    const staff = await addCommenter(db, `staff-${role}`, role);
    const body = 'scam https://a.example https://b.example https://c.example';
    for (let n = 0; n < 3; n += 1) {
      assert.deepEqual((await screenAndPost(db, staff, body, config, NOW)).screening, {
        ok: true,
        status: 'visible',
        reasons: [],
        details: [],
      });
    }
  }
});

test('with RATE_LIMITS=off the interval and duplicate limits are off, the queue rules still apply', async (t) => {
  const db = await freshDatabase(t);
  const config = configWith({ rateLimits: false });
  const ada = await addCommenter(db, 'ada');
  for (let n = 0; n < 3; n += 1) {
    assert.equal((await screenAndPost(db, ada, 'Same again', config, NOW)).screening.ok, true);
  }
  const held = await screenComment(db, { user: ada, body: 'scam' }, config, NOW);
  assert.deepEqual(held, {
    ok: true,
    status: 'pending',
    reasons: ['banned-words'],
    details: [{ kind: 'banned-words', words: ['scam'] }],
  });
  assert.deepEqual(await db.all('SELECT key FROM rate_limits'), []);
});
