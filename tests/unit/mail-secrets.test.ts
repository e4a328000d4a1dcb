import assert from 'node:assert/strict';
import test from 'node:test';
import {
  generateResetToken,
  generateVerificationCode,
  hashSecret,
  isResetTokenShaped,
  linkSignatureMatches,
  normalizeVerificationCode,
  secretMatches,
  signLink,
} from '../../src/server/mail/secrets.ts';
import { TEST_LINK_KEY } from './mail-helpers.ts';

test('a verification code is 8 digits and codes differ', () => {
  const codes = new Set(Array.from({ length: 50 }, generateVerificationCode));
  for (const code of codes) assert.match(code, /^\d{8}$/);
  assert.ok(codes.size > 45, 'fifty codes are nearly all different');
});

test('a typed code may carry spaces or a dash, but nothing else passes as one', () => {
  assert.equal(normalizeVerificationCode(' 1234 5678 '), '12345678');
  assert.equal(normalizeVerificationCode('1234-5678'), '12345678');
  for (const typed of ['1234567', '123456789', 'abcdefgh', '', '１２３４５６７８']) {
    assert.equal(normalizeVerificationCode(typed), null, typed);
  }
});

test('a reset token carries 160 random bits in 32 base32 characters', () => {
  const token = generateResetToken();
  assert.ok(isResetTokenShaped(token));
  assert.equal(token.length * 5, 160);
  assert.notEqual(generateResetToken(), token);
  assert.equal(isResetTokenShaped(token.toUpperCase()), false);
  assert.equal(isResetTokenShaped(token.slice(1)), false);
});

test('a secret matches its own hash and no other', () => {
  const hash = hashSecret('12345678');
  assert.equal(secretMatches('12345678', hash), true);
  assert.equal(secretMatches('12345679', hash), false);
  assert.equal(secretMatches('', hash), false);
});

test('a signed link checks out; another subject, key or a tampered signature does not', () => {
  const signature = signLink(TEST_LINK_KEY, 'unsubscribe:replies:7');
  assert.equal(linkSignatureMatches(TEST_LINK_KEY, 'unsubscribe:replies:7', signature), true);
  assert.equal(linkSignatureMatches(TEST_LINK_KEY, 'unsubscribe:replies:8', signature), false);
  assert.equal(
    linkSignatureMatches(new TextEncoder().encode('another key'), 'unsubscribe:replies:7', signature),
    false,
  );
  const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
  assert.equal(linkSignatureMatches(TEST_LINK_KEY, 'unsubscribe:replies:7', flipped), false);
  assert.equal(linkSignatureMatches(TEST_LINK_KEY, 'unsubscribe:replies:7', signature.slice(0, -2)), false);
  assert.equal(linkSignatureMatches(TEST_LINK_KEY, 'unsubscribe:replies:7', '!!not base64!!'), false);
  assert.equal(linkSignatureMatches(TEST_LINK_KEY, 'unsubscribe:replies:7', ''), false);
});
