import type { Services } from '../app/services.ts';
import { createSession } from '../accounts/session.ts';
import { setSessionTokenCookie, type CookieJar } from '../accounts/session-cookie.ts';

/** A new session on every sign-in, so a token planted before it is worth nothing after. */
export async function startSession(
  services: Pick<Services, 'db' | 'config' | 'clock'>,
  cookies: CookieJar,
  userId: number,
): Promise<void> {
  const { session, token } = await createSession(services.db, userId, services.clock.now());
  setSessionTokenCookie(cookies, services.config.secure, token, session.expiresAt);
}
