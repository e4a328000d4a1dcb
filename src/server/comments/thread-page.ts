/**
 * One page of a thread: top-level comments in the reader's order, 20 to a page, each with its
 * replies (oldest first, as a conversation reads) of which the first 5 at every level are shown,
 * so that one answer stays small whatever the thread's size (issue 14).
 */
import type { Thread, ThreadNode } from './thread.ts';

export const COMMENT_SORTS = ['oldest', 'newest', 'best'] as const;
export type CommentSort = (typeof COMMENT_SORTS)[number];

export const COMMENT_SORT_LABELS: Readonly<Record<CommentSort, string>> = {
  oldest: 'Oldest',
  newest: 'Newest',
  best: 'Best',
};

export const THREADS_PER_PAGE = 20;
export const REPLIES_SHOWN = 5;

export interface ThreadPage extends Thread {
  page: number;
  pageCount: number;
  sort: CommentSort;
}

export interface PageRequest {
  sort: CommentSort;
  /** From 1; a page past the last gives the last. */
  page: number;
  /**
   * The comment whose replies are all shown, and so are its ancestors' (its "Show N more
   * replies" was followed, or a link to one of its replies).
   */
  expand: number | null;
}

/** Likes by comment number, for the comments that have any. */
export type LikeCounts = ReadonlyMap<number, number>;

export function parseCommentSort(value: string | null | undefined): CommentSort | null {
  return COMMENT_SORTS.find((sort) => sort === value) ?? null;
}

/** A page number from a query string: a whole number from 1, or null. */
export function parsePageNumber(value: string | null | undefined): number | null {
  if (value === null || value === undefined || !/^[1-9]\d{0,6}$/.test(value)) return null;
  return Number(value);
}

/** The page of `thread` a reader asked for. `likes` counts a comment's likes for "best". */
export function pageOfThread(thread: Thread, request: PageRequest, likes: LikeCounts): ThreadPage {
  const sorted = sortRoots(thread.roots, request.sort, likes);
  const pageCount = Math.max(1, Math.ceil(sorted.length / THREADS_PER_PAGE));
  const page = Math.min(request.page, pageCount);
  const roots = sorted
    .slice((page - 1) * THREADS_PER_PAGE, page * THREADS_PER_PAGE)
    .map((node) => shortened(node, request.expand));
  return { roots, visibleCount: thread.visibleCount, page, pageCount, sort: request.sort };
}

/** The page on which `commentId` appears (inside its top-level comment's thread), or null if it does not. */
export function pageOfComment(thread: Thread, sort: CommentSort, likes: LikeCounts, commentId: number): number | null {
  const sorted = sortRoots(thread.roots, sort, likes);
  const index = sorted.findIndex((root) => contains(root, commentId));
  return index === -1 ? null : Math.floor(index / THREADS_PER_PAGE) + 1;
}

function sortRoots(roots: readonly ThreadNode[], sort: CommentSort, likes: LikeCounts): ThreadNode[] {
  const oldestFirst = (a: ThreadNode, b: ThreadNode): number => createdAt(a) - createdAt(b) || idOf(a) - idOf(b);
  switch (sort) {
    case 'oldest':
      return [...roots].sort(oldestFirst);
    case 'newest':
      return [...roots].sort((a, b) => oldestFirst(b, a));
    case 'best':
      return [...roots].sort((a, b) => (likes.get(idOf(b)) ?? 0) - (likes.get(idOf(a)) ?? 0) || oldestFirst(a, b));
  }
}

function shortened(node: ThreadNode, expand: number | null): ThreadNode {
  const all = expand !== null && contains(node, expand);
  const shown = all ? node.replies : node.replies.slice(0, REPLIES_SHOWN);
  const replies = shown.map((reply) => shortened(reply, expand));
  return { ...node, replies, moreReplies: node.replies.length - shown.length };
}

function contains(node: ThreadNode, commentId: number): boolean {
  return idOf(node) === commentId || node.replies.some((reply) => contains(reply, commentId));
}

function idOf(node: ThreadNode): number {
  return node.kind === 'comment' ? node.comment.id : node.id;
}

function createdAt(node: ThreadNode): number {
  return node.kind === 'comment' ? node.comment.createdAt : node.createdAt;
}
