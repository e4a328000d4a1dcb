import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeReturnPath } from '../../src/server/http/return-to.ts';

test('a path on this site is kept with its query and anchor', () => {
  assert.equal(safeReturnPath('/articles/a-story/?x=1#comments'), '/articles/a-story/?x=1#comments');
});

test('anything that could leave the site falls back', () => {
  for (const attempt of [
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    ' /articles/',
    '/\t/evil.example',
    '',
    null,
    undefined,
  ]) {
    assert.equal(safeReturnPath(attempt), '/', String(attempt));
  }
});

test('the fallback can be chosen', () => {
  assert.equal(safeReturnPath('https://evil.example/', '/articles/x/'), '/articles/x/');
});
