import assert from 'node:assert/strict';
import test from 'node:test';
import type { CommentWithAuthor } from '../../src/server/comments/comment.ts';
import { buildThread, type ThreadNode } from '../../src/server/comments/thread.ts';
import {
  pageOfComment,
  pageOfThread,
  parseCommentSort,
  parsePageNumber,
  REPLIES_SHOWN,
  THREADS_PER_PAGE,
  type PageRequest,
} from '../../src/server/comments/thread-page.ts';
import { commentRow } from './fixtures.ts';

function roots(count: number): CommentWithAuthor[] {
  return Array.from({ length: count }, (_, index) => commentRow(index + 1, null));
}

function ids(nodes: readonly ThreadNode[]): number[] {
  return nodes.map((node) => (node.kind === 'comment' ? node.comment.id : node.id));
}

const FIRST: PageRequest = { sort: 'oldest', page: 1, expand: null };
const noLikes: ReadonlyMap<number, number> = new Map();

test('a page holds 20 top-level comments, and the last page the rest', () => {
  const thread = buildThread(roots(45), null);
  const first = pageOfThread(thread, FIRST, noLikes);
  assert.equal(THREADS_PER_PAGE, 20);
  assert.deepEqual(
    ids(first.roots),
    Array.from({ length: 20 }, (_, index) => index + 1),
  );
  assert.equal(first.pageCount, 3);
  assert.equal(first.visibleCount, 45);
  assert.deepEqual(ids(pageOfThread(thread, { ...FIRST, page: 3 }, noLikes).roots), [41, 42, 43, 44, 45]);
});

test('a page past the last gives the last, and an empty thread has one empty page', () => {
  const thread = buildThread(roots(25), null);
  const far = pageOfThread(thread, { ...FIRST, page: 99 }, noLikes);
  assert.equal(far.page, 2);
  assert.deepEqual(ids(far.roots), [21, 22, 23, 24, 25]);
  const empty = pageOfThread(buildThread([], null), FIRST, noLikes);
  assert.deepEqual([empty.page, empty.pageCount, empty.roots.length], [1, 1, 0]);
});

test('newest puts the latest top-level comment first; replies stay oldest first', () => {
  const rows = [...roots(3), commentRow(4, 1), commentRow(5, 1)];
  const page = pageOfThread(buildThread(rows, null), { ...FIRST, sort: 'newest' }, noLikes);
  assert.deepEqual(ids(page.roots), [3, 2, 1]);
  assert.deepEqual(ids(page.roots[2]!.replies), [4, 5]);
});

test('best puts the most liked first, and among equals the older', () => {
  const likes = new Map([
    [2, 5],
    [3, 9],
  ]);
  const page = pageOfThread(buildThread(roots(4), null), { ...FIRST, sort: 'best' }, likes);
  assert.deepEqual(ids(page.roots), [3, 2, 1, 4]);
});

test('a comment with more than 5 replies shows 5 and counts the rest', () => {
  const rows = [commentRow(1, null), ...Array.from({ length: 8 }, (_, index) => commentRow(index + 2, 1))];
  const page = pageOfThread(buildThread(rows, null), FIRST, noLikes);
  const root = page.roots[0]!;
  assert.equal(REPLIES_SHOWN, 5);
  assert.deepEqual(ids(root.replies), [2, 3, 4, 5, 6]);
  assert.equal(root.moreReplies, 3);
  assert.equal(root.replies[0]!.moreReplies, 0);
});

test('expanding a comment shows all its replies and all of its ancestors’', () => {
  const rows = [
    commentRow(1, null),
    ...Array.from({ length: 7 }, (_, index) => commentRow(index + 2, 1)),
    ...Array.from({ length: 7 }, (_, index) => commentRow(index + 20, 8)),
  ];
  const page = pageOfThread(buildThread(rows, null), { ...FIRST, expand: 8 }, noLikes);
  const root = page.roots[0]!;
  assert.equal(root.replies.length, 7);
  assert.equal(root.moreReplies, 0);
  const eight = root.replies.find((node) => node.kind === 'comment' && node.comment.id === 8)!;
  assert.equal(eight.replies.length, 7);
});

test('a comment is found on the page of its top-level comment, in the order asked for', () => {
  const rows = [...roots(45), commentRow(46, 42)];
  const thread = buildThread(rows, null);
  assert.equal(pageOfComment(thread, 'oldest', noLikes, 46), 3);
  assert.equal(pageOfComment(thread, 'newest', noLikes, 46), 1);
  assert.equal(pageOfComment(thread, 'oldest', noLikes, 5), 1);
  assert.equal(pageOfComment(thread, 'oldest', noLikes, 999), null);
});

test('sorts and page numbers are read strictly', () => {
  assert.equal(parseCommentSort('best'), 'best');
  assert.equal(parseCommentSort('toString'), null);
  assert.equal(parseCommentSort(null), null);
  assert.equal(parsePageNumber('2'), 2);
  for (const bad of ['0', '-1', '1.5', '1e3', '', ' 2', '99999999', null])
    assert.equal(parsePageNumber(bad), null, `${bad}`);
});
