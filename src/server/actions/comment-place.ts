/**
 * Where a comment is: its story, the page of the thread it is on in the reader's order, and the
 * comment whose replies must all be shown to show it. The permalink `/comments/<id>/` and the
 * comments page's redirect after a post send the reader there.
 */
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
  const page = pageOfComment(thread, sort, () => 0, commentId);
  return page === null ? null : { storySlug: comment.storySlug, page, expand: comment.parentId };
}

/** The comments page's address for a place, with the reader's sort and an optional notice. */
export function commentPlacePath(place: CommentPlace, sort: CommentSort, commentId: number, notice?: string): string {
  const query = new URLSearchParams({ page: String(place.page), sort });
  if (place.expand !== null) query.set('expand', String(place.expand));
  if (notice !== undefined) query.set('notice', notice);
  return `/articles/${place.storySlug}/comments/?${query}#comment-${commentId}`;
}
