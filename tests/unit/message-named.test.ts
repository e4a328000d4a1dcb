import assert from 'node:assert/strict';
import test from 'node:test';
import { commentNotice } from '../../src/server/actions/comment-actions.ts';
import { emailNotice } from '../../src/server/actions/email-settings.ts';
import { messageNamed } from '../../src/server/actions/message-named.ts';
import { moderationDoneMessage } from '../../src/server/actions/moderation-actions.ts';

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

test('the comment, email and moderation notices are looked up the same way', () => {
  assert.match(commentNotice('pending') ?? '', /once a moderator has approved it/);
  assert.match(emailNotice('verified') ?? '', /is confirmed/);
  assert.equal(moderationDoneMessage('hide'), 'Comment hidden; its author sees your reason.');
  for (const lookUp of [commentNotice, emailNotice, moderationDoneMessage]) {
    assert.equal(lookUp('toString'), undefined);
    assert.equal(lookUp(null), undefined);
  }
});
