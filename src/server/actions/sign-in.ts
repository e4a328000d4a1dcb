/**
 * Signing in: the limits per address and per account come before the password check (issue 4),
 * a wrong password counts against the address, and a right one starts a new session.
 */
import type { Services } from '../app/services.ts';
import type { CookieJar } from '../accounts/session-cookie.ts';
import { authenticate, type User } from '../accounts/user.ts';
import { limitSignIn, recordSignInFailure } from '../abuse/account-limits.ts';
import type { SignInRequest } from './account-request.ts';
import { startSession } from './start-session.ts';

export type SignInOutcome =
  | { ok: true; user: User }
  | { ok: false; status: 400; message: string }
  | { ok: false; status: 429; message: string; retryAfterSeconds: number };

export async function performSignIn(
  services: Pick<Services, 'db' | 'config' | 'clock'>,
  request: SignInRequest,
  clientIp: string | null,
  cookies: CookieJar,
): Promise<SignInOutcome> {
  const { db, config } = services;
  const now = services.clock.now();
  const limit = await limitSignIn(db, { username: request.username, ip: clientIp }, config.limits, now);
  if (!limit.ok) return { ok: false, status: 429, message: limit.message, retryAfterSeconds: limit.retryAfterSeconds };
  const result = await authenticate(db, request.username, request.password);
  if (!result.ok) {
    await recordSignInFailure(db, { ip: clientIp }, config.limits, now);
    return { ok: false, status: 400, message: result.message };
  }
  await startSession(services, cookies, result.user.id);
  return { ok: true, user: result.user };
}
