/** Issue 13.7: the outbox loses nothing, retries with backoff, gives up in the end, sends once. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { claimDueMail, MAX_ATTEMPTS, queueEmail, queueUserEmail } from '../../src/server/mail/outbox.ts';
import { mailSecretKey } from '../../src/server/mail/mail-secret.ts';
import { queueModeratorDigests } from '../../src/server/mail/moderator-digest.ts';
import { actionServices } from './action-services.ts';
import { addUser } from './fixtures.ts';
import { addMailUser, capturingTransport, deliver } from './mail-helpers.ts';

const NOTE = {
  userId: null,
  recipient: 'someone@example.org',
  kind: 'moderator-digest',
  payload: { waiting: 2 },
} as const;

test('mail queued in a transaction that rolls back is never sent', async (t) => {
  const services = await actionServices(t);
  await assert.rejects(
    services.db.transaction(async (tx) => {
      await queueEmail(tx, NOTE, services.clock.now());
      throw new Error('the event failed');
    }),
  );
  const transport = capturingTransport();
  assert.deepEqual(await deliver(services, transport), { sent: 0, failed: 0, dropped: 0 });
});

test('a failed send is tried again after a wait that doubles, and never before', async (t) => {
  const services = await actionServices(t);
  await services.db.transaction((tx) => queueEmail(tx, NOTE, services.clock.now()));
  const transport = capturingTransport();
  transport.failNext(2);
  assert.deepEqual(await deliver(services, transport), { sent: 0, failed: 1, dropped: 0 });
  services.clock.advance(59);
  assert.deepEqual(await deliver(services, transport), { sent: 0, failed: 0, dropped: 0 }, 'not within a minute');
  services.clock.advance(1);
  assert.deepEqual(await deliver(services, transport), { sent: 0, failed: 1, dropped: 0 });
  services.clock.advance(119);
  assert.deepEqual(
    await deliver(services, transport),
    { sent: 0, failed: 0, dropped: 0 },
    'the second wait is two minutes',
  );
  services.clock.advance(1);
  assert.deepEqual(await deliver(services, transport), { sent: 1, failed: 0, dropped: 0 });
  assert.equal(transport.sent.length, 1);
  services.clock.advance(24 * 60 * 60);
  assert.deepEqual(await deliver(services, transport), { sent: 0, failed: 0, dropped: 0 }, 'sent once only');
});

test(`a message that fails ${MAX_ATTEMPTS} times is given up with its last error`, async (t) => {
  const services = await actionServices(t);
  await services.db.transaction((tx) => queueEmail(tx, NOTE, services.clock.now()));
  const transport = capturingTransport();
  transport.failNext(MAX_ATTEMPTS);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    assert.equal((await deliver(services, transport)).failed, 1);
    services.clock.advance(6 * 60 * 60);
  }
  assert.deepEqual(await deliver(services, transport), { sent: 0, failed: 0, dropped: 0 });
  const row = await services.db.get<{ last_error: string; failed_at: number | null }>(
    'SELECT last_error, failed_at FROM mail_outbox',
  );
  assert.equal(row?.last_error, 'connection refused');
  assert.notEqual(row?.failed_at, null);
});

test('two senders claiming at once never take the same message', async (t) => {
  const services = await actionServices(t);
  const now = services.clock.now();
  for (let n = 0; n < 20; n += 1) {
    await services.db.transaction((tx) => queueEmail(tx, { ...NOTE, recipient: `m${n}@example.org` }, now));
  }
  const [a, b] = await Promise.all([claimDueMail(services.db, now, 15, 600), claimDueMail(services.db, now, 15, 600)]);
  const ids = [...a, ...b].map((message) => message.id);
  assert.equal(ids.length, 20);
  assert.equal(new Set(ids).size, 20);
  assert.deepEqual(await claimDueMail(services.db, now, 15, 600), [], 'claimed ones wait for their lease');
  assert.equal((await claimDueMail(services.db, now + 600, 50, 600)).length, 20, 'a lease that ends frees them');
});

test('queueUserEmail sends only to a verified address', async (t) => {
  const services = await actionServices(t);
  const verified = await addMailUser(services.db, 'verified');
  const none = await addUser(services.db, 'none');
  const now = services.clock.now();
  assert.equal(
    await services.db.transaction((tx) => queueUserEmail(tx, verified, 'moderator-digest', { waiting: 1 }, now)),
    true,
  );
  assert.equal(
    await services.db.transaction((tx) => queueUserEmail(tx, none, 'moderator-digest', { waiting: 1 }, now)),
    false,
  );
});

test('moderators who opted in get "7 comments wait for review" at most once a day', async (t) => {
  const services = await actionServices(t);
  await addMailUser(services.db, 'mod', { role: 'moderator', moderatorDigest: true });
  await addMailUser(services.db, 'quietmod', { role: 'moderator' });
  await addMailUser(services.db, 'reader', { moderatorDigest: true });
  assert.equal(await queueModeratorDigests(services.db, 7, services.clock.now()), 1);
  const transport = capturingTransport();
  await deliver(services, transport);
  assert.deepEqual(
    transport.sent.map((mail) => [mail.to, mail.subject]),
    [['mod@example.org', '7 comments wait for review – The Ledger']],
  );
  assert.ok(transport.sent[0]!.headers['List-Unsubscribe']?.includes('list=digest'));
  services.clock.advance(60 * 60);
  assert.equal(await queueModeratorDigests(services.db, 8, services.clock.now()), 0, 'not twice a day');
  services.clock.advance(23 * 60 * 60);
  assert.equal(await queueModeratorDigests(services.db, 8, services.clock.now()), 1);
  assert.equal(await queueModeratorDigests(services.db, 0, services.clock.now()), 0, 'nothing waits, nothing sent');
});

test('without MAIL_SECRET every process reads the one key the database keeps', async (t) => {
  const services = await actionServices(t);
  const first = await mailSecretKey(services.db, null);
  assert.deepEqual(await mailSecretKey(services.db, null), first);
  assert.notDeepEqual(await mailSecretKey(services.db, 'configured'), first);
});
