import assert from 'node:assert/strict';
import test from 'node:test';
import { performModerationAction, type ModerationOutcome } from '../../src/server/actions/moderation-actions.ts';
import {
  parseModerationRequest,
  parseNextItem,
  parseQueueView,
  queueViewQuery,
} from '../../src/server/actions/moderation-request.ts';
import { getComment } from '../../src/server/comments/store.ts';
import { actionServices, type ActionServices } from './action-services.ts';
import { addComment, addUser } from './fixtures.ts';

/** A post of the moderation page's form, with these fields, by the account `actorId`. */
function moderate(
  services: ActionServices,
  actorId: number,
  fields: Record<string, string>,
): Promise<ModerationOutcome> {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return performModerationAction(services, actorId, parseModerationRequest(data));
}

async function addPendingComment(services: ActionServices): Promise<number> {
  const authorId = await addUser(services.db, 'author');
  return (await addComment(services.db, authorId, { body: 'Wait for me', status: 'pending' })).id;
}

test('a moderator approves a waiting comment and the outcome names the action', async (t) => {
  const services = await actionServices(t);
  const moderator = await addUser(services.db, 'moderator', { role: 'moderator' });
  const commentId = await addPendingComment(services);
  const outcome = await moderate(services, moderator, { intent: 'approve', comment_id: String(commentId) });
  assert.deepEqual(outcome, { ok: true, intent: 'approve' });
  assert.equal((await getComment(services.db, commentId))?.status, 'visible');
});

const moderatorRefusals: { name: string; fields: Record<string, string>; outcome: ModerationOutcome }[] = [
  {
    name: 'a form that cannot be read is a 400 with the reason',
    fields: { intent: 'hide', comment_id: '1', reason: ' ' },
    outcome: { ok: false, status: 400, message: 'Give the author a reason.' },
  },
  {
    name: 'a comment that no longer exists is a 404',
    fields: { intent: 'delete', comment_id: '999' },
    outcome: { ok: false, status: 404, message: 'That comment or account no longer exists.' },
  },
];

for (const { name, fields, outcome } of moderatorRefusals) {
  test(name, async (t) => {
    const services = await actionServices(t);
    const moderator = await addUser(services.db, 'moderator', { role: 'moderator' });
    assert.deepEqual(await moderate(services, moderator, fields), outcome);
  });
}

test('a reader is refused with 403 and the comment stays as it was', async (t) => {
  const services = await actionServices(t);
  const reader = await addUser(services.db, 'reader');
  const commentId = await addPendingComment(services);
  assert.deepEqual(await moderate(services, reader, { intent: 'approve', comment_id: String(commentId) }), {
    ok: false,
    status: 403,
    message: 'Your role does not allow that.',
  });
  assert.equal((await getComment(services.db, commentId))?.status, 'pending');
});

test('banning twice is a 409, and the last admin cannot give up the role', async (t) => {
  const services = await actionServices(t);
  const admin = await addUser(services.db, 'admin', { role: 'admin' });
  const author = await addUser(services.db, 'author');
  const ban = { intent: 'ban', user_id: String(author) };
  assert.deepEqual(await moderate(services, admin, ban), { ok: true, intent: 'ban' });
  assert.deepEqual(await moderate(services, admin, ban), {
    ok: false,
    status: 409,
    message: 'That author is already banned.',
  });
  assert.deepEqual(await moderate(services, admin, { intent: 'set-role', username: 'admin', role: 'reader' }), {
    ok: false,
    status: 409,
    message: 'The last admin cannot give up the role.',
  });
});

test('bulk approve decides each chosen comment and logs each', async (t) => {
  const services = await actionServices(t);
  const moderator = await addUser(services.db, 'moderator', { role: 'moderator' });
  const authorId = await addUser(services.db, 'author');
  const ids = [];
  for (const body of ['one', 'two', 'three']) {
    ids.push((await addComment(services.db, authorId, { body, status: 'pending' })).id);
  }
  const data = new FormData();
  data.append('intent', 'bulk-approve');
  for (const id of ids.slice(0, 2)) data.append('comment_ids', String(id));
  assert.deepEqual(await performModerationAction(services, moderator, parseModerationRequest(data)), {
    ok: true,
    intent: 'bulk-approve',
  });
  const statuses = await Promise.all(ids.map(async (id) => (await getComment(services.db, id))?.status));
  assert.deepEqual(statuses, ['visible', 'visible', 'pending']);
  const audit = await services.db.all<{ action: string }>('SELECT action FROM audit_log');
  assert.equal(audit.length, 2);
});

test('bulk hide needs one reason, shown on every chosen comment', async (t) => {
  const services = await actionServices(t);
  const moderator = await addUser(services.db, 'moderator', { role: 'moderator' });
  const authorId = await addUser(services.db, 'author');
  const a = (await addComment(services.db, authorId, { body: 'one' })).id;
  const b = (await addComment(services.db, authorId, { body: 'two' })).id;
  const form = (reason: string): FormData => {
    const data = new FormData();
    data.append('intent', 'bulk-hide');
    data.append('comment_ids', String(a));
    data.append('comment_ids', String(b));
    data.append('reason', reason);
    return data;
  };
  assert.deepEqual(await performModerationAction(services, moderator, parseModerationRequest(form(' '))), {
    ok: false,
    status: 400,
    message: 'Give the author a reason.',
  });
  await performModerationAction(services, moderator, parseModerationRequest(form('Off-topic')));
  for (const id of [a, b]) {
    const comment = await getComment(services.db, id);
    assert.deepEqual([comment?.status, comment?.hiddenReason], ['hidden', 'Off-topic']);
  }
});

test('a bulk form with nothing chosen is a 400', async (t) => {
  const services = await actionServices(t);
  const moderator = await addUser(services.db, 'moderator', { role: 'moderator' });
  const outcome = await moderate(services, moderator, { intent: 'bulk-approve' });
  assert.deepEqual(outcome, { ok: false, status: 400, message: 'Choose at least one comment.' });
});

test('dismiss and suspend are actions of the form, and a suspension length must be one offered', async (t) => {
  const services = await actionServices(t);
  const moderator = await addUser(services.db, 'moderator', { role: 'moderator' });
  const authorId = await addUser(services.db, 'author');
  const commentId = (await addComment(services.db, authorId, { body: 'fine' })).id;
  assert.deepEqual(await moderate(services, moderator, { intent: 'dismiss', comment_id: String(commentId) }), {
    ok: true,
    intent: 'dismiss',
  });
  assert.deepEqual(
    await moderate(services, moderator, { intent: 'suspend', user_id: String(authorId), length: '1y' }),
    { ok: false, status: 400, message: 'Choose 24 hours or 7 days.' },
  );
  assert.deepEqual(
    await moderate(services, moderator, { intent: 'suspend', user_id: String(authorId), length: '7d' }),
    {
      ok: true,
      intent: 'suspend',
    },
  );
  assert.deepEqual(
    await moderate(services, moderator, { intent: 'suspend', user_id: String(moderator), length: '7d' }),
    {
      ok: false,
      status: 403,
      message: 'Your role does not allow that.',
    },
  );
});

test('the queue view reads its GET parameters and drops what it cannot read', () => {
  const view = parseQueueView(
    new URLSearchParams('reason=links&story=budget-vote&user=ann&order=oldest&page=3&confirm=delete&comment=7'),
  );
  assert.deepEqual(view, {
    reason: 'links',
    story: 'budget-vote',
    user: 'ann',
    order: 'oldest',
    page: 3,
    confirm: { action: 'delete', commentId: 7, length: '24h' },
  });
  assert.equal(
    queueViewQuery(view, { done: 'approve' }),
    'reason=links&story=budget-vote&user=ann&order=oldest&page=3&done=approve',
  );
  assert.deepEqual(
    parseQueueView(new URLSearchParams('reason=constructor&story=../x&order=up&page=-1&confirm=drop&comment=1')),
    {
      reason: null,
      story: null,
      user: null,
      order: 'newest',
      page: 1,
      confirm: null,
    },
  );
  const next = new FormData();
  next.append('next', '12');
  assert.equal(parseNextItem(next), 12);
  next.set('next', '12#x');
  assert.equal(parseNextItem(next), null);
});
