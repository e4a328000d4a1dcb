/**
 * The account page's mail parts: setting or changing the address (with the password, since it
 * decides where reset links go), typing the code, asking for a new one, and the opt-ins.
 */
import type { Services } from '../app/services.ts';
import { authenticate, validateEmail, type User } from '../accounts/user.ts';
import { limitCodeSend, limitCodeTry } from '../abuse/mail-limits.ts';
import { verifyEmailCode } from '../mail/email-verification.ts';
import { normalizeVerificationCode } from '../mail/secrets.ts';
import type { EmailFormRequest } from './email-request.ts';
import {
  changeEmail,
  getMailSettings,
  type MailSettings,
  resendVerificationCode,
  setMailPreference,
  type MailPreference,
} from '../mail/mail-settings.ts';

type MailServices = Pick<Services, 'db' | 'config' | 'clock'>;

/** Where the page shows the answer: beside a field, or above the form. */
export type EmailFormPlace = 'email' | 'password' | 'code' | 'form';

/** What the account page says after a mail form was done, by the name the redirect carries. */
export const EMAIL_NOTICES = {
  'code-sent': 'We sent a code to your new address. Enter it below to confirm it.',
  'code-resent': 'We sent a new code. Earlier codes no longer work.',
  verified: 'Your email address is confirmed.',
  removed: 'Your email address was removed.',
  unchanged: 'That is the address you have already.',
  saved: 'Your email choices are saved.',
} as const;

export type EmailNotice = keyof typeof EMAIL_NOTICES;

export type EmailOutcome =
  | { ok: true; notice: EmailNotice }
  | { ok: false; status: 400 | 429; place: EmailFormPlace; message: string; retryAfterSeconds?: number };

// Answered above the form: the code field shows only while an address waits to be confirmed.
const NO_ADDRESS = { ok: false, status: 400, place: 'form', message: 'Add an email address first.' } as const;
const ALREADY_CONFIRMED = {
  ok: false,
  status: 400,
  place: 'form',
  message: 'Your address is confirmed already.',
} as const;

export async function performChangeEmail(
  services: MailServices,
  user: User,
  request: { email: string; password: string },
): Promise<EmailOutcome> {
  const { db, config } = services;
  const now = services.clock.now();
  const checked = validateEmail(request.email);
  if (!checked.ok) return { ok: false, status: 400, place: 'email', message: checked.message };
  if (!(await authenticate(db, user.username, request.password)).ok) {
    return { ok: false, status: 400, place: 'password', message: 'That is not your password.' };
  }
  if (checked.email !== null) {
    const limit = await limitCodeSend(db, { userId: user.id, email: checked.email }, config.limits, now);
    if (!limit.ok) return { ...limit, status: 429, place: 'form' };
  }
  const changed = await db.transaction((tx) => changeEmail(tx, user.id, checked.email, now));
  if (!changed) return { ok: true, notice: 'unchanged' };
  return { ok: true, notice: checked.email === null ? 'removed' : 'code-sent' };
}

export async function performResendCode(services: MailServices, user: User): Promise<EmailOutcome> {
  const { db, config } = services;
  const now = services.clock.now();
  const { email, verified } = await getMailSettings(db, user.id, now);
  if (email === null) return NO_ADDRESS;
  if (verified) return ALREADY_CONFIRMED;
  const limit = await limitCodeSend(db, { userId: user.id, email }, config.limits, now);
  if (!limit.ok) return { ...limit, status: 429, place: 'form' };
  const sent = await db.transaction((tx) => resendVerificationCode(tx, user.id, now));
  return sent ? { ok: true, notice: 'code-resent' } : ALREADY_CONFIRMED;
}

const CODE_REFUSALS = {
  malformed: 'The code is the 8 digits in the email we sent.',
  'wrong-code': 'That code is not right. Check the latest email we sent.',
  expired: 'That code has expired. Ask for a new one.',
  'no-code': 'There is no code waiting for this address. Ask for a new one.',
} as const;

export async function performVerifyEmail(services: MailServices, user: User, typed: string): Promise<EmailOutcome> {
  const { db, config } = services;
  const now = services.clock.now();
  const { email, verified } = await getMailSettings(db, user.id, now);
  if (email === null) return NO_ADDRESS;
  if (verified) return ALREADY_CONFIRMED;
  // A typing slip is no guess, so it costs no try.
  if (normalizeVerificationCode(typed) === null)
    return { ok: false, status: 400, place: 'code', message: CODE_REFUSALS.malformed };
  const limit = await limitCodeTry(db, user.id, config.limits, now);
  if (!limit.ok) return { ...limit, status: 429, place: 'code' };
  const result = await verifyEmailCode(db, user.id, typed, now);
  if (result.ok) return { ok: true, notice: 'verified' };
  return { ok: false, status: 400, place: 'code', message: CODE_REFUSALS[result.reason] };
}

export async function performSetNotifications(
  services: MailServices,
  user: User,
  choices: Readonly<Record<MailPreference, boolean>>,
): Promise<EmailOutcome> {
  const { db } = services;
  await setMailPreference(db, user.id, 'notify_replies', choices.notify_replies);
  // Only staff are offered the digest; a reader's form cannot turn it on.
  const staff = user.role === 'moderator' || user.role === 'admin';
  await setMailPreference(db, user.id, 'moderator_digest', staff && choices.moderator_digest);
  return { ok: true, notice: 'saved' };
}

export async function loadMailSettings(services: MailServices, user: User): Promise<MailSettings> {
  return getMailSettings(services.db, user.id, services.clock.now());
}

/** A post from one of the account page's mail forms, as email-request.ts read it. */
export async function performEmailFormPost(
  services: MailServices,
  user: User,
  request: EmailFormRequest,
): Promise<EmailOutcome> {
  switch (request.intent) {
    case 'change-email':
      return performChangeEmail(services, user, request);
    case 'verify-email':
      return performVerifyEmail(services, user, request.code);
    case 'resend-code':
      return performResendCode(services, user);
    case 'mail-choices':
      return performSetNotifications(services, user, request);
    case 'unknown':
      return { ok: false, status: 400, place: 'form', message: 'Say what to do with your email settings.' };
  }
}
