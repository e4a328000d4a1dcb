import assert from 'node:assert/strict';
import test from 'node:test';
import { MAX_COMMENT_LENGTH, validateCommentBody } from '../../src/server/comments/rules.ts';

test('an empty or whitespace-only body is refused with a plain message', () => {
  for (const body of ['', '   ', '\n\t \r\n']) {
    assert.deepEqual(validateCommentBody(body), {
      ok: false,
      reason: 'empty',
      message: 'Write something before posting.',
    });
  }
});

test('one character is enough', () => {
  assert.deepEqual(validateCommentBody('  k  '), { ok: true, body: 'k' });
});

test('exactly 5,000 characters after trimming is accepted', () => {
  const body = 'a'.repeat(MAX_COMMENT_LENGTH);
  assert.deepEqual(validateCommentBody(`\n  ${body}  \n`), { ok: true, body });
});

test('5,001 characters is refused, saying the limit and the count', () => {
  assert.deepEqual(validateCommentBody('a'.repeat(5001)), {
    ok: false,
    reason: 'too-long',
    message: 'Comments can be at most 5,000 characters; yours has 5,001.',
  });
  const result = validateCommentBody('b'.repeat(5123));
  assert.equal(result.ok ? '' : result.message, 'Comments can be at most 5,000 characters; yours has 5,123.');
});

test('length counts characters, so 5,000 emoji fit', () => {
  assert.equal(validateCommentBody('😀'.repeat(MAX_COMMENT_LENGTH)).ok, true);
  assert.equal(validateCommentBody('😀'.repeat(MAX_COMMENT_LENGTH + 1)).ok, false);
});

test('browser CRLF line endings are stored as LF and count once', () => {
  const body = 'a\r\n'.repeat(2000) + 'a';
  const result = validateCommentBody(body);
  assert.deepEqual(result, { ok: true, body: 'a\n'.repeat(2000) + 'a' });
});

test('a NUL character is refused as invalid', () => {
  const result = validateCommentBody('hello\u0000world');
  assert.equal(result.ok, false);
  assert.equal(result.ok ? '' : result.reason, 'invalid-characters');
  assert.match(result.ok ? '' : result.message, /cannot be saved/);
});

test('a lone surrogate is refused as invalid but a whole emoji is fine', () => {
  assert.equal(validateCommentBody('broken \uD83D emoji').ok, false);
  assert.equal(validateCommentBody('broken \uDE00 emoji').ok, false);
  assert.deepEqual(validateCommentBody('whole \uD83D\uDE00 emoji'), { ok: true, body: 'whole 😀 emoji' });
});
