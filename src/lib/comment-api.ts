import { findStoryRef } from './stories.ts';
import { jsonError } from '../server/http/responses.ts';
import type { ParsedCommentRequest } from '../server/actions/comment-request.ts';
import { performCommentAction } from '../server/actions/comment-actions.ts';
import { getComment } from '../server/comments/store.ts';

/** Runs a parsed JSON comment request for the signed-in reader and answers with JSON. */
export async function answerCommentRequest(
  locals: App.Locals,
  storySlug: string | undefined,
  parsed: ParsedCommentRequest,
): Promise<Response> {
  if (locals.user === null) return jsonError(401, 'not-signed-in', 'Sign in to comment.');
  if (!parsed.ok) return jsonError(400, 'invalid-request', parsed.message);
  const story = await findStoryRef(storySlug);
  const outcome = await performCommentAction(
    locals.services.db,
    story,
    locals.user,
    parsed.request,
    locals.services.config.limits,
    locals.services.clock.now(),
  );
  if (!outcome.ok) {
    const retry: Record<string, string> =
      outcome.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(outcome.retryAfterSeconds) };
    return jsonError(outcome.status, outcome.error, outcome.message, retry);
  }
  const comment = outcome.commentId === null ? null : await getComment(locals.services.db, outcome.commentId);
  return Response.json(
    comment === null
      ? { deleted: true }
      : { comment: { id: comment.id, parentId: comment.parentId, status: comment.status } },
    { status: outcome.status },
  );
}

/** The story a stored comment belongs to, for requests that name only the comment. */
export async function storyOfComment(locals: App.Locals, commentId: number): Promise<string | undefined> {
  return (await getComment(locals.services.db, commentId))?.storySlug;
}
