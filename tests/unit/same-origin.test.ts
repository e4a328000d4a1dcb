import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readServerConfig } from '../../src/server/app/config.ts';
import { changesState, isSameOriginRequest } from '../../src/server/http/same-origin.ts';

const ours = ['https://news.example', 'http://127.0.0.1:4321'];
const check = (headers: Record<string, string>): boolean => isSameOriginRequest(new Headers(headers), ours);

test('a same-origin browser request is accepted', () => {
  assert.equal(check({ 'sec-fetch-site': 'same-origin', origin: 'https://news.example' }), true);
  assert.equal(check({ 'sec-fetch-site': 'same-origin' }), true);
});

// A page with Referrer-Policy: no-referrer (the password reset page) makes Chromium send `Origin: null`.
test('a form on a no-referrer page of ours (Origin: null, Sec-Fetch-Site: same-origin) is accepted', () => {
  assert.equal(check({ 'sec-fetch-site': 'same-origin', origin: 'null' }), true);
  assert.equal(check({ 'sec-fetch-site': 'cross-site', origin: 'null' }), false);
  assert.equal(check({ 'sec-fetch-site': 'same-site', origin: 'null' }), false);
});

test('cross-site, same-site and user-initiated navigations from elsewhere are refused', () => {
  assert.equal(check({ 'sec-fetch-site': 'cross-site', origin: 'https://news.example' }), false);
  assert.equal(check({ 'sec-fetch-site': 'same-site', origin: 'https://news.example' }), false);
  assert.equal(check({ 'sec-fetch-site': 'none' }), false);
});

test('without Fetch Metadata the Origin header decides, and its absence refuses', () => {
  assert.equal(check({ origin: 'http://127.0.0.1:4321' }), true);
  assert.equal(check({ origin: 'http://evil.example' }), false);
  assert.equal(check({ origin: 'null' }), false);
  assert.equal(check({}), false);
});

test('only GET, HEAD and OPTIONS leave state alone', () => {
  for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) assert.equal(changesState(method), false);
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) assert.equal(changesState(method), true);
});

// Issue 11 item 9: the request's Host header never adds an origin; src/server/http/server.ts
// adds only the address it listens on.
test('the origins the check accepts come from SITE_URL alone, whatever HOST and PORT say', () => {
  const config = readServerConfig({ SITE_URL: 'https://news.example/some/path', HOST: '0.0.0.0', PORT: '8080' });
  assert.deepEqual(config.allowedOrigins, ['https://news.example']);
});
