/**
 * A signed-in reader proving it is them before a change that matters (a new password, deleting
 * the account): the password is checked under the sign-in limits of its account and address, so
 * a stolen session guesses no faster here than at the sign-in form.
 */
import type { Services } from '../app/services.ts';
import type { User } from '../accounts/user.ts';
import { verifyUserPassword } from '../accounts/user.ts';
import { limitSignIn, recordSignInFailure, recordSignInSuccess } from '../abuse/account-limits.ts';

export type PasswordConfirmation =
  | { ok: true }
  | { ok: false; status: 400; message: string }
  | { ok: false; status: 429; message: string; retryAfterSeconds: number };

export async function confirmPassword(
  services: Pick<Services, 'db' | 'config' | 'clock'>,
  user: User,
  password: string,
  clientIp: string | null,
): Promise<PasswordConfirmation> {
  const { db, config } = services;
  const now = services.clock.now();
  const attempt = { username: user.username, ip: clientIp };
  const limit = await limitSignIn(db, attempt, config.limits, now);
  if (!limit.ok) return { ok: false, status: 429, message: limit.message, retryAfterSeconds: limit.retryAfterSeconds };
  if (!(await verifyUserPassword(db, user.id, password))) {
    await recordSignInFailure(db, attempt, config.limits, now);
    return { ok: false, status: 400, message: 'That is not your current password.' };
  }
  await recordSignInSuccess(db, attempt, config.limits);
  return { ok: true };
}
