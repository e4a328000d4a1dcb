/** The server's mail (src/server/app/mail.ts): the sender it starts, and the hourly pass. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { startMail } from '../../src/server/app/mail.ts';
import { requestPasswordReset } from '../../src/server/mail/password-reset.ts';
import { actionServices } from './action-services.ts';
import { addComment, addUser } from './fixtures.ts';
import { addMailUser, capturingTransport } from './mail-helpers.ts';

test('the sender sends what is due; the hourly pass queues the digest and deletes what mail no longer needs', async (t) => {
  const services = await actionServices(t);
  const transport = capturingTransport();
  const mail = await startMail(services, 'The Ledger', transport);
  t.after(() => mail.stop());
  await addMailUser(services.db, 'mod', { role: 'moderator', moderatorDigest: true });
  await addMailUser(services.db, 'reader');
  await addComment(services.db, await addUser(services.db, 'held'), { status: 'pending' });
  await requestPasswordReset(services.db, 'reader@example.org', services.clock.now());

  assert.deepEqual(await mail.deliverNow(), { sent: 1, failed: 0, dropped: 0 });
  await mail.tidyNow();
  assert.deepEqual(await mail.deliverNow(), { sent: 1, failed: 0, dropped: 0 });
  assert.deepEqual(
    transport.sent.map((sent) => [sent.to, sent.subject]),
    [
      ['reader@example.org', 'Reset your password – The Ledger'],
      ['mod@example.org', '1 comment waits for review – The Ledger'],
    ],
  );
  assert.equal(transport.sent[0]?.from, 'no-reply@127.0.0.1', 'MAIL_FROM defaults to no-reply at the site host');

  services.clock.advance(8 * 24 * 60 * 60);
  await mail.tidyNow();
  const left = await services.db.get<{ outbox: number; resets: number }>(
    'SELECT (SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL) AS outbox, (SELECT COUNT(*) FROM password_resets) AS resets',
  );
  assert.deepEqual({ outbox: Number(left?.outbox), resets: Number(left?.resets) }, { outbox: 0, resets: 0 });
});
