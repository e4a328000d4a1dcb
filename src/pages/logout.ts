import type { APIRoute } from 'astro';
import { readForm } from '../server/http/request-body.ts';
import { redirect } from '../server/http/responses.ts';
import { safeReturnPath } from '../server/http/return-to.ts';
import { formText } from '../server/actions/account-request.ts';
import { performSignOut } from '../server/actions/sign-out.ts';

export const prerender = false;

export const POST: APIRoute = async ({ request, locals, cookies }) => {
  const form = await readForm(request);
  await performSignOut(locals.services, locals.session?.id ?? null, cookies);
  return redirect(safeReturnPath(form.ok ? formText(form.value, 'return_to') : '/'));
};
