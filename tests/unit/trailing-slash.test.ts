import assert from 'node:assert/strict';
import test from 'node:test';
import { slashRedirect } from '../../src/server/http/trailing-slash.ts';

test('a page named without its trailing slash goes to the one with it, query kept', () => {
  assert.equal(slashRedirect('GET', '/login'), '/login/');
  assert.equal(slashRedirect('HEAD', '/signup?return_to=%2F'), '/signup/?return_to=%2F');
  assert.equal(slashRedirect('GET', '/articles/a-story'), '/articles/a-story/');
  assert.equal(slashRedirect('GET', '/moderation/users/ada'), '/moderation/users/ada/');
});

test('pages already ending in a slash, endpoints, files and other methods are left alone', () => {
  for (const url of [
    '/',
    '/login/',
    '/login/?x=1',
    '/rss.xml',
    '/robots.txt',
    '/api/session',
    '/_astro/a.js',
    '/a.b/c.d',
  ]) {
    assert.equal(slashRedirect('GET', url), null, url);
  }
  assert.equal(slashRedirect('POST', '/login'), null);
  assert.equal(slashRedirect('GET', '//evil.example'), null);
});
