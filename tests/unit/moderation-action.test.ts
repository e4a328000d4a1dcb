import assert from 'node:assert/strict';
import test from 'node:test';
import { performModerationAction, type ModerationOutcome } from '../../src/server/actions/moderation-actions.ts';
import { parseModerationRequest } from '../../src/server/actions/moderation-request.ts';
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
