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

// Issue 15 item 6: the account links of a sign-in page nested its address in theirs, without end.
test('a return path carrying a return path stands for the path it carries, however deep', () => {
  assert.equal(safeReturnPath('/login/?return_to=%2Farticles%2Fa%2F'), '/articles/a/');
  assert.equal(safeReturnPath('/signup/?return_to=%2Flogin%2F%3Freturn_to%3D%252Fabout%252F'), '/about/');
  assert.equal(safeReturnPath('/anywhere/?x=1&return_to=%2Fabout%2F'), '/about/');
  assert.equal(safeReturnPath('/login/?return_to=https%3A%2F%2Fevil.example%2F'), '/');
  let deep = '/articles/a/';
  for (let level = 0; level < 40; level += 1) deep = `/login/?return_to=${encodeURIComponent(deep)}`;
  assert.equal(safeReturnPath(deep), deep.length > 2000 ? '/' : '/articles/a/');
});

test('the sign-in, sign-up and sign-out pages are no place to return to', () => {
  for (const page of ['/login/', '/login', '/signup/', '/signup', '/logout/', '/login/?x=1']) {
    assert.equal(safeReturnPath(page, '/articles/a/'), '/articles/a/', page);
  }
  assert.equal(safeReturnPath('/login-help/'), '/login-help/');
});

test('whatever it answers carries no return path of its own', () => {
  const shapes = ['/login/', '/signup/', '/about/', '?return_to=', '%2F', '%3Freturn_to%3D', '%252F', '&', 'x'];
  for (const a of shapes) {
    for (const b of shapes) {
      for (const c of shapes) {
        const answer = safeReturnPath(`${a}${b}${c}`);
        assert.equal(new URL(answer, 'https://news.example').searchParams.has('return_to'), false, answer);
      }
    }
  }
});
