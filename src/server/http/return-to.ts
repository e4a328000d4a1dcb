/**
 * Where to send a reader after signing in or posting: a path on this site only, so a crafted
 * link can never turn our sign-in page into an open redirect
 * (https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html).
 * The path is checked after normalising, because resolving dot segments can make one
 * protocol-relative: "/..//evil.example/" becomes "//evil.example/" (issue 11, item 2).
 *
 * A return path never carries a return path of its own: one that does stands for the path it
 * carries, and the sign-in pages are no place to return to, so the account links of a sign-in
 * page lead back where that page leads, instead of nesting one address in another without end
 * (issue 15, item 6: a crawler found 300 such addresses).
 */
const SAME = 'http://same.invalid';
const ACCOUNT_PAGES = new Set(['/login', '/signup', '/logout']);

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
  // Always shorter than the candidate, so this ends.
  const carried = parsed.searchParams.get('return_to');
  if (carried !== null) return safeReturnPath(carried, fallback);
  if (ACCOUNT_PAGES.has(parsed.pathname.replace(/\/$/, ''))) return fallback;
  const normalised = parsed.pathname + parsed.search + parsed.hash;
  return isSiteRelativePath(normalised) && new URL(normalised, SAME).origin === SAME ? normalised : fallback;
}

/** "/x" stays on the site it is resolved against; "//host" and "/\host" are protocol-relative to browsers. */
function isSiteRelativePath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}
