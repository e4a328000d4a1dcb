import type { APIRoute } from 'astro';
import { performUnsubscribe } from '../../server/actions/unsubscribe.ts';
import { jsonError } from '../../server/http/responses.ts';

export const prerender = false;

/**
 * The `List-Unsubscribe` target (RFC 8058): the mail client POSTs `List-Unsubscribe=One-Click`
 * here, from its own servers, with no cookie and no Origin of ours, so the signed link is the
 * only permission and the middleware's origin check passes this path by (src/middleware.ts).
 */
export const POST: APIRoute = async ({ locals, url }) => {
  const outcome = await performUnsubscribe(locals.services, url.searchParams);
  if (!outcome.ok) return jsonError(outcome.status, 'bad-link', outcome.message);
  return Response.json({ ok: true, list: outcome.list });
};
