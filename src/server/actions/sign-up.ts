/**
 * Creating an account, by any form that offers it: the honeypot, NIST's common-password
 * blocklist, the sign-up limit per address (issue 4), then the account and its first session.
 */
import type { Services } from '../app/services.ts';
import { COMMON_PASSWORD_MESSAGE, isCommonPassword } from '../accounts/common-passwords.ts';
import type { CookieJar } from '../accounts/session-cookie.ts';
import { signUp, validateEmail, validatePassword, type User } from '../accounts/user.ts';
import { limitSignUp } from '../abuse/account-limits.ts';
import { limitCodeSend } from '../abuse/mail-limits.ts';
import type { SignUpRequest } from './account-request.ts';
import { startSession } from './start-session.ts';
import { startEmailVerification } from '../mail/email-verification.ts';

/** Where the page shows a refusal: next to one field, or above the whole form. */
export type SignUpErrorPlace = 'username' | 'password' | 'email' | 'form';

export type SignUpOutcome =
  | { ok: true; user: User }
  | { ok: false; status: 400 | 409; place: SignUpErrorPlace; message: string }
  | { ok: false; status: 429; place: 'form' | 'email'; message: string; retryAfterSeconds: number };

export async function performSignUp(
  services: Pick<Services, 'db' | 'config' | 'clock'>,
  request: SignUpRequest,
  clientIp: string | null,
  cookies: CookieJar,
): Promise<SignUpOutcome> {
  const { db, config } = services;
  const now = services.clock.now();
  if (request.honeypot !== '') {
    // Only a bot fills a field people never see; it learns nothing from a plain refusal.
    return { ok: false, status: 400, place: 'form', message: 'Your account could not be created.' };
  }
  if (validatePassword(request.password).ok && isCommonPassword(request.password)) {
    return { ok: false, status: 400, place: 'password', message: COMMON_PASSWORD_MESSAGE };
  }
  const limit = await limitSignUp(db, { ip: clientIp }, config.limits, now);
  if (!limit.ok) {
    return {
      ok: false,
      status: 429,
      place: 'form',
      message: limit.message,
      retryAfterSeconds: limit.retryAfterSeconds,
    };
  }
  const { username, password, email } = request;
  const address = validateEmail(email);
  if (address.ok && address.email !== null) {
    // Each sign-up with an address sends it a code: nobody may flood an inbox by signing up.
    const sending = await limitCodeSend(db, { userId: null, email: address.email }, config.limits, now);
    if (!sending.ok) return { ...sending, status: 429, place: 'email' };
  }
  // The code goes out with the account or not at all; the reader types it on /account/.
  const result = await signUp(db, { username, password, email }, now, async (tx, user, address) => {
    if (address !== null) await startEmailVerification(tx, user.id, address, now);
  });
  if (!result.ok) {
    return { ok: false, status: result.reason === 'taken' ? 409 : 400, place: result.field, message: result.message };
  }
  await startSession(services, cookies, result.user.id, request.userAgent ?? null);
  return { ok: true, user: result.user };
}
