import type { APIRoute } from 'astro';
import { commentApiResponse, findStoryOfComment } from '../../../../lib/comment-api.ts';
import { performCommentApiRequest } from '../../../../server/actions/comment-api.ts';
import { parseCommentId, parseCommentRequest } from '../../../../server/actions/comment-request.ts';
import { readJson } from '../../../../server/http/request-body.ts';
import { jsonError } from '../../../../server/http/responses.ts';

export const prerender = false;

/** POST {reason, note?}: report someone else's comment to the moderators, once. */
export const POST: APIRoute = async ({ params, request, locals }) => {
  if (locals.user === null) return jsonError(401, 'not-signed-in', 'Sign in to report comments.');
  const id = parseCommentId(params.id);
  const target = id === null ? null : await findStoryOfComment(locals.services, id);
  if (target?.found !== true) return jsonError(404, 'unknown-comment', 'That comment does not exist.');
  const body = await readJson(request);
  if (!body.ok) return jsonError(body.status, 'bad-body', body.message);
  const fields = typeof body.value === 'object' && body.value !== null ? (body.value as Record<string, unknown>) : {};
  const parsed = parseCommentRequest({ intent: 'report', commentId: id, reason: fields.reason, note: fields.note });
  const reporter = { ...locals.user, clientIp: locals.clientIp };
  return commentApiResponse(await performCommentApiRequest(locals.services, target.story, reporter, parsed));
};
