/** Issue 14.4 with issue 13: the author of a comment the newsroom features is told, when they opted in. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { performModerationAction } from '../../src/server/actions/moderation-actions.ts';
import { parseModerationRequest } from '../../src/server/actions/moderation-request.ts';
import { actionServices, type ActionServices } from './action-services.ts';
import { addComment, addUser } from './fixtures.ts';
import { addMailUser, capturingTransport, deliver, outboxRows } from './mail-helpers.ts';

async function feature(services: ActionServices, moderator: number, commentId: number, intent = 'feature') {
  const form = new FormData();
  form.set('intent', intent);
  form.set('comment_id', String(commentId));
  return performModerationAction(services, moderator, parseModerationRequest(form));
}

test('featuring a comment emails its opted-in author once, with the comment and a link to it', async (t) => {
  const services = await actionServices(t);
  const ada = await addMailUser(services.db, 'ada');
  const mod = await addUser(services.db, 'mod', { role: 'moderator' });
  const comment = await addComment(services.db, ada, { body: 'The <b>bus</b> should run all night.' });
  assert.equal((await feature(services, mod, comment.id)).ok, true);
  assert.equal((await feature(services, mod, comment.id, 'unfeature')).ok, true);
  assert.equal((await feature(services, mod, comment.id)).ok, true);
  const transport = capturingTransport();
  await deliver(services, transport);
  assert.equal(transport.sent.length, 1, 'featured again after a change of mind: still one email');
  const mail = transport.sent[0]!;
  assert.equal(mail.to, 'ada@example.org');
  assert.match(mail.subject, /^Your comment is featured – The Ledger$/);
  assert.ok(mail.text.includes('The <b>bus</b> should run all night.'));
  assert.ok(mail.text.includes(`/comments/#comment-${comment.id}`));
  assert.ok(mail.html.includes('The &lt;b&gt;bus&lt;/b&gt; should run all night.'));
  assert.ok(mail.headers['List-Unsubscribe']?.startsWith('<https://news.example/api/unsubscribe?'));
});

test('an author who did not opt in, or has no verified address, is not emailed', async (t) => {
  const services = await actionServices(t);
  const quiet = await addMailUser(services.db, 'quiet', { notifyReplies: false });
  const plain = await addUser(services.db, 'plain');
  const mod = await addUser(services.db, 'mod', { role: 'moderator' });
  for (const author of [quiet, plain]) {
    assert.equal((await feature(services, mod, (await addComment(services.db, author)).id)).ok, true);
  }
  assert.deepEqual(await outboxRows(services.db), []);
});
