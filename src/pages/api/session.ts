import type { APIRoute } from 'astro';

export const prerender = false;

/** Who is signed in, for the account links on prerendered pages. */
export const GET: APIRoute = ({ locals }) =>
  Response.json(
    { viewer: locals.user === null ? null : { username: locals.user.username } },
    { headers: { 'Cache-Control': 'no-store' } },
  );
