/**
 * The session cookie policy, for any cookie jar that takes (name, value, options), such as
 * Astro's `cookies`. HttpOnly, SameSite=Lax, Path=/ and an expiry, as the Lucia guide asks:
 * https://lucia-auth.com/sessions/cookies/astro
 * Over HTTPS the cookie is Secure and takes the `__Host-` prefix, so neither a subdomain nor a
 * plain-HTTP page can set or shadow it:
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Set-Cookie#cookie_prefixes
 */

interface CookieAttributes {
  httpOnly: true;
  sameSite: 'lax';
  path: '/';
  secure: boolean;
}

export interface SessionCookieOptions extends CookieAttributes {
  expires: Date;
}

export interface BlankSessionCookieOptions extends CookieAttributes {
  maxAge: 0;
}

export interface CookieJar {
  set(name: string, value: string, options: SessionCookieOptions | BlankSessionCookieOptions): void;
}

export function sessionCookieName(secure: boolean): 'session' | '__Host-session' {
  return secure ? '__Host-session' : 'session';
}

/** `expiresAt` is the session's own, in Unix seconds. */
export function sessionCookieOptions(secure: boolean, expiresAt: number): SessionCookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure, expires: new Date(expiresAt * 1000) };
}

/** Options that, with an empty value, make the browser drop the cookie. */
export function blankSessionCookieOptions(secure: boolean): BlankSessionCookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: 0 };
}

export function setSessionTokenCookie(cookies: CookieJar, secure: boolean, token: string, expiresAt: number): void {
  cookies.set(sessionCookieName(secure), token, sessionCookieOptions(secure, expiresAt));
}

export function deleteSessionTokenCookie(cookies: CookieJar, secure: boolean): void {
  cookies.set(sessionCookieName(secure), '', blankSessionCookieOptions(secure));
}
