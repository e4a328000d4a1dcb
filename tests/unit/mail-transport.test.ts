/**
 * The transports with real messages: SMTP to an SMTP server inside the test (smtp-server), read
 * back with mailparser; and the `.eml` files written when SMTP_URL is unset.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import test from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { deliverDueMail } from '../../src/server/mail/delivery.ts';
import { createMailTransport } from '../../src/server/mail/transport.ts';
import { performCommentAction } from '../../src/server/actions/comment-actions.ts';
import { parseCommentRequest } from '../../src/server/actions/comment-request.ts';
import { actionServices } from './action-services.ts';
import { addComment, addUser } from './fixtures.ts';
import { addMailUser, testDelivery } from './mail-helpers.ts';
import { createTempDirectory } from './test-db.ts';
import { xssPayloads } from './xss-corpus.ts';

// A sample over SMTP; tests/unit/mail-messages.test.ts renders the whole corpus.
const PAYLOADS = xssPayloads()
  .filter((payload) => payload.trim() !== '')
  .slice(0, 30);
const STORY = {
  slug: 'budget-vote',
  path: '/articles/budget-vote/',
  title: 'Budget <i>vote</i> & "more"',
  comments: 'open',
} as const;

async function smtpServer(t: test.TestContext): Promise<{ url: string; received: ParsedMail[] }> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received };
}

test('a reply email goes over SMTP with both parts, the headers, and hostile text escaped in HTML', async (t) => {
  const services = await actionServices(t, { COMMENT_INTERVAL_SECONDS: '0' });
  const smtp = await smtpServer(t);
  const ada = await addMailUser(services.db, 'ada');
  const bob = await addUser(services.db, 'bob');
  const parent = await addComment(services.db, ada);
  for (const [index, payload] of PAYLOADS.entries()) {
    const fields = { intent: 'reply', parentId: parent.id, body: `${index}: ${payload}` };
    const outcome = await performCommentAction(
      services,
      STORY,
      { id: bob, role: 'reader', bannedAt: null },
      parseCommentRequest(fields),
    );
    assert.ok(outcome.ok, JSON.stringify(outcome));
  }
  const transport = createMailTransport({ smtpUrl: smtp.url, outboxDir: '/nonexistent' });
  t.after(() => transport.close());
  const pass = await deliverDueMail(services.db, testDelivery(transport), services.clock.now());
  assert.deepEqual(pass, { sent: 1, failed: 0, dropped: 0 });
  assert.equal(smtp.received.length, 1);
  const [mail] = smtp.received;
  assert.ok(mail !== undefined);
  assert.equal(mail.from?.text, '"The Ledger" <no-reply@news.example>');
  assert.equal(mail.subject, `${PAYLOADS.length} replies to you – The Ledger`);
  const header = (name: string): string | undefined => mail.headerLines.find((line) => line.key === name)?.line;
  assert.match(header('list-unsubscribe') ?? '', /^List-Unsubscribe:\s+<https:\/\/news\.example\/api\/unsubscribe\?/);
  assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  const html = typeof mail.html === 'string' ? mail.html : '';
  const stored = await services.db.all<{ body: string }>('SELECT body FROM comments WHERE parent_id IS NOT NULL');
  assert.equal(stored.length, PAYLOADS.length);
  for (const { body } of stored) assert.ok(mail.text?.includes(body), 'the text part has each reply as stored');
  const tags = new Set([...html.matchAll(/<([a-z!]+)/gi)].map((match) => match[1]?.toLowerCase()));
  assert.deepEqual(
    [...tags].sort(),
    ['!doctype', 'a', 'blockquote', 'body', 'html', 'p', 'strong'],
    'only our own tags',
  );
  assert.ok(html.includes('Budget &lt;i&gt;vote&lt;/i&gt; &amp; &quot;more&quot;'), 'the headline is escaped');
});

test('an SMTP server that refuses leaves the message to be tried again', async (t) => {
  const services = await actionServices(t);
  await addMailUser(services.db, 'mod', { role: 'moderator', moderatorDigest: true });
  await services.db.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO mail_outbox (user_id, recipient, kind, payload, created_at, send_after) VALUES (NULL, 'x@example.org', 'moderator-digest', '{"waiting":3}', ?, ?)`,
      [services.clock.now(), services.clock.now()],
    );
  });
  const transport = createMailTransport({ smtpUrl: 'smtp://127.0.0.1:9', outboxDir: '/nonexistent' });
  t.after(() => transport.close());
  const pass = await deliverDueMail(services.db, testDelivery(transport), services.clock.now());
  assert.deepEqual(pass, { sent: 0, failed: 1, dropped: 0 });
});

test('without SMTP_URL each message becomes an .eml file in the outbox folder', async (t) => {
  const services = await actionServices(t);
  const folder = await createTempDirectory();
  t.after(folder.cleanup);
  await addMailUser(services.db, 'mod', { role: 'moderator', moderatorDigest: true });
  await services.db.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO mail_outbox (user_id, recipient, kind, payload, created_at, send_after) VALUES (NULL, 'x@example.org', 'moderator-digest', '{"waiting":3}', ?, ?)`,
      [services.clock.now(), services.clock.now()],
    );
  });
  const outboxDir = join(folder.path, 'outbox');
  const transport = createMailTransport({ smtpUrl: null, outboxDir });
  t.mock.method(console, 'log', () => undefined);
  await deliverDueMail(services.db, testDelivery(transport), services.clock.now());
  const files = await readdir(outboxDir);
  assert.equal(files.length, 1);
  assert.match(files[0] ?? '', /^\d{8}\.eml$/);
  const mail = await simpleParser(await readFile(join(outboxDir, files[0]!)));
  assert.equal(mail.subject, '3 comments wait for review – The Ledger');
  assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', 'x@example.org');
  assert.ok(typeof mail.html === 'string' && mail.html.includes('https://news.example/moderation/'));
});
