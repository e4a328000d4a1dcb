import type { APIRoute } from 'astro';
import { readForm } from '../server/http/request-body.ts';
import { redirect } from '../server/http/responses.ts';
import { safeReturnPath } from '../server/http/return-to.ts';
import { invalidateSession } from '../server/accounts/session.ts';
import { deleteSessionTokenCookie } from '../server/accounts/session-cookie.ts';

export const prerender = false;

export const POST: APIRoute = async ({ request, locals, cookies }) => {
  const form = await readForm(request);
  if (locals.session !== null) await invalidateSession(locals.services.db, locals.session.id);
  deleteSessionTokenCookie(cookies, locals.services.config.secure);
  return redirect(safeReturnPath(form.ok ? String(form.value.get('return_to') ?? '') : '/'));
};
