import { defineMiddleware } from 'astro:middleware';
import type { AstroCookies } from 'astro';
import { clientIp } from './server/abuse/client-ip.ts';
import { changesState, isSameOriginRequest } from './server/http/same-origin.ts';
import { isStorageUnavailable, storageUnavailableResponse } from './server/http/storage-errors.ts';
import { validateRequestSession } from './server/http/request-session.ts';
import {
  deleteSessionTokenCookie,
  sessionCookieName,
  setSessionTokenCookie,
} from './server/accounts/session-cookie.ts';
import { devServices } from './lib/dev-services.ts';
import { forbiddenResponse } from './server/http/responses.ts';

const ONE_CLICK_UNSUBSCRIBE_PATH = '/api/unsubscribe';

export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  const locals = context.locals;
  locals.services ??= await devServices();
  locals.user = null;
  locals.session = null;
  const { config, db } = locals.services;
  locals.clientIp = clientIp(socketAddress(context), context.request.headers, config.limits.trustedProxies);

  // The one origin check, against SITE_URL; Astro's own is off (astro.config.mjs). The RFC 8058
  // one-click unsubscribe comes from mail servers and carries its own signed permission.
  const crossSiteAllowed = context.url.pathname === ONE_CLICK_UNSUBSCRIBE_PATH;
  if (
    changesState(context.request.method) &&
    !crossSiteAllowed &&
    !isSameOriginRequest(context.request.headers, config.allowedOrigins)
  ) {
    return forbiddenResponse(context.url);
  }

  let response: Response;
  try {
    const token = context.cookies.get(sessionCookieName(config.secure))?.value;
    if (token !== undefined) {
      const validation = await validateRequestSession(db, token, locals.services.clock.now());
      if (validation === null) {
        deleteSessionTokenCookie(context.cookies, config.secure);
      } else {
        // A session still waiting for its second factor signs nobody in; only login/two-factor reads it.
        locals.user = validation.twoFactorPending ? null : validation.user;
        locals.session = validation.session;
        if (validation.fresh) {
          setSessionTokenCookie(context.cookies, config.secure, token, validation.session.expiresAt);
        }
      }
    }
    response = await next();
  } catch (error) {
    if (isStorageUnavailable(error)) return storageUnavailableResponse(context.url);
    throw error;
  }
  // A shared cache must never keep a signed-in page or hand one reader's cookie to another.
  if (locals.session !== null || setsCookie(response, context.cookies))
    response.headers.set('Cache-Control', 'no-store');
  return response;
});

function setsCookie(response: Response, cookies: AstroCookies): boolean {
  return response.headers.has('set-cookie') || cookies.headers().next().done !== true;
}

function socketAddress(context: { clientAddress: string }): string | undefined {
  try {
    return context.clientAddress;
  } catch {
    return undefined;
  }
}
