/**
 * Two-factor sign-in from the reader's side: turning it on from the account page (the app must
 * show a right code for the key first), giving the code after the password, the recovery code
 * that turns it off when the app is lost, and turning it off with a code. Every code checked
 * against a stored key is rate limited per account and address (account-limits.ts).
 */
import type { Services } from '../app/services.ts';
import { setSessionAsTwoFactorVerified, type Session } from '../accounts/session.ts';
import {
  decodeTotpKey,
  disableTwoFactor,
  enableTwoFactor,
  useRecoveryCode,
  verifyTwoFactorCode,
} from '../accounts/two-factor.ts';
import { limitTwoFactor, recordTwoFactorFailure } from '../abuse/account-limits.ts';

export type TwoFactorOutcome =
  | { ok: true }
  | { ok: false; status: 400 | 409; message: string }
  | { ok: false; status: 429; message: string; retryAfterSeconds: number };

type ActionServices = Pick<Services, 'db' | 'config' | 'clock'>;

const wrongCode = {
  ok: false,
  status: 400,
  message: 'That code is not right. Type the 6 digits your app shows now.',
} as const;

/**
 * `encodedKey` is the one the setup form showed and carried back (as Lucia's example does), so
 * nothing is stored until the reader proves their app holds it. Answers the recovery code, once.
 */
export async function performEnableTwoFactor(
  services: ActionServices,
  userId: number,
  session: Session,
  encodedKey: string,
  code: string,
): Promise<{ ok: true; recoveryCode: string } | Extract<TwoFactorOutcome, { ok: false }>> {
  const key = decodeTotpKey(encodedKey);
  if (key === null) return { ok: false, status: 400, message: 'The setup form was altered. Start again.' };
  const enabled = await enableTwoFactor(services.db, userId, key, code, services.clock.now());
  if (!enabled.ok) {
    return enabled.reason === 'wrong-code'
      ? wrongCode
      : { ok: false, status: 409, message: 'Two-factor sign-in is on already.' };
  }
  await setSessionAsTwoFactorVerified(services.db, session.id);
  return enabled;
}

/** What the sign-in page's second step was given: the app's code, or the recovery code instead. */
export type SecondFactor = { kind: 'code'; code: string } | { kind: 'recovery'; recoveryCode: string };

/**
 * The second step of signing in: from now on the session counts as signed in. The recovery code
 * also turns two-factor sign-in off, as it can be used only once.
 */
export async function performSecondFactor(
  services: ActionServices,
  session: Session,
  given: SecondFactor,
  clientIp: string | null,
): Promise<TwoFactorOutcome> {
  const { db } = services;
  const outcome = await withCodeLimit(services, session.userId, clientIp, async () => {
    const right =
      given.kind === 'code'
        ? await verifyTwoFactorCode(db, session.userId, given.code, services.clock.now())
        : await useRecoveryCode(db, session.userId, given.recoveryCode);
    if (right) await setSessionAsTwoFactorVerified(db, session.id);
    return right;
  });
  return given.kind === 'code' || outcome.ok || outcome.status !== 400
    ? outcome
    : { ok: false, status: 400, message: 'That recovery code is not right.' };
}

/** Turning it off from the account page takes a current code, so a stolen session cannot. */
export async function performDisableTwoFactor(
  services: ActionServices,
  userId: number,
  code: string,
  clientIp: string | null,
): Promise<TwoFactorOutcome> {
  return withCodeLimit(services, userId, clientIp, async () => {
    if (!(await verifyTwoFactorCode(services.db, userId, code, services.clock.now()))) return false;
    await disableTwoFactor(services.db, userId);
    return true;
  });
}

async function withCodeLimit(
  services: ActionServices,
  userId: number,
  clientIp: string | null,
  check: () => Promise<boolean>,
): Promise<TwoFactorOutcome> {
  const { db, config } = services;
  const now = services.clock.now();
  const limit = await limitTwoFactor(db, { userId, ip: clientIp }, config.limits, now);
  if (!limit.ok) return { ok: false, status: 429, message: limit.message, retryAfterSeconds: limit.retryAfterSeconds };
  if (await check()) return { ok: true };
  await recordTwoFactorFailure(db, { ip: clientIp }, config.limits, now);
  return wrongCode;
}
