import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeReturnPath } from '../../src/server/http/return-to.ts';

test('a path on this site is kept with its query and anchor', () => {
  assert.equal(safeReturnPath('/articles/a-story/?x=1#comments'), '/articles/a-story/?x=1#comments');
});

test('dot segments are resolved and the path stays on this site', () => {
  assert.equal(safeReturnPath('/articles/../about/'), '/about/');
  assert.equal(safeReturnPath('/./articles/a-story/'), '/articles/a-story/');
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

// Issue 11 item 2: each of these normalises to "//host/...", which a browser reads as another site.
test('a path that normalises into a protocol-relative address falls back', () => {
  for (const attempt of [
    '/..//evil.example/',
    '/.//evil.example/',
    '/%2e%2e//evil.example/',
    '/%2E%2E//evil.example/',
    '/.%2e//evil.example/',
    '/a/../..//evil.example/',
    '/./%2e/.//evil.example',
    '/..//evil.example/?x=1#y',
  ]) {
    const answer = safeReturnPath(attempt);
    assert.equal(answer, '/', attempt);
  }
});

test('whatever it answers, a browser resolves it to this site', () => {
  const site = 'https://news.example';
  const shapes = ['/', '.', '..', '%2e', '%2E', '%2e%2e', '/', '//', '\\', 'evil.example', '?', '#', '%2f', '%5c', 'x'];
  for (const a of shapes) {
    for (const b of shapes) {
      for (const c of shapes) {
        const candidate = `/${a}${b}${c}`;
        const answer = safeReturnPath(candidate);
        assert.equal(new URL(answer, site).origin, site, `${candidate} gave ${answer}`);
        assert.ok(answer.startsWith('/') && !answer.startsWith('//'), `${candidate} gave ${answer}`);
      }
    }
  }
});

test('the fallback can be chosen', () => {
  assert.equal(safeReturnPath('https://evil.example/', '/articles/x/'), '/articles/x/');
});
