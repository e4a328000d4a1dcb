import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesState, isSameOriginRequest } from '../../src/server/http/same-origin.ts';

const ours = ['https://news.example', 'http://127.0.0.1:4321'];
const check = (headers: Record<string, string>): boolean => isSameOriginRequest(new Headers(headers), ours);

test('a same-origin browser request is accepted', () => {
  assert.equal(check({ 'sec-fetch-site': 'same-origin', origin: 'https://news.example' }), true);
  assert.equal(check({ 'sec-fetch-site': 'same-origin' }), true);
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
