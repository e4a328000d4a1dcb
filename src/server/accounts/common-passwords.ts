/**
 * Sign-up and a password change refuse the 10,000 most common passwords, the blocklist NIST asks verifiers to check:
 * https://pages.nist.gov/800-63-4/sp800-63b.html#passwordver
 * The list, its source and licence are in data/. It is JSON so that it travels inside Astro's
 * server bundle as well as running from source.
 */
import list from '../data/common-passwords.json' with { type: 'json' };

export const COMMON_PASSWORD_MESSAGE =
  'That password is one of the most common ones and easily guessed. Choose another.';

let commonPasswords: ReadonlySet<string> | null = null;

/** Case-insensitive: "Password1" is guessed as easily as "password1". */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(list.map((entry) => entry.toLowerCase()));
  return commonPasswords.has(password.toLowerCase());
}
