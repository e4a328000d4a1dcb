/**
 * Where to send a reader after signing in or posting: a path on this site only, so a crafted
 * link can never turn our sign-in page into an open redirect
 * (https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html).
 * The path is checked after normalising, because resolving dot segments can make one
 * protocol-relative: "/..//evil.example/" becomes "//evil.example/" (issue 11, item 2).
 */
const SAME = 'http://same.invalid';

export function safeReturnPath(candidate: string | null | undefined, fallback = '/'): string {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 2000) return fallback;
  if (!isSiteRelativePath(candidate)) return fallback;
  // Control characters and backslashes hide tricks; browsers read "\" as "/".
  if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(candidate, SAME);
  } catch {
    return fallback;
  }
  if (parsed.origin !== SAME) return fallback;
  const normalised = parsed.pathname + parsed.search + parsed.hash;
  return isSiteRelativePath(normalised) && new URL(normalised, SAME).origin === SAME ? normalised : fallback;
}

/** "/x" stays on the site it is resolved against; "//host" and "/\host" are protocol-relative to browsers. */
function isSiteRelativePath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}
