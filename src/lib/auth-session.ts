import type { AstroCookies } from 'astro';
import { createSession } from '../server/accounts/session.ts';
import { setSessionTokenCookie } from '../server/accounts/session-cookie.ts';
import type { Services } from '../server/app/services.ts';

/** A new session on every sign-in, so a token planted before it is worth nothing after. */
export async function startSession(services: Services, cookies: AstroCookies, userId: number): Promise<void> {
  const { session, token } = await createSession(services.db, userId, services.clock.now());
  setSessionTokenCookie(cookies, services.config.secure, token, session.expiresAt);
}
