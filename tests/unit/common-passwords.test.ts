import assert from 'node:assert/strict';
import test from 'node:test';
import list from '../../src/server/data/common-passwords.json' with { type: 'json' };
import { isCommonPassword } from '../../src/server/accounts/common-passwords.ts';

test('the committed list holds 10,000 passwords', () => {
  assert.equal(new Set(list).size, 10_000);
});

test('passwords on the list are common, whatever their case', () => {
  for (const password of ['password', '123456', 'qwerty', 'iloveyou', 'Password', 'QWERTY', 'trustno1']) {
    assert.equal(isCommonPassword(password), true, password);
  }
});

test('passwords off the list are not', () => {
  for (const password of ['correct horse battery staple', 'vT9#kq!2Lm', ' password', '']) {
    assert.equal(isCommonPassword(password), false, JSON.stringify(password));
  }
});
