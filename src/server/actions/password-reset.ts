/**
 * "Forgot your password?": the request answers the same whether or not the address has an
 * account (the email goes out in the background, so the timing says nothing either), and the
 * link's page sets a new password under sign-up's rules, ends every session and signs in afresh.
 */
import type { Services } from '../app/services.ts';
import { COMMON_PASSWORD_MESSAGE, isCommonPassword } from '../accounts/common-passwords.ts';
import { hashPassword } from '../accounts/password.ts';
import type { CookieJar } from '../accounts/session-cookie.ts';
import { validateEmail, validateNewPassword } from '../accounts/user.ts';
import { limitResetRequest } from '../abuse/mail-limits.ts';
import { completePasswordReset, findPasswordReset, requestPasswordReset } from '../mail/password-reset.ts';
import { startSession } from './start-session.ts';

type ResetServices = Pick<Services, 'db' | 'config' | 'clock'>;

export const RESET_SENT_MESSAGE =
  'If an account has that verified address, we have sent it a link to set a new password. It works for an hour.';
export const RESET_LINK_DEAD = 'This link has expired or has been used. Ask for a new one.';

export type ForgotPasswordOutcome =
  { ok: true; message: string } | { ok: false; status: 400 | 429; message: string; retryAfterSeconds?: number };

export async function performForgotPassword(
  services: ResetServices,
  typed: string,
  clientIp: string | null,
): Promise<ForgotPasswordOutcome> {
  const { db, config } = services;
  const now = services.clock.now();
  const checked = validateEmail(typed);
  if (!checked.ok || checked.email === null) {
    return { ok: false, status: 400, message: 'Enter the email address of your account.' };
  }
  const limit = await limitResetRequest(db, { email: checked.email, ip: clientIp }, config.limits, now);
  if (!limit.ok) return { ...limit, status: 429 };
  await requestPasswordReset(db, checked.email, now);
  return { ok: true, message: RESET_SENT_MESSAGE };
}

/** Whether the link still resets anything, for the page to show the form or say it is dead. */
export async function isResetLinkLive(services: ResetServices, token: string): Promise<boolean> {
  return (await findPasswordReset(services.db, token, services.clock.now())) !== null;
}

export type ResetPasswordOutcome =
  { ok: true } | { ok: false; status: 400; place: 'password' | 'form'; message: string };

export async function performResetPassword(
  services: ResetServices,
  token: string,
  password: string,
  cookies: CookieJar,
  userAgent: string | null,
): Promise<ResetPasswordOutcome> {
  const { db } = services;
  const reset = await findPasswordReset(db, token, services.clock.now());
  if (reset === null) return { ok: false, status: 400, place: 'form', message: RESET_LINK_DEAD };
  const rules = validateNewPassword(reset.username, password);
  if (!rules.ok) return { ok: false, status: 400, place: 'password', message: rules.message };
  if (isCommonPassword(password))
    return { ok: false, status: 400, place: 'password', message: COMMON_PASSWORD_MESSAGE };
  const passwordHash = await hashPassword(password);
  const done = await completePasswordReset(db, token, passwordHash, services.clock.now());
  if (done === null) return { ok: false, status: 400, place: 'form', message: RESET_LINK_DEAD };
  await startSession(services, cookies, done.userId, userAgent);
  return { ok: true };
}
