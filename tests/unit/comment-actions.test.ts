/**
 * The comment actions as both routes call them: what an edit, a ban, a hidden comment, a refused
 * comment and a burst of reports do (issue 11 items 3, 4 and 8; issue 12 item 5).
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import type { Commenter } from '../../src/server/abuse/screening.ts';
import { performCommentAction, type CommentActionResult } from '../../src/server/actions/comment-actions.ts';
import { parseCommentRequest } from '../../src/server/actions/comment-request.ts';
import { getComment, listStoryComments } from '../../src/server/comments/store.ts';
import { buildThread } from '../../src/server/comments/thread.ts';
import type { Database } from '../../src/server/db/database.ts';
import { approveComment, banUser, hideComment, unbanUser } from '../../src/server/moderation/decisions.ts';
import { listModerationQueue } from '../../src/server/moderation/queue.ts';
import { reportComment } from '../../src/server/moderation/reports.ts';
import type { StoryRef } from '../../src/server/stories/story-ref.ts';
import { actionServices, type ActionServices } from './action-services.ts';
import { addComment, addCommenter, addUser, NOW } from './fixtures.ts';

const STORY: StoryRef = {
  slug: 'budget-vote',
  path: '/articles/budget-vote/',
  title: 'The budget vote',
  comments: 'open',
};
const SPAM = [1, 2, 3, 4, 5].map((n) => `https://pills-${n}.example`).join(' ');

function act(
  services: ActionServices,
  author: Commenter,
  fields: Record<string, unknown>,
): Promise<CommentActionResult> {
  return performCommentAction(services, STORY, author, parseCommentRequest(fields));
}

/** Posts through the action and answers the new comment's id. */
async function post(services: ActionServices, author: Commenter, body: string): Promise<number> {
  const outcome = await act(services, author, { intent: 'post', body });
  assert.ok(outcome.ok && outcome.commentId !== null, JSON.stringify(outcome));
  return outcome.commentId;
}

/** What a signed-out reader of the story can read. */
async function readableBodies(db: Database): Promise<string[]> {
  const bodies: string[] = [];
  const walk = (nodes: ReturnType<typeof buildThread>['roots']): void => {
    for (const node of nodes) {
      if (node.kind === 'comment') bodies.push(node.comment.body);
      walk(node.replies);
    }
  };
  walk(buildThread(await listStoryComments(db, STORY.slug), null).roots);
  return bodies;
}

// Issue 11 item 3: an edit is screened like a new comment.

test('an edit to five spam links takes the comment off the page until a moderator approves it', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  const id = await post(services, reader, 'Great article');
  assert.deepEqual(await readableBodies(services.db), ['Great article']);

  const edited = await act(services, reader, { intent: 'edit', commentId: id, body: SPAM });
  assert.deepEqual(edited, { ok: true, status: 200, commentId: id, notice: 'pending' });
  assert.equal((await getComment(services.db, id))?.status, 'pending');
  assert.deepEqual(await readableBodies(services.db), []);

  const [held] = await listModerationQueue(services.db);
  assert.equal(held?.commentId, id);
  assert.equal(held?.body, SPAM);
  assert.equal(held?.editedAt, NOW);

  const moderator = await addUser(services.db, 'moderator', { role: 'moderator' });
  assert.deepEqual(await approveComment(services.db, { actorId: moderator, commentId: id }, NOW + 60), { ok: true });
  assert.deepEqual(await readableBodies(services.db), [SPAM]);
});

test('an edit with a banned word, or any edit under PREMODERATION=all, is held the same way', async (t) => {
  for (const [env, body] of [
    [{ BANNED_WORDS_FILE: 'off', PREMODERATION: 'all' }, 'Just a typo fixed'],
    [{}, 'Claim your casino bonus here'],
  ] as const) {
    const services = await actionServices(t, env);
    const reader = await addCommenter(services.db, 'reader');
    const moderator = await addUser(services.db, 'moderator', { role: 'moderator' });
    const { id } = await addComment(services.db, reader.id, { body: 'First words' });
    const edited = await act(services, reader, { intent: 'edit', commentId: id, body });
    assert.ok(edited.ok);
    assert.equal(edited.notice, 'pending', `${JSON.stringify(env)}: ${body}`);
    assert.equal((await getComment(services.db, id))?.status, 'pending');
    assert.deepEqual(await approveComment(services.db, { actorId: moderator, commentId: id }, NOW), { ok: true });
  }
});

test('an edit never publishes a held comment, and a clean edit of a visible one stays visible', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  const { id: held } = await addComment(services.db, reader.id, { body: SPAM, status: 'pending' });
  assert.deepEqual(await act(services, reader, { intent: 'edit', commentId: held, body: 'Clean now' }), {
    ok: true,
    status: 200,
    commentId: held,
    notice: 'pending',
  });
  assert.equal((await getComment(services.db, held))?.status, 'pending');

  const { id: shown } = await addComment(services.db, reader.id, { body: 'Fine' });
  assert.deepEqual(await act(services, reader, { intent: 'edit', commentId: shown, body: 'Still fine' }), {
    ok: true,
    status: 200,
    commentId: shown,
    notice: null,
  });
  assert.equal((await getComment(services.db, shown))?.status, 'visible');
});

test('edits are free of the comment interval and the duplicate rule, and spend no interval', async (t) => {
  const services = await actionServices(t, { COMMENT_INTERVAL_SECONDS: '15' });
  const reader = await addCommenter(services.db, 'reader');
  const first = await post(services, reader, 'Same words');
  services.clock.advance(20);
  const second = await post(services, reader, 'Other words');
  for (const body of ['Same words', 'Other words again', 'Same words']) {
    assert.ok((await act(services, reader, { intent: 'edit', commentId: second, body })).ok, body);
  }
  assert.ok((await act(services, reader, { intent: 'edit', commentId: first, body: 'Edited first' })).ok);
  services.clock.advance(15);
  assert.ok((await act(services, reader, { intent: 'post', body: 'A third comment' })).ok);
});

test('staff edits are not screened, as their posts are not', async (t) => {
  const services = await actionServices(t, { PREMODERATION: 'all' });
  const moderator = await addCommenter(services.db, 'moderator', { role: 'moderator' });
  const id = await post(services, moderator, 'A note from the desk');
  const edited = await act(services, moderator, { intent: 'edit', commentId: id, body: SPAM });
  assert.deepEqual(edited, { ok: true, status: 200, commentId: id, notice: null });
  assert.equal((await getComment(services.db, id))?.status, 'visible');
});

// Issue 11 item 8: a ban stops every write; hidden comments are evidence.

test('a banned reader can neither post, edit, delete nor report, even with a session from before the ban', async (t) => {
  const services = await actionServices(t);
  const { db } = services;
  const reader = await addCommenter(db, 'reader');
  const moderator = await addUser(db, 'moderator', { role: 'moderator' });
  const other = await addUser(db, 'other');
  const { id: own } = await addComment(db, reader.id, { body: 'Before the ban' });
  const { id: theirs } = await addComment(db, other, { body: 'Someone else' });
  assert.deepEqual(await banUser(db, { actorId: moderator, userId: reader.id }, NOW), { ok: true });
  const before = await db.all('SELECT * FROM comments ORDER BY id');

  // As the session loaded them before the ban, and as it loads them now.
  for (const author of [reader, { ...reader, bannedAt: NOW }]) {
    const answers = [
      await act(services, author, { intent: 'post', body: 'Still here' }),
      await act(services, author, { intent: 'reply', parentId: theirs, body: 'Still here' }),
      await act(services, author, { intent: 'edit', commentId: own, body: SPAM }),
      await act(services, author, { intent: 'delete', commentId: own }),
      await act(services, author, { intent: 'report', commentId: theirs, reason: 'spam' }),
    ];
    for (const answer of answers) {
      assert.deepEqual(
        answer.ok ? answer : { status: answer.status, error: answer.error },
        { status: 403, error: 'banned' },
        JSON.stringify(author),
      );
    }
  }
  assert.deepEqual(await db.all('SELECT * FROM comments ORDER BY id'), before);
  assert.deepEqual(await db.all('SELECT id FROM reports'), []);

  assert.deepEqual(await unbanUser(db, { actorId: moderator, userId: reader.id }, NOW + 60), { ok: true });
  assert.deepEqual(await readableBodies(db), ['Before the ban', 'Someone else']);
});

test('an author can neither delete nor edit a comment that reports or a moderator hid', async (t) => {
  const services = await actionServices(t);
  const { db } = services;
  const reader = await addCommenter(db, 'reader');
  const moderator = await addUser(db, 'moderator', { role: 'moderator' });
  const { id: reported } = await addComment(db, reader.id, { body: 'Reported words' });
  for (const name of ['r1', 'r2', 'r3']) {
    const reporterId = await addUser(db, name);
    await addComment(db, reporterId, { body: `${name} on show` });
    const rules = { reportHideThreshold: 3, reportMinAccountAgeHours: 0 };
    await reportComment(db, { commentId: reported, reporterId, reason: 'abuse' }, rules, NOW);
  }
  const { id: hidden } = await addComment(db, reader.id, { body: 'Hidden words' });
  await hideComment(db, { actorId: moderator, commentId: hidden, reason: 'Abuse' }, NOW);
  const before = await db.all('SELECT * FROM comments ORDER BY id');

  for (const commentId of [reported, hidden]) {
    assert.equal((await getComment(db, commentId))?.status, 'hidden');
    const deleted = await act(services, reader, { intent: 'delete', commentId });
    assert.deepEqual(deleted.ok ? deleted : { status: deleted.status, error: deleted.error }, {
      status: 403,
      error: 'comment-hidden',
    });
    assert.ok(!deleted.ok && /kept for the moderators/.test(deleted.message), JSON.stringify(deleted));
    const edited = await act(services, reader, { intent: 'edit', commentId, body: 'Nothing to see' });
    assert.deepEqual(edited.ok ? edited : { status: edited.status, error: edited.error }, {
      status: 403,
      error: 'comment-hidden',
    });
  }
  assert.deepEqual(await db.all('SELECT * FROM comments ORDER BY id'), before);
});

test('an author still deletes a comment of theirs that waits for approval', async (t) => {
  const services = await actionServices(t);
  const reader = await addCommenter(services.db, 'reader');
  const { id } = await addComment(services.db, reader.id, { status: 'pending' });
  assert.deepEqual(await act(services, reader, { intent: 'delete', commentId: id }), {
    ok: true,
    status: 200,
    commentId: null,
    notice: null,
  });
});

// Issue 12 item 5: only an accepted comment costs the interval.

test('a refused comment does not cost the interval; an accepted one does', async (t) => {
  const services = await actionServices(t, { COMMENT_INTERVAL_SECONDS: '15' });
  const reader = await addCommenter(services.db, 'reader');
  const refusals = [
    { what: 'an empty comment', fields: { intent: 'post', body: '   ' }, status: 400 },
    { what: 'a comment too long', fields: { intent: 'post', body: 'x'.repeat(5001) }, status: 400 },
    { what: 'a reply to nothing', fields: { intent: 'reply', parentId: 999, body: 'Into the void' }, status: 404 },
  ];
  for (const { what, fields, status } of refusals) {
    const refused = await act(services, reader, fields);
    assert.equal(refused.ok ? 'accepted' : refused.status, status, what);
  }
  assert.equal((await act(services, reader, { intent: 'post', body: 'The real comment' })).ok, true);
  const tooSoon = await act(services, reader, { intent: 'post', body: 'And another' });
  assert.deepEqual(tooSoon.ok ? tooSoon : [tooSoon.status, tooSoon.error, tooSoon.retryAfterSeconds], [
    429,
    'too-soon',
    15,
  ]);
});

test('a comment held for a moderator costs the interval like a published one', async (t) => {
  const services = await actionServices(t, { COMMENT_INTERVAL_SECONDS: '15', PREMODERATION: 'all' });
  const reader = await addCommenter(services.db, 'reader');
  assert.equal((await act(services, reader, { intent: 'post', body: 'Held' })).ok, true);
  const tooSoon = await act(services, reader, { intent: 'post', body: 'Held again' });
  assert.equal(tooSoon.ok ? 'accepted' : tooSoon.error, 'too-soon');
});

test('two comments sent at once: one is stored, the other waits', async (t) => {
  const services = await actionServices(t, { COMMENT_INTERVAL_SECONDS: '15' });
  const reader = await addCommenter(services.db, 'reader');
  const outcomes = await Promise.all(
    ['One', 'Two', 'Three'].map((body) => act(services, reader, { intent: 'post', body })),
  );
  assert.deepEqual(outcomes.map((outcome) => (outcome.ok ? 'stored' : outcome.error)).sort(), [
    'stored',
    'too-soon',
    'too-soon',
  ]);
  const row = await services.db.get<{ count: number }>('SELECT COUNT(*) AS count FROM comments');
  assert.equal(Number(row?.count), 1);
});

// Issue 11 item 4: reports are rate limited per account and per address.

/** `count` comments by a fresh author, to report. */
async function commentsToReport(db: Database, count: number): Promise<number[]> {
  const author = await addUser(db, `author${count}`);
  const ids: number[] = [];
  for (let n = 0; n < count; n += 1) ids.push((await addComment(db, author, { body: `Comment ${n}` })).id);
  return ids;
}

test('an account sends REPORTS_PER_HOUR reports; the next is a 429 with the wait', async (t) => {
  const services = await actionServices(t, { REPORTS_PER_HOUR: '3' });
  const reader = await addCommenter(services.db, 'reader');
  const ids = await commentsToReport(services.db, 4);
  const statuses = [];
  for (const commentId of ids) {
    const outcome = await act(
      services,
      { ...reader, clientIp: '192.0.2.1' },
      { intent: 'report', commentId, reason: 'spam' },
    );
    statuses.push(outcome.ok ? outcome.status : [outcome.status, outcome.error, outcome.retryAfterSeconds]);
  }
  assert.deepEqual(statuses, [200, 200, 200, [429, 'too-many-reports', 1200]]);
  assert.equal((await services.db.all('SELECT id FROM reports')).length, 3);
  services.clock.advance(1200);
  const later = await act(services, reader, { intent: 'report', commentId: ids[3], reason: 'spam' });
  assert.equal(later.ok, true);
});

test('one address sends REPORTS_PER_HOUR_PER_IP reports whatever the accounts; another address is not held up', async (t) => {
  const services = await actionServices(t, { REPORTS_PER_HOUR_PER_IP: '2' });
  const ids = await commentsToReport(services.db, 2);
  const outcomes = [];
  for (const name of ['a', 'b', 'c']) {
    const reader = { ...(await addCommenter(services.db, name)), clientIp: '198.51.100.7' };
    outcomes.push(await act(services, reader, { intent: 'report', commentId: ids[0], reason: 'spam' }));
  }
  assert.deepEqual(
    outcomes.map((outcome) =>
      outcome.ok ? outcome.status : [outcome.status, outcome.error, outcome.retryAfterSeconds],
    ),
    [200, 200, [429, 'too-many-reports', 1800]],
  );
  const elsewhere = { ...(await addCommenter(services.db, 'd')), clientIp: '203.0.113.9' };
  assert.equal((await act(services, elsewhere, { intent: 'report', commentId: ids[1], reason: 'spam' })).ok, true);
});

test('with RATE_LIMITS=off reports are not limited', async (t) => {
  const services = await actionServices(t, { RATE_LIMITS: 'off', REPORTS_PER_HOUR: '1' });
  const reader = await addCommenter(services.db, 'reader');
  for (const commentId of await commentsToReport(services.db, 3)) {
    assert.equal((await act(services, reader, { intent: 'report', commentId, reason: 'spam' })).ok, true);
  }
});

test('IPv6 readers share the per-address report limit across their /64', async (t) => {
  const services = await actionServices(t, { REPORTS_PER_HOUR_PER_IP: '1' });
  const [first, second] = await commentsToReport(services.db, 2);
  const a = { ...(await addCommenter(services.db, 'a')), clientIp: '2001:db8:1:2::10' };
  const b = { ...(await addCommenter(services.db, 'b')), clientIp: '2001:db8:1:2:ffff::99' };
  assert.equal((await act(services, a, { intent: 'report', commentId: first, reason: 'spam' })).ok, true);
  const refused = await act(services, b, { intent: 'report', commentId: second, reason: 'spam' });
  assert.equal(refused.ok ? refused.status : refused.error, 'too-many-reports');
});
