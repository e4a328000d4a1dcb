/**
 * Where a comment is: its story, the page of the thread it is on in the reader's order, and the
 * comment whose replies must all be shown to show it. The permalink `/comments/<id>/` and the
 * comments page's redirect after a post send the reader there.
 */
import { listStoryLikeCounts } from '../comments/likes.ts';
import { getComment, listStoryComments } from '../comments/store.ts';
import { buildThread } from '../comments/thread.ts';
import { pageOfComment, type CommentSort } from '../comments/thread-page.ts';
import type { Queryable } from '../db/database.ts';

export interface CommentPlace {
  storySlug: string;
  page: number;
  expand: number | null;
}

export async function findCommentPlace(
  services: { db: Queryable },
  commentId: number,
  sort: CommentSort,
  viewerId: number | null,
): Promise<CommentPlace | null> {
  const comment = await getComment(services.db, commentId);
  if (comment === null) return null;
  const thread = buildThread(await listStoryComments(services.db, comment.storySlug), viewerId);
  const likes = await listStoryLikeCounts(services.db, comment.storySlug);
  const page = pageOfComment(thread, sort, likes, commentId);
  return page === null ? null : { storySlug: comment.storySlug, page, expand: comment.parentId };
}

/**
 * The comments page's address for a place, with an optional notice. The page reads the order
 * from the same cookie (or default) the place was found with, so the address need not name it.
 */
export function commentPlacePath(place: CommentPlace, commentId: number, notice?: string): string {
  const query = new URLSearchParams();
  if (place.page > 1) query.set('page', String(place.page));
  if (place.expand !== null) query.set('expand', String(place.expand));
  if (notice !== undefined) query.set('notice', notice);
  const search = query.size === 0 ? '' : `?${query}`;
  return `/articles/${place.storySlug}/comments/${search}#comment-${commentId}`;
}
