import type { APIRoute } from 'astro';
import { safeReturnPath } from '../../server/http/return-to.ts';
import { viewerAnswer } from '../../server/views/account-nav.ts';

export const prerender = false;

/** Who is signed in and the account nav for the page at `return_to`, for prerendered pages. */
export const GET: APIRoute = ({ locals, url }) =>
  Response.json(viewerAnswer(locals.user, safeReturnPath(url.searchParams.get('return_to'))), {
    headers: { 'Cache-Control': 'no-store' },
  });
