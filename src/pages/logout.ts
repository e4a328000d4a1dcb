import type { APIRoute } from 'astro';
import { readForm } from '../lib/request-body.ts';
import { redirect } from '../lib/responses.ts';
import { safeReturnPath } from '../server/return-to.ts';
import { invalidateSession } from '../server/session.ts';
import { deleteSessionTokenCookie } from '../server/session-cookie.ts';

export const prerender = false;

export const POST: APIRoute = async ({ request, locals, cookies }) => {
  const form = await readForm(request);
  if (locals.session !== null) await invalidateSession(locals.services.db, locals.session.id);
  deleteSessionTokenCookie(cookies, locals.services.config.secure);
  return redirect(safeReturnPath(form.ok ? String(form.value.get('return_to') ?? '') : '/'));
};
