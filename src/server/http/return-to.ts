/**
 * Where to send a reader after signing in or posting: a path on this site only, so a crafted
 * link can never turn our sign-in page into an open redirect
 * (https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html).
 */
export function safeReturnPath(candidate: string | null | undefined, fallback = '/'): string {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 2000) return fallback;
  // "//host" and "/\host" are protocol-relative to browsers; control characters hide tricks.
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(candidate, 'http://same.invalid');
  } catch {
    return fallback;
  }
  if (parsed.origin !== 'http://same.invalid') return fallback;
  return parsed.pathname + parsed.search + parsed.hash;
}
