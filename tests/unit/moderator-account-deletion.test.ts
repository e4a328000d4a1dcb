import assert from 'node:assert/strict';
import test from 'node:test';
import { createSession, validateSessionToken } from '../../src/server/accounts/session.ts';
import { performModerationAction, type ModerationOutcome } from '../../src/server/actions/moderation-actions.ts';
import { parseModerationRequest } from '../../src/server/actions/moderation-request.ts';
import { actionServices, type ActionServices } from './action-services.ts';
import { addComment, addUser } from './fixtures.ts';

function deleteAccount(services: ActionServices, actorId: number, userId: number): Promise<ModerationOutcome> {
  const data = new FormData();
  data.set('intent', 'delete-account');
  data.set('user_id', String(userId));
  data.set('reason', 'Spam account');
  return performModerationAction(services, actorId, parseModerationRequest(data));
}

test('a moderator deletes an account: its comments go or become placeholders, its sessions end, the log says so', async (t) => {
  const services = await actionServices(t);
  const moderator = await addUser(services.db, 'moderator', { role: 'moderator' });
  const spammer = await addUser(services.db, 'spammer');
  const replied = await addComment(services.db, spammer, { body: 'Buy now' });
  await addComment(services.db, moderator, { parentId: replied.id, body: 'This is spam' });
  await addComment(services.db, spammer, { body: 'Buy again' });
  const { token } = await createSession(services.db, spammer, services.clock.now());

  assert.deepEqual(await deleteAccount(services, moderator, spammer), { ok: true, intent: 'delete-account' });
  const left = await services.db.all<{ id: number; status: string }>(
    'SELECT id, status FROM comments WHERE author_id = ?',
    [spammer],
  );
  assert.deepEqual(
    left.map((row) => [Number(row.id), row.status]),
    [[replied.id, 'deleted']],
  );
  assert.equal(await validateSessionToken(services.db, token, services.clock.now()), null);
  const entry = await services.db.get<{ actor_id: number; action: string; target_id: number; reason: string }>(
    `SELECT actor_id, action, target_id, reason FROM audit_log WHERE action = 'delete-user'`,
  );
  assert.deepEqual(
    { ...entry, actor_id: Number(entry?.actor_id), target_id: Number(entry?.target_id) },
    { actor_id: moderator, action: 'delete-user', target_id: spammer, reason: 'Spam account' },
  );
});

test('a reader cannot delete an account, a moderator cannot delete an admin, and a deleted account is not found again', async (t) => {
  const services = await actionServices(t);
  const reader = await addUser(services.db, 'reader');
  const moderator = await addUser(services.db, 'moderator', { role: 'moderator' });
  const admin = await addUser(services.db, 'admin', { role: 'admin' });
  const target = await addUser(services.db, 'target');
  assert.equal((await deleteAccount(services, reader, target)).ok, false);
  assert.deepEqual(await deleteAccount(services, moderator, admin), {
    ok: false,
    status: 403,
    message: 'Your role does not allow that.',
  });
  assert.equal((await deleteAccount(services, moderator, target)).ok, true);
  assert.deepEqual(await deleteAccount(services, moderator, target), {
    ok: false,
    status: 404,
    message: 'That comment or account no longer exists.',
  });
  const entries = await services.db.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'delete-user'`,
  );
  assert.equal(Number(entries?.n), 1);
});
