/**
 * Two-factor sign-in with TOTP (RFC 6238: SHA-1, 6 digits, 30 s), as the Copenhagen Book and
 * Lucia's two-factor example build it: https://thecopenhagenbook.com/mfa and
 * https://github.com/lucia-auth/example-astro-email-password-2fa
 *
 * The key is 20 random bytes. A code is accepted for the 30 s step before and after the current
 * one (clock drift), and never twice: the step last used is kept. The recovery code is 16 random
 * bytes in base32, shown once; only its SHA-256 is kept (it is random, so no slow hash is needed).
 * Time is the caller's clock, so codes are counted with HOTP rather than Date.now().
 */
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import {
  decodeBase32IgnorePadding,
  encodeBase32LowerCaseNoPadding,
  encodeBase32UpperCaseNoPadding,
} from '@oslojs/encoding';
import type { Database, Queryable } from '../db/database.ts';

export const TOTP_ISSUER = 'The Ledger';
const stepSeconds = 30;
const digits = 6;
const keyBytes = 20;
const recoveryCodeBytes = 16;
const codePattern = /^\d{6}$/;
const encodedKeyPattern = /^[A-Z2-7]{32}$/;

interface TwoFactorRow {
  totp_key: Uint8Array;
  recovery_code_hash: Uint8Array;
  last_counter: number | bigint;
}

export function generateTotpKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(keyBytes));
}

/** The key as an authenticator app takes it typed in, and as the setup form carries it. */
export function encodeTotpKey(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key);
}

/** Null unless `encoded` is a key as encodeTotpKey writes it. */
export function decodeTotpKey(encoded: string): Uint8Array | null {
  return encodedKeyPattern.test(encoded) ? decodeBase32IgnorePadding(encoded) : null;
}

export function totpKeyUri(username: string, key: Uint8Array): string {
  return createTOTPKeyURI(TOTP_ISSUER, username, key, stepSeconds, digits);
}

/** The step `code` belongs to, near `now`, or null: spaces are ignored, anything else refuses it. */
export function matchTotpCode(key: Uint8Array, code: string, now: number): number | null {
  const typed = code.replace(/\s/g, '');
  if (!codePattern.test(typed)) return null;
  const current = Math.floor(now / stepSeconds);
  const encoder = new TextEncoder();
  for (const step of [current - 1, current, current + 1]) {
    const expected = generateHOTP(key, BigInt(step), digits);
    if (constantTimeEqual(encoder.encode(expected), encoder.encode(typed))) return step;
  }
  return null;
}

export async function hasTwoFactor(db: Queryable, userId: number): Promise<boolean> {
  return (await db.get('SELECT user_id FROM two_factor WHERE user_id = ?', [userId])) !== null;
}

/**
 * Turns two-factor sign-in on with `key`, which `code` must prove the reader's app holds; answers
 * the recovery code, which is never stored and so can be shown only now. False for a wrong code
 * or an account that has it on already.
 */
export async function enableTwoFactor(
  db: Database,
  userId: number,
  key: Uint8Array,
  code: string,
  now: number,
): Promise<{ ok: true; recoveryCode: string } | { ok: false; reason: 'wrong-code' | 'already-on' }> {
  const step = matchTotpCode(key, code, now);
  if (step === null) return { ok: false, reason: 'wrong-code' };
  const recoveryCode = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(recoveryCodeBytes)));
  const row = await db.get<{ user_id: number }>(
    `INSERT INTO two_factor (user_id, totp_key, recovery_code_hash, last_counter, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
    [userId, key, hashRecoveryCode(recoveryCode), step, now],
  );
  return row === null ? { ok: false, reason: 'already-on' } : { ok: true, recoveryCode };
}

/** Whether `code` is the account's current one, not used before; using it uses it up. */
export async function verifyTwoFactorCode(db: Database, userId: number, code: string, now: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const row = await tx.get<TwoFactorRow>(
      'SELECT totp_key, recovery_code_hash, last_counter FROM two_factor WHERE user_id = ?',
      [userId],
    );
    if (row === null) return false;
    const step = matchTotpCode(new Uint8Array(row.totp_key), code, now);
    if (step === null || step <= Number(row.last_counter)) return false;
    await tx.run('UPDATE two_factor SET last_counter = ? WHERE user_id = ?', [step, userId]);
    return true;
  });
}

/** The recovery code turns two-factor sign-in off; true when it was the account's. */
export async function useRecoveryCode(db: Database, userId: number, recoveryCode: string): Promise<boolean> {
  const typed = recoveryCode.replace(/[\s-]/g, '').toLowerCase();
  return db.transaction(async (tx) => {
    const row = await tx.get<TwoFactorRow>(
      'SELECT totp_key, recovery_code_hash, last_counter FROM two_factor WHERE user_id = ?',
      [userId],
    );
    if (row === null || !constantTimeEqual(hashRecoveryCode(typed), new Uint8Array(row.recovery_code_hash)))
      return false;
    await tx.run('DELETE FROM two_factor WHERE user_id = ?', [userId]);
    return true;
  });
}

export async function disableTwoFactor(db: Queryable, userId: number): Promise<void> {
  await db.run('DELETE FROM two_factor WHERE user_id = ?', [userId]);
}

function hashRecoveryCode(code: string): Uint8Array {
  return sha256(new TextEncoder().encode(code));
}
