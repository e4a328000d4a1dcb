import type { Services } from '../app/services.ts';
import { summarizeUserAgent } from '../accounts/browser.ts';
import { createSession } from '../accounts/session.ts';
import { setSessionTokenCookie, type CookieJar } from '../accounts/session-cookie.ts';

/**
 * A new session on every sign-in, so a token planted before it is worth nothing after. It starts
 * without its second factor: for an account with two-factor sign-in, it counts once the code is given.
 */
export async function startSession(
  services: Pick<Services, 'db' | 'config' | 'clock'>,
  cookies: CookieJar,
  userId: number,
  userAgent: string | null,
): Promise<void> {
  const browser = summarizeUserAgent(userAgent);
  const { session, token } = await createSession(services.db, userId, services.clock.now(), { browser });
  setSessionTokenCookie(cookies, services.config.secure, token, session.expiresAt);
}
