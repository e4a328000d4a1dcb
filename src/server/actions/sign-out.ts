/**
 * Signing out of this browser, or of every browser at once (either way this one's cookie goes),
 * or of one other browser from the account page's device list.
 */
import type { Services } from '../app/services.ts';
import { invalidateSession, invalidateUserSession, invalidateUserSessions } from '../accounts/session.ts';
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

/** False when the account has no such session, ended already or never its own. */
export function performSignOutDevice(
  services: Pick<Services, 'db'>,
  userId: number,
  sessionId: string,
): Promise<boolean> {
  return invalidateUserSession(services.db, userId, sessionId);
}
