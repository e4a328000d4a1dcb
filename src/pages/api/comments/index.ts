import type { APIRoute } from 'astro';
import { commentApiResponse } from '../../../lib/comment-api.ts';
import { findStoryRef } from '../../../lib/stories.ts';
import { performCommentApiRequest } from '../../../server/actions/comment-api.ts';
import { parseCommentRequest } from '../../../server/actions/comment-request.ts';
import { readJson } from '../../../server/http/request-body.ts';
import { jsonError } from '../../../server/http/responses.ts';

export const prerender = false;

/** POST {story, body, parentId?}: a new comment or reply; 201 with its id. */
export const POST: APIRoute = async ({ request, locals }) => {
  if (locals.user === null) return jsonError(401, 'not-signed-in', 'Sign in to comment.');
  const body = await readJson(request);
  if (!body.ok) return jsonError(body.status, 'bad-body', body.message);
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
    return jsonError(400, 'invalid-request', 'Send a JSON object with story and body.');
  }
  const fields = body.value as Record<string, unknown>;
  if (typeof fields.story !== 'string') return jsonError(400, 'invalid-request', 'Name the story the comment is on.');
  const intent = fields.parentId === undefined || fields.parentId === null ? 'post' : 'reply';
  const parsed = parseCommentRequest({ ...fields, intent });
  const story = await findStoryRef(fields.story, locals.services);
  return commentApiResponse(await performCommentApiRequest(locals.services, story, locals.user, parsed));
};
