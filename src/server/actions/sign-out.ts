/** Signing out of this browser, or of every browser at once; either way this one's cookie goes. */
import type { Services } from '../app/services.ts';
import { invalidateSession, invalidateUserSessions } from '../accounts/session.ts';
import { deleteSessionTokenCookie, type CookieJar } from '../accounts/session-cookie.ts';

/** `sessionId` is null when the request carried no valid session: the cookie is cleared all the same. */
export async function performSignOut(
  services: Pick<Services, 'db' | 'config'>,
  sessionId: string | null,
  cookies: CookieJar,
): Promise<void> {
  if (sessionId !== null) await invalidateSession(services.db, sessionId);
  deleteSessionTokenCookie(cookies, services.config.secure);
}

export async function performSignOutEverywhere(
  services: Pick<Services, 'db' | 'config'>,
  userId: number,
  cookies: CookieJar,
): Promise<void> {
  await invalidateUserSessions(services.db, userId);
  deleteSessionTokenCookie(cookies, services.config.secure);
}
