import assert from 'node:assert/strict';
import test from 'node:test';
import type { CommentStatus } from '../../src/server/comments/comment.ts';
import { buildThread, type ThreadNode } from '../../src/server/comments/thread.ts';
import { isVisibleTo } from '../../src/server/comments/visibility.ts';
import { commentRow } from './fixtures.ts';

const ADA = 1;
const BOB = 2;

/** The tree as nested [id, ...replies] arrays, placeholders marked with a leading "~". */
function shape(nodes: readonly ThreadNode[]): unknown[] {
  return nodes.map((node) => {
    const label = node.kind === 'comment' ? node.comment.id : `~${node.id}`;
    return node.replies.length === 0 ? label : [label, ...shape(node.replies)];
  });
}

test('replies nest under their parents, oldest first at every level', () => {
  const rows = [commentRow(5, 1), commentRow(1, null), commentRow(3, 1), commentRow(2, null), commentRow(4, 3)];
  const thread = buildThread(rows, null);
  assert.deepEqual(shape(thread.roots), [[1, [3, 4], 5], 2]);
  assert.equal(thread.visibleCount, 5);
});

test('an empty story has an empty thread', () => {
  assert.deepEqual(buildThread([], null), { roots: [], visibleCount: 0 });
});

test('replies attached at the depth cap render as siblings at the cap', () => {
  const rows = [
    commentRow(1, null),
    commentRow(2, 1, { depth: 1 }),
    commentRow(3, 2, { depth: 2 }),
    commentRow(4, 2, { depth: 2 }),
  ];
  assert.deepEqual(shape(buildThread(rows, null).roots), [[1, [2, 3, 4]]]);
});

test('a pending comment is shown only to its author', () => {
  const rows = [commentRow(1, null), commentRow(2, null, { authorId: BOB, status: 'pending' })];
  assert.deepEqual(shape(buildThread(rows, BOB).roots), [1, 2]);
  assert.deepEqual(shape(buildThread(rows, ADA).roots), [1]);
  assert.deepEqual(shape(buildThread(rows, null).roots), [1]);
  assert.equal(buildThread(rows, BOB).visibleCount, 2);
  assert.equal(buildThread(rows, null).visibleCount, 1);
});

test("a hidden comment is shown to its author alone, so the moderator's reason reaches them", () => {
  const rows = [commentRow(1, null, { status: 'hidden', authorId: ADA })];
  assert.deepEqual(shape(buildThread(rows, ADA).roots), [1]);
  assert.deepEqual(buildThread(rows, BOB), { roots: [], visibleCount: 0 });
  assert.deepEqual(buildThread(rows, null), { roots: [], visibleCount: 0 });
});

test('a deleted comment with visible replies stays as a placeholder carrying no text', () => {
  const rows = [commentRow(1, null, { status: 'deleted', body: '' }), commentRow(2, 1), commentRow(3, null)];
  const thread = buildThread(rows, null);
  assert.deepEqual(shape(thread.roots), [['~1', 2], 3]);
  assert.deepEqual(thread.roots[0], {
    kind: 'placeholder',
    id: 1,
    status: 'deleted',
    createdAt: 1_800_000_001,
    replies: thread.roots[0]?.replies,
  });
  assert.equal(thread.visibleCount, 2);
});

test('a deleted comment whose replies are all invisible disappears with them', () => {
  const rows = [
    commentRow(1, null, { status: 'deleted' }),
    commentRow(2, 1, { status: 'hidden', authorId: BOB }),
    commentRow(3, 1, { status: 'deleted' }),
    commentRow(4, 3, { status: 'pending', authorId: BOB }),
  ];
  assert.deepEqual(buildThread(rows, ADA), { roots: [], visibleCount: 0 });
  assert.deepEqual(shape(buildThread(rows, BOB).roots), [['~1', 2, ['~3', 4]]]);
});

test('a hidden comment with visible replies keeps its place as a placeholder', () => {
  const rows = [commentRow(1, null, { status: 'hidden' }), commentRow(2, 1)];
  assert.deepEqual(shape(buildThread(rows, null).roots), [['~1', 2]]);
});

test('visibility follows status and authorship', () => {
  const cases: [CommentStatus, number | null, boolean][] = [
    ['visible', null, true],
    ['visible', BOB, true],
    ['pending', ADA, true],
    ['pending', BOB, false],
    ['pending', null, false],
    ['hidden', ADA, true],
    ['hidden', BOB, false],
    ['hidden', null, false],
    ['deleted', ADA, false],
  ];
  for (const [status, viewerId, expected] of cases) {
    assert.equal(isVisibleTo({ status, authorId: ADA }, viewerId), expected, `${status} to ${viewerId}`);
  }
});
