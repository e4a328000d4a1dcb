import type { APIRoute } from 'astro';
import { commentApiResponse, findStoryOfComment } from '../../../lib/comment-api.ts';
import { performCommentApiRequest } from '../../../server/actions/comment-api.ts';
import { parseCommentId, parseCommentRequest } from '../../../server/actions/comment-request.ts';
import { readJson } from '../../../server/http/request-body.ts';
import { jsonError } from '../../../server/http/responses.ts';

export const prerender = false;

/** PATCH {body}: edit your own comment within the edit window (EDIT_WINDOW_SECONDS). */
export const PATCH: APIRoute = async ({ params, request, locals }) => {
  if (locals.user === null) return jsonError(401, 'not-signed-in', 'Sign in to edit your comments.');
  const id = parseCommentId(params.id);
  if (id === null) return jsonError(404, 'unknown-comment', 'That comment does not exist.');
  const body = await readJson(request);
  if (!body.ok) return jsonError(body.status, 'bad-body', body.message);
  const text =
    typeof body.value === 'object' && body.value !== null ? (body.value as { body?: unknown }).body : undefined;
  const target = await findStoryOfComment(locals.services, id);
  if (!target.found) return jsonError(404, 'unknown-comment', 'That comment does not exist.');
  const parsed = parseCommentRequest({ intent: 'edit', commentId: id, body: text });
  return commentApiResponse(await performCommentApiRequest(locals.services, target.story, locals.user, parsed));
};

/** DELETE: remove your own comment; one with replies stays as a placeholder. */
export const DELETE: APIRoute = async ({ params, locals }) => {
  if (locals.user === null) return jsonError(401, 'not-signed-in', 'Sign in to delete your comments.');
  const id = parseCommentId(params.id);
  if (id === null) return jsonError(404, 'unknown-comment', 'That comment does not exist.');
  const target = await findStoryOfComment(locals.services, id);
  if (!target.found) return jsonError(404, 'unknown-comment', 'That comment does not exist.');
  const parsed = parseCommentRequest({ intent: 'delete', commentId: id });
  return commentApiResponse(await performCommentApiRequest(locals.services, target.story, locals.user, parsed));
};
