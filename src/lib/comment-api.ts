import { findStoryRef } from './stories.ts';
import { jsonError } from '../server/http/responses.ts';
import { performCommentApiRequest, type CommentApiOutcome } from '../server/actions/comment-api.ts';
import { parseCommentId, parseCommentRequest } from '../server/actions/comment-request.ts';
import { readJson } from '../server/http/request-body.ts';
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
  const like = outcome.like === undefined ? {} : { like: outcome.like };
  return Response.json(outcome.comment === null ? { deleted: true } : { comment: outcome.comment, ...like }, {
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

/**
 * A JSON request about one comment named in the address (`/api/comments/<id>/<what>`), carried
 * out as `intent` with the fields `pick` takes from the body, for a signed-in reader.
 */
export async function answerNamedComment(
  context: { params: { id?: string | undefined }; request: Request; locals: App.Locals },
  notSignedIn: string,
  pick: (id: number, fields: Record<string, unknown>) => Record<string, unknown>,
): Promise<Response> {
  const { params, request, locals } = context;
  if (locals.user === null) return jsonError(401, 'not-signed-in', notSignedIn);
  const id = parseCommentId(params.id);
  const target = id === null ? null : await findStoryOfComment(locals.services, id);
  if (id === null || target?.found !== true) return jsonError(404, 'unknown-comment', 'That comment does not exist.');
  const body = await readJson(request);
  if (!body.ok) return jsonError(body.status, 'bad-body', body.message);
  const fields = typeof body.value === 'object' && body.value !== null ? (body.value as Record<string, unknown>) : {};
  const parsed = parseCommentRequest(pick(id, fields));
  const author = { ...locals.user, clientIp: locals.clientIp };
  return commentApiResponse(await performCommentApiRequest(locals.services, target.story, author, parsed));
}
