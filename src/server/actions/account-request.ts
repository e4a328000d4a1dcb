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

/** Whether the account page's form asked to end every session of the account. */
export function asksToSignOutEverywhere(form: FormData): boolean {
  return form.get('intent') === 'sign-out-everywhere';
}
