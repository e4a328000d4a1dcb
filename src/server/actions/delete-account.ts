/**
 * Deleting one's own account from the account page: the password first (under the sign-in
 * limits), then moderation/account-deletion.ts in one transaction, and this browser's cookie goes.
 */
import type { Services } from '../app/services.ts';
import { deleteSessionTokenCookie, type CookieJar } from '../accounts/session-cookie.ts';
import type { User } from '../accounts/user.ts';
import { removeAccount } from '../moderation/account-deletion.ts';
import { confirmPassword, type PasswordConfirmation } from './confirm-password.ts';

export async function performDeleteAccount(
  services: Pick<Services, 'db' | 'config' | 'clock'>,
  user: User,
  password: string,
  clientIp: string | null,
  cookies: CookieJar,
): Promise<PasswordConfirmation> {
  const confirmed = await confirmPassword(services, user, password, clientIp);
  if (!confirmed.ok) return confirmed;
  const now = services.clock.now();
  await services.db.transaction((tx) => removeAccount(tx, user.id, now));
  deleteSessionTokenCookie(cookies, services.config.secure);
  return { ok: true };
}
