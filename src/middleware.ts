import { defineMiddleware } from 'astro:middleware';
import { clientIp } from './server/abuse/client-ip.ts';
import { changesState, isSameOriginRequest } from './server/http/same-origin.ts';
import { isStorageUnavailable, storageUnavailableResponse } from './server/http/storage-errors.ts';
import { validateSessionToken } from './server/accounts/session.ts';
import {
  deleteSessionTokenCookie,
  sessionCookieName,
  setSessionTokenCookie,
} from './server/accounts/session-cookie.ts';
import { devServices } from './lib/dev-services.ts';
import { forbiddenResponse } from './server/http/responses.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  const locals = context.locals;
  locals.services ??= await devServices();
  locals.user = null;
  locals.session = null;
  const { config, db } = locals.services;
  locals.clientIp = clientIp(socketAddress(context), context.request.headers, config.limits.trustedProxies);

  if (changesState(context.request.method)) {
    const allowed = [config.siteOrigin, context.url.origin];
    if (!isSameOriginRequest(context.request.headers, allowed)) return forbiddenResponse(context.url);
  }

  const token = context.cookies.get(sessionCookieName(config.secure))?.value;
  if (token !== undefined) {
    const validation = await validateSessionToken(db, token, locals.services.clock.now());
    if (validation === null) {
      deleteSessionTokenCookie(context.cookies, config.secure);
    } else {
      locals.user = validation.user;
      locals.session = validation.session;
      if (validation.fresh) {
        setSessionTokenCookie(context.cookies, config.secure, token, validation.session.expiresAt);
      }
    }
  }

  let response: Response;
  try {
    response = await next();
  } catch (error) {
    if (isStorageUnavailable(error)) return storageUnavailableResponse(context.url);
    throw error;
  }
  if (locals.user !== null) response.headers.set('Cache-Control', 'no-store');
  return response;
});

function socketAddress(context: { clientAddress: string }): string | undefined {
  try {
    return context.clientAddress;
  } catch {
    return undefined;
  }
}
