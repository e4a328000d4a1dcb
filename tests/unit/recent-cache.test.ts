import assert from 'node:assert/strict';
import test from 'node:test';
import { createRecentCache } from '../../src/server/db/recent-cache.ts';

test('a recent cache computes each key once while it stays among the most recently used', () => {
  const computed: string[] = [];
  const cache = createRecentCache(2, (key) => {
    computed.push(key);
    return key.length;
  });
  assert.equal(cache('SELECT 1'), 8);
  assert.equal(cache('SELECT 1'), 8);
  assert.deepEqual(computed, ['SELECT 1']);
});

test('a recent cache drops the least recently used key, not the oldest added', () => {
  const computed: string[] = [];
  const cache = createRecentCache(2, (key) => {
    computed.push(key);
    return key;
  });
  cache('a');
  cache('b');
  cache('a'); // a is now the most recently used, so c pushes b out
  cache('c');
  cache('a');
  cache('b');
  assert.deepEqual(computed, ['a', 'b', 'c', 'b']);
});
