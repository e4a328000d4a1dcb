import type { APIRoute } from 'astro';
import { parseCommentId } from '../../server/actions/comment-request.ts';
import { commentPlacePath, findCommentPlace } from '../../server/actions/comment-place.ts';
import { chosenSort, SORT_COOKIE } from '../../server/http/sort-cookie.ts';

export const prerender = false;

/** A comment's permalink: the page of its story's thread it is on, in the reader's order, at its anchor. */
export const GET: APIRoute = async ({ params, locals, cookies, redirect }) => {
  const id = parseCommentId(params.id);
  const { services, user } = locals;
  const sort = chosenSort(null, cookies.get(SORT_COOKIE)?.value, services.config.commentSort);
  const place = id === null ? null : await findCommentPlace(services, id, sort, user === null ? null : user.id);
  if (id === null || place === null) return new Response('There is no such comment.', { status: 404 });
  return redirect(commentPlacePath(place, id), 302);
};
