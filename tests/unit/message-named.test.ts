import assert from 'node:assert/strict';
import test from 'node:test';
import { ACCOUNT_DONE } from '../../src/server/actions/account-page.ts';
import { COMMENT_NOTICES } from '../../src/server/actions/comment-actions.ts';
import { EMAIL_NOTICES } from '../../src/server/actions/email-settings.ts';
import { messageNamed } from '../../src/server/actions/message-named.ts';
import { MODERATION_DONE } from '../../src/server/actions/moderation-actions.ts';

const MESSAGES = { saved: 'Your choices are saved.', removed: 'It was removed.' } as const;

test('a name of the table stands for its message', () => {
  assert.equal(messageNamed(MESSAGES, 'saved'), 'Your choices are saved.');
  assert.equal(messageNamed(MESSAGES, 'removed'), 'It was removed.');
});

test('no name, an unknown name or a name every object inherits stands for nothing', () => {
  for (const name of [null, '', 'Saved', 'unknown', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) {
    assert.equal(messageNamed(MESSAGES, name), undefined, String(name));
  }
});

test('the comment, email, account and moderation messages are looked up by their own names only', () => {
  assert.match(messageNamed(COMMENT_NOTICES, 'pending') ?? '', /once a moderator has approved it/);
  assert.match(messageNamed(EMAIL_NOTICES, 'verified') ?? '', /is confirmed/);
  assert.match(messageNamed(ACCOUNT_DONE, 'password') ?? '', /Your password is changed/);
  assert.equal(messageNamed(MODERATION_DONE, 'hide'), 'Comment hidden; its author sees your reason.');
  const tables: Readonly<Record<string, string>>[] = [COMMENT_NOTICES, EMAIL_NOTICES, ACCOUNT_DONE, MODERATION_DONE];
  for (const messages of tables) {
    assert.equal(messageNamed(messages, 'constructor'), undefined);
    assert.equal(messageNamed(messages, null), undefined);
  }
});
