/**
 * The codes and tokens mail carries, as the Copenhagen Book builds them
 * (https://thecopenhagenbook.com/email-verification, https://thecopenhagenbook.com/password-reset):
 * random from crypto.getRandomValues, kept only as their SHA-256, compared in constant time.
 *
 * - A verification code is 8 digits: short enough to type, and 10 tries an hour per account
 *   (mail/email-verification.ts) leave a guesser one chance in a million an hour.
 * - A reset token is 160 bits in lowercase unpadded base32 (32 characters), over the 112 the
 *   guide asks for, so it cannot be guessed and needs no try limit.
 * - An unsubscribe link is signed with HMAC-SHA256 under the site's mail secret, so it works
 *   without signing in and nobody can make one for another account.
 */
import { hmac } from '@oslojs/crypto/hmac';
import { generateRandomString, type RandomReader } from '@oslojs/crypto/random';
import { SHA256, sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import {
  decodeBase64urlIgnorePadding,
  encodeBase32LowerCaseNoPadding,
  encodeBase64urlNoPadding,
} from '@oslojs/encoding';

const random: RandomReader = { read: (bytes) => void crypto.getRandomValues(bytes as Uint8Array<ArrayBuffer>) };
const resetTokenBytes = 20;
const codePattern = /^\d{8}$/;
const resetTokenPattern = /^[a-z2-7]{32}$/;

export function generateVerificationCode(): string {
  return generateRandomString(random, '0123456789', 8);
}

/** What a reader typed, spaces and dashes taken out, or null when it cannot be a code. */
export function normalizeVerificationCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '');
  return codePattern.test(code) ? code : null;
}

export function generateResetToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(resetTokenBytes)));
}

export function isResetTokenShaped(token: string): boolean {
  return resetTokenPattern.test(token);
}

/** The SHA-256 of a code or token as sent, the only form the database keeps. */
export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  return constantTimeEqual(hashSecret(secret), storedHash);
}

/** The signature an unsubscribe link carries for `subject` (such as `replies:42`). */
export function signLink(key: Uint8Array, subject: string): string {
  return encodeBase64urlNoPadding(hmac(SHA256, key, new TextEncoder().encode(subject)));
}

export function linkSignatureMatches(key: Uint8Array, subject: string, signature: string): boolean {
  let given: Uint8Array;
  try {
    given = decodeBase64urlIgnorePadding(signature);
  } catch {
    return false;
  }
  const expected = hmac(SHA256, key, new TextEncoder().encode(subject));
  return given.length === expected.length && constantTimeEqual(given, expected);
}
