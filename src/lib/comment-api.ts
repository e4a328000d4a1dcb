import { findStoryRef } from './stories.ts';
import { jsonError } from '../server/http/responses.ts';
import type { CommentApiOutcome } from '../server/actions/comment-api.ts';
import { getComment } from '../server/comments/store.ts';
import type { StoryRef } from '../server/stories/story-ref.ts';
import type { Services } from '../server/app/services.ts';

/** The outcome of a JSON comment request as the API answers it. */
export function commentApiResponse(outcome: CommentApiOutcome): Response {
  if (!outcome.ok) {
    const retry: Record<string, string> =
      outcome.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(outcome.retryAfterSeconds) };
    return jsonError(outcome.status, outcome.error, outcome.message, retry);
  }
  return Response.json(outcome.comment === null ? { deleted: true } : { comment: outcome.comment }, {
    status: outcome.status,
  });
}

/**
 * For requests that name only a comment: whether it exists and, if so, its story as readers may
 * see it (null when that story is not published).
 */
export async function findStoryOfComment(
  services: Services,
  commentId: number,
): Promise<{ found: false } | { found: true; story: StoryRef | null }> {
  const comment = await getComment(services.db, commentId);
  return comment === null ? { found: false } : { found: true, story: await findStoryRef(comment.storySlug, services) };
}
