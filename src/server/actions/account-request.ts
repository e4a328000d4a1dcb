/**
 * The account forms' fields. Nothing is refused here: a missing field reads as empty text, and
 * the actions (and accounts/user.ts behind them) say what is wrong with it.
 */
import { HONEYPOT_FIELD } from '../accounts/honeypot.ts';

export interface SignUpRequest {
  username: string;
  password: string;
  email: string;
  /** What a bot typed into the field people never see; empty from a person. */
  honeypot: string;
  /** The request's User-Agent header, for the device list; not a form field. */
  userAgent?: string | null;
}

export interface SignInRequest {
  username: string;
  password: string;
  /** The request's User-Agent header, for the device list; not a form field. */
  userAgent?: string | null;
}

/** A form field as text, empty when absent. */
export function formText(form: FormData, name: string): string {
  return String(form.get(name) ?? '');
}

export function parseSignUpForm(form: FormData): SignUpRequest {
  return {
    username: formText(form, 'username').trim(),
    password: formText(form, 'password'),
    email: formText(form, 'email').trim(),
    honeypot: formText(form, HONEYPOT_FIELD),
  };
}

export function parseSignInForm(form: FormData): SignInRequest {
  return { username: formText(form, 'username').trim(), password: formText(form, 'password') };
}

/** What one of the account page's forms asks for; null for a form no part of the page sends. */
export type AccountRequest =
  | { intent: 'change-password'; currentPassword: string; newPassword: string }
  | { intent: 'sign-out-device'; sessionId: string }
  | { intent: 'sign-out-everywhere' }
  | { intent: 'delete-account'; password: string }
  | { intent: 'enable-two-factor'; key: string; code: string }
  | { intent: 'disable-two-factor'; code: string };

export function parseAccountForm(form: FormData): AccountRequest | null {
  switch (formText(form, 'intent')) {
    case 'change-password':
      return {
        intent: 'change-password',
        currentPassword: formText(form, 'current_password'),
        newPassword: formText(form, 'new_password'),
      };
    case 'sign-out-device':
      return { intent: 'sign-out-device', sessionId: formText(form, 'session_id') };
    case 'sign-out-everywhere':
      return { intent: 'sign-out-everywhere' };
    case 'delete-account':
      return { intent: 'delete-account', password: formText(form, 'password') };
    case 'enable-two-factor':
      return { intent: 'enable-two-factor', key: formText(form, 'key'), code: formText(form, 'code') };
    case 'disable-two-factor':
      return { intent: 'disable-two-factor', code: formText(form, 'code') };
    default:
      return null;
  }
}
