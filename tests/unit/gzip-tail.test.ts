import assert from 'node:assert/strict';
import test from 'node:test';
import { gunzipSync } from 'node:zlib';
import { gzipHead, gzipWithTail } from '../../src/server/http/gzip-tail.ts';

const head = Buffer.from(`{"html":"${'<article class="comment">A comment everyone reads.</article>'.repeat(400)}",`);

test('a head compressed once and a tail sent as it is read back as the two together', () => {
  const compressed = gzipHead(head);
  for (const tail of ['"viewer":null}', '', 'é ✓ '.repeat(3)]) {
    const bytes = Buffer.from(tail);
    assert.deepEqual(gunzipSync(gzipWithTail(compressed, bytes)), Buffer.concat([head, bytes]), JSON.stringify(tail));
  }
  assert.ok(compressed.length < head.length / 10, 'the head is compressed');
});

test('a tail longer than one stored block is split into several', () => {
  const tail = Buffer.alloc(150_000, 'x');
  const answer = gzipWithTail(gzipHead(head), tail);
  assert.deepEqual(gunzipSync(answer), Buffer.concat([head, tail]));
  assert.ok(answer.length > tail.length, 'the tail is stored, not compressed');
});

test('a damaged tail fails the trailer’s check', () => {
  const answer = gzipWithTail(gzipHead(head), Buffer.from('"viewer":null}'));
  answer[answer.length - 10] ^= 1;
  assert.throws(() => gunzipSync(answer), /incorrect data check/);
});

test('an empty head works too', () => {
  assert.equal(gunzipSync(gzipWithTail(gzipHead(Buffer.alloc(0)), Buffer.from('{}'))).toString(), '{}');
});
