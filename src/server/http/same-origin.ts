/**
 * Cross-site request forgery defence for every state-changing request: the browser's own
 * Fetch Metadata says where the request came from (https://w3c.github.io/webappsec-fetch-metadata/);
 * where a client sends none, the Origin header must name this site. A request with neither
 * proves nothing and is refused. Astro's checkOrigin stays on underneath as a second lock.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** `allowedOrigins`: the public SITE_URL origin and the origin the request was addressed to. */
export function isSameOriginRequest(headers: Headers, allowedOrigins: readonly string[]): boolean {
  const fetchSite = headers.get('sec-fetch-site');
  const origin = headers.get('origin');
  if (fetchSite !== null && fetchSite !== 'same-origin') return false;
  if (origin !== null) return allowedOrigins.includes(origin);
  return fetchSite === 'same-origin';
}
