/**
 * Signing in: the limits per address and per account come before the password check (issue 4,
 * issue 11.7), a wrong password counts against the address and the account, and a right one
 * starts a new session and ends the one the browser presented (ASVS 7.2.4). Every attempt is
 * logged in one line. For an account with two-factor sign-in the new session waits for the code
 * (login/two-factor), and the outcome says so.
 */
import type { Services } from '../app/services.ts';
import { invalidateSession, type Session } from '../accounts/session.ts';
import type { CookieJar } from '../accounts/session-cookie.ts';
import { logToStdout, signInLogLine, type LogLine, type SignInLogOutcome } from '../accounts/sign-in-log.ts';
import { hasTwoFactor } from '../accounts/two-factor.ts';
import { authenticate, type User } from '../accounts/user.ts';
import { limitSignIn, recordSignInFailure, recordSignInSuccess } from '../abuse/account-limits.ts';
import type { SignInRequest } from './account-request.ts';
import { startSession } from './start-session.ts';

export type SignInOutcome =
  | { ok: true; user: User; twoFactorPending: boolean }
  | { ok: false; status: 400; message: string }
  | { ok: false; status: 429; message: string; retryAfterSeconds: number };

/** `presented` is the session the request came with (`locals.session`), null when it had none. */
export async function performSignIn(
  services: Pick<Services, 'db' | 'config' | 'clock'>,
  request: SignInRequest,
  clientIp: string | null,
  cookies: CookieJar,
  presented: Session | null,
  log: LogLine = logToStdout,
): Promise<SignInOutcome> {
  const { db, config } = services;
  const now = services.clock.now();
  const attempt = { username: request.username, ip: clientIp };
  const record = (outcome: SignInLogOutcome): void =>
    log(signInLogLine({ at: now, outcome, username: request.username, address: clientIp }));
  const limit = await limitSignIn(db, attempt, config.limits, now);
  if (!limit.ok) {
    record('refused');
    return { ok: false, status: 429, message: limit.message, retryAfterSeconds: limit.retryAfterSeconds };
  }
  const result = await authenticate(db, request.username, request.password);
  if (!result.ok) {
    await recordSignInFailure(db, attempt, config.limits, now);
    record('failed');
    return { ok: false, status: 400, message: result.message };
  }
  await recordSignInSuccess(db, attempt, config.limits);
  await startSession(services, cookies, result.user.id, request.userAgent ?? null);
  if (presented !== null) await invalidateSession(db, presented.id);
  record('succeeded');
  return { ok: true, user: result.user, twoFactorPending: await hasTwoFactor(db, result.user.id) };
}
