/** Issue 13.4: "Email me when someone replies to me", and the link that stops it. */
import assert from 'node:assert/strict';
import test from 'node:test';
import type { Commenter } from '../../src/server/abuse/screening.ts';
import { performCommentAction } from '../../src/server/actions/comment-actions.ts';
import { parseCommentRequest } from '../../src/server/actions/comment-request.ts';
import { performModerationAction } from '../../src/server/actions/moderation-actions.ts';
import { parseModerationRequest } from '../../src/server/actions/moderation-request.ts';
import { getMailSettings } from '../../src/server/mail/mail-settings.ts';
import { REPLY_SPACING_SECONDS } from '../../src/server/mail/reply-notification.ts';
import { readUnsubscribeLink, unsubscribe, unsubscribeLinks } from '../../src/server/mail/unsubscribe.ts';
import { mailSecretKey } from '../../src/server/mail/mail-secret.ts';
import { checkUnsubscribeLink, performUnsubscribe } from '../../src/server/actions/unsubscribe.ts';
import type { StoryRef } from '../../src/server/stories/story-ref.ts';
import { actionServices, type ActionServices } from './action-services.ts';
import { addComment, addUser } from './fixtures.ts';
import { addMailUser, capturingTransport, deliver, outboxRows, TEST_LINK_KEY } from './mail-helpers.ts';

const STORY: StoryRef = {
  slug: 'budget-vote',
  path: '/articles/budget-vote/',
  title: 'The budget vote',
  comments: 'open',
};

function commenter(id: number, role: Commenter['role'] = 'reader'): Commenter {
  return { id, role, bannedAt: null };
}

async function reply(
  services: ActionServices,
  authorId: number,
  parentId: number,
  body = 'I disagree.',
): Promise<number> {
  const outcome = await performCommentAction(
    services,
    STORY,
    commenter(authorId),
    parseCommentRequest({ intent: 'reply', parentId, body }),
  );
  assert.ok(outcome.ok && outcome.commentId !== null, JSON.stringify(outcome));
  services.clock.advance(60);
  return outcome.commentId;
}

// The comment interval and premoderation of new accounts stay out of these tests' way.
const ENV = { COMMENT_INTERVAL_SECONDS: '0', PREMODERATION: 'off' };

test('a reply to an opted-in, verified author sends one email: who, what, the headline, a link', async (t) => {
  const services = await actionServices(t, ENV);
  const ada = await addMailUser(services.db, 'ada');
  const bob = await addUser(services.db, 'bob');
  const parent = await addComment(services.db, ada, { body: 'First!' });
  const id = await reply(services, bob, parent.id, 'Hello <script>alert(1)</script>');
  const transport = capturingTransport();
  assert.deepEqual(await deliver(services, transport), { sent: 1, failed: 0, dropped: 0 });
  const [mail] = transport.sent;
  assert.ok(mail !== undefined);
  assert.equal(mail.to, 'ada@example.org');
  assert.equal(mail.subject, 'bob replied to you – The Ledger');
  assert.ok(mail.text.includes('Hello <script>alert(1)</script>'), 'the text part shows the reply as written');
  assert.ok(mail.text.includes('"The budget vote"'));
  assert.ok(mail.text.includes(`https://news.example/articles/budget-vote/comments/#comment-${id}`));
  assert.ok(mail.html.includes('Hello &lt;script&gt;alert(1)&lt;/script&gt;'), 'the HTML part escapes it');
  assert.ok(!mail.html.includes('<script>'));
  assert.ok(mail.html.includes(`href="https://news.example/articles/budget-vote/comments/#comment-${id}"`));
  assert.match(
    mail.headers['List-Unsubscribe'] ?? '',
    /^<https:\/\/news\.example\/api\/unsubscribe\?user=\d+&list=replies&sig=[\w-]+>$/,
  );
  assert.equal(mail.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
  assert.match(mail.text, /Stop these emails: https:\/\/news\.example\/unsubscribe\/\?user=/);
});

test('no email for an author who did not opt in, has no verified address, or replied to themselves', async (t) => {
  const services = await actionServices(t, ENV);
  const quiet = await addMailUser(services.db, 'quiet', { notifyReplies: false });
  const unverified = await addMailUser(services.db, 'unverified');
  await services.db.run('UPDATE users SET email_verified_at = NULL WHERE id = ?', [unverified]);
  const self = await addMailUser(services.db, 'self');
  const bob = await addUser(services.db, 'bob');
  await reply(services, bob, (await addComment(services.db, quiet)).id, 'To quiet');
  await reply(services, bob, (await addComment(services.db, unverified)).id, 'To unverified');
  await reply(services, self, (await addComment(services.db, self)).id, 'To myself');
  assert.deepEqual(await outboxRows(services.db), []);
});

test('a reply held for moderation sends nothing until a moderator approves it', async (t) => {
  const services = await actionServices(t, { ...ENV, PREMODERATION: 'all' });
  const ada = await addMailUser(services.db, 'ada');
  const bob = await addUser(services.db, 'bob');
  const mod = await addUser(services.db, 'mod', { role: 'moderator' });
  const parent = await addComment(services.db, ada);
  const held = await reply(services, bob, parent.id);
  assert.deepEqual(await outboxRows(services.db), []);
  const form = new FormData();
  form.set('intent', 'approve');
  form.set('comment_id', String(held));
  assert.equal((await performModerationAction(services, mod, parseModerationRequest(form))).ok, true);
  const transport = capturingTransport();
  await deliver(services, transport);
  assert.equal(transport.sent.length, 1);
  assert.ok(transport.sent[0]!.text.includes(`#comment-${held}`));
});

test('several replies in a short time become one email, and the next waits 10 minutes', async (t) => {
  const services = await actionServices(t, ENV);
  const ada = await addMailUser(services.db, 'ada');
  const bob = await addUser(services.db, 'bob');
  const cy = await addUser(services.db, 'cy');
  const parent = await addComment(services.db, ada);
  const transport = capturingTransport();
  const first = await reply(services, bob, parent.id, 'one');
  await deliver(services, transport);
  assert.equal(transport.sent.length, 1, 'the first reply goes at once');

  const second = await reply(services, cy, parent.id, 'two');
  const third = await reply(services, bob, parent.id, 'three');
  await deliver(services, transport);
  assert.equal(transport.sent.length, 1, 'nothing more within 10 minutes');
  services.clock.advance(REPLY_SPACING_SECONDS);
  await deliver(services, transport);
  assert.equal(transport.sent.length, 2);
  const merged = transport.sent[1]!;
  assert.equal(merged.subject, '2 replies to you – The Ledger');
  assert.ok(merged.text.includes(`#comment-${second}`) && merged.text.includes(`#comment-${third}`));
  assert.ok(!merged.text.includes(`#comment-${first}`));
});

test('a reply deleted before the email goes is left out, and an email left with none is dropped', async (t) => {
  const services = await actionServices(t, ENV);
  const ada = await addMailUser(services.db, 'ada');
  const bob = await addUser(services.db, 'bob');
  const parent = await addComment(services.db, ada);
  const id = await reply(services, bob, parent.id);
  const removed = await performCommentAction(
    services,
    STORY,
    commenter(bob),
    parseCommentRequest({ intent: 'delete', commentId: id }),
  );
  assert.equal(removed.ok, true);
  const transport = capturingTransport();
  assert.deepEqual(await deliver(services, transport), { sent: 0, failed: 0, dropped: 1 });
});

test('ticking the box beside "Post comment" turns reply emails on', async (t) => {
  const services = await actionServices(t, ENV);
  const bob = await addMailUser(services.db, 'bob', { notifyReplies: false });
  const outcome = await performCommentAction(
    services,
    STORY,
    commenter(bob),
    parseCommentRequest({ intent: 'post', body: 'Tell me of replies', notify_replies: 'on' }),
  );
  assert.equal(outcome.ok, true);
  assert.equal((await getMailSettings(services.db, bob, services.clock.now())).notifyReplies, true);
});

test('the unsubscribe link from the email turns reply emails off; a tampered one is refused', async (t) => {
  const services = await actionServices(t, ENV);
  const ada = await addMailUser(services.db, 'ada');
  const bob = await addUser(services.db, 'bob');
  await reply(services, bob, (await addComment(services.db, ada)).id);
  const transport = capturingTransport();
  await deliver(services, transport);
  const link = new URL(/Stop these emails: (\S+)/.exec(transport.sent[0]!.text)![1]!);
  const other = new URLSearchParams(link.search);
  other.set('user', String(bob));
  assert.equal(readUnsubscribeLink(other, TEST_LINK_KEY), null, 'the signature is for ada only');
  const request = readUnsubscribeLink(link.searchParams, TEST_LINK_KEY);
  assert.deepEqual(request, { userId: ada, list: 'replies' });
  await unsubscribe(services.db, request!);
  assert.equal((await getMailSettings(services.db, ada, services.clock.now())).notifyReplies, false);
});

test('the unsubscribe action answers a forged link with 400 and writes nothing, not even a key', async (t) => {
  const services = await actionServices(t, ENV);
  const ada = await addMailUser(services.db, 'ada');
  const forged = new URLSearchParams({ user: String(ada), list: 'replies', sig: 'AAAA' });
  assert.equal((await performUnsubscribe(services, forged)).ok, false);
  assert.equal(await services.db.get('SELECT name FROM site_secrets'), null);
  const key = await mailSecretKey(services.db, null);
  const signed = new URL(unsubscribeLinks('https://news.example', key, { userId: ada, list: 'replies' }).page);
  assert.deepEqual(await checkUnsubscribeLink(services, signed.searchParams), { ok: true, list: 'replies' });
  assert.equal(
    (await getMailSettings(services.db, ada, services.clock.now())).notifyReplies,
    true,
    'a look changes nothing',
  );
  assert.deepEqual(await performUnsubscribe(services, signed.searchParams), { ok: true, list: 'replies' });
  assert.equal((await getMailSettings(services.db, ada, services.clock.now())).notifyReplies, false);
});
