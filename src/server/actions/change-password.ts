/**
 * Changing one's password from the account page: the current one first, then the same rules as
 * at sign-up. Every other session of the account ends, this one stays (ASVS 7.4.3), so a thief
 * signed in elsewhere is out the moment the owner changes it.
 */
import type { Services } from '../app/services.ts';
import { COMMON_PASSWORD_MESSAGE, isCommonPassword } from '../accounts/common-passwords.ts';
import { invalidateOtherUserSessions, type Session } from '../accounts/session.ts';
import { setUserPassword, validateNewPassword, type User } from '../accounts/user.ts';
import { confirmPassword } from './confirm-password.ts';

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export type ChangePasswordOutcome =
  | { ok: true }
  | { ok: false; status: 400; field: 'current-password' | 'new-password'; message: string }
  | { ok: false; status: 429; field: 'current-password'; message: string; retryAfterSeconds: number };

export async function performChangePassword(
  services: Pick<Services, 'db' | 'config' | 'clock'>,
  user: User,
  session: Session,
  request: ChangePasswordRequest,
  clientIp: string | null,
): Promise<ChangePasswordOutcome> {
  const rules = validateNewPassword(user.username, request.newPassword);
  if (!rules.ok) return { ok: false, status: 400, field: 'new-password', message: rules.message };
  if (isCommonPassword(request.newPassword)) {
    return { ok: false, status: 400, field: 'new-password', message: COMMON_PASSWORD_MESSAGE };
  }
  const confirmed = await confirmPassword(services, user, request.currentPassword, clientIp);
  if (!confirmed.ok) return { ...confirmed, field: 'current-password' };
  await setUserPassword(services.db, user.id, request.newPassword);
  await invalidateOtherUserSessions(services.db, user.id, session.id);
  return { ok: true };
}
