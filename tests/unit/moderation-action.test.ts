import assert from 'node:assert/strict';
import test from 'node:test';
import { setUserRole, signUp, type Role } from '../../src/server/accounts/user.ts';
import { performModerationAction } from '../../src/server/actions/moderation-actions.ts';
import { parseModerationRequest } from '../../src/server/actions/moderation-request.ts';
import { getComment, postComment } from '../../src/server/comments/store.ts';
import { actionServices, type ActionServices } from './action-services.ts';

async function addUser(services: ActionServices, username: string, role: Role = 'reader'): Promise<number> {
  const created = await signUp(services.db, { username, password: 'a long enough password' }, services.clock.now());
  if (!created.ok) throw new Error(created.message);
  if (role !== 'reader') await setUserRole(services.db, username, role);
  return created.user.id;
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

async function addPendingComment(services: ActionServices, authorId: number): Promise<number> {
  const input = { storySlug: 'budget-vote', parentId: null, authorId, body: 'Wait for me', status: 'pending' } as const;
  const posted = await postComment(services.db, input, services.clock.now());
  if (!posted.ok) throw new Error(posted.reason);
  return posted.comment.id;
}

test('a moderator approves a waiting comment and the outcome names the action', async (t) => {
  const services = await actionServices(t);
  const moderator = await addUser(services, 'moderator', 'moderator');
  const commentId = await addPendingComment(services, await addUser(services, 'author'));
  const parsed = parseModerationRequest(form({ intent: 'approve', comment_id: String(commentId) }));
  assert.deepEqual(await performModerationAction(services, moderator, parsed), { ok: true, intent: 'approve' });
  assert.equal((await getComment(services.db, commentId))?.status, 'visible');
});

test('a form that cannot be read is a 400 with the reason', async (t) => {
  const services = await actionServices(t);
  const moderator = await addUser(services, 'moderator', 'moderator');
  const parsed = parseModerationRequest(form({ intent: 'hide', comment_id: '1', reason: ' ' }));
  assert.deepEqual(await performModerationAction(services, moderator, parsed), {
    ok: false,
    status: 400,
    message: 'Give the author a reason.',
  });
});

test('a reader is refused with 403 and the comment stays as it was', async (t) => {
  const services = await actionServices(t);
  const reader = await addUser(services, 'reader');
  const commentId = await addPendingComment(services, await addUser(services, 'author'));
  const parsed = parseModerationRequest(form({ intent: 'approve', comment_id: String(commentId) }));
  assert.deepEqual(await performModerationAction(services, reader, parsed), {
    ok: false,
    status: 403,
    message: 'Your role does not allow that.',
  });
  assert.equal((await getComment(services.db, commentId))?.status, 'pending');
});

test('a comment that no longer exists is a 404', async (t) => {
  const services = await actionServices(t);
  const moderator = await addUser(services, 'moderator', 'moderator');
  const parsed = parseModerationRequest(form({ intent: 'delete', comment_id: '999' }));
  assert.deepEqual(await performModerationAction(services, moderator, parsed), {
    ok: false,
    status: 404,
    message: 'That comment or account no longer exists.',
  });
});

test('banning twice is a 409, and the last admin cannot give up the role', async (t) => {
  const services = await actionServices(t);
  const admin = await addUser(services, 'admin', 'admin');
  const author = await addUser(services, 'author');
  const ban = parseModerationRequest(form({ intent: 'ban', user_id: String(author) }));
  assert.deepEqual(await performModerationAction(services, admin, ban), { ok: true, intent: 'ban' });
  assert.deepEqual(await performModerationAction(services, admin, ban), {
    ok: false,
    status: 409,
    message: 'That author is already banned.',
  });
  const stepDown = parseModerationRequest(form({ intent: 'set-role', username: 'admin', role: 'reader' }));
  assert.deepEqual(await performModerationAction(services, admin, stepDown), {
    ok: false,
    status: 409,
    message: 'The last admin cannot give up the role.',
  });
});
