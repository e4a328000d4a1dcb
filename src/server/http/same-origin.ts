/**
 * Cross-site request forgery defence for every state-changing request: the browser's own
 * Fetch Metadata says where the request came from (https://w3c.github.io/webappsec-fetch-metadata/);
 * where a client sends none, the Origin header must name this site. A request with neither
 * proves nothing and is refused. This is the only origin check: Astro's checkOrigin is off
 * (astro.config.mjs), because it compares with the plain-HTTP socket's URL and refused every
 * form behind a TLS proxy (issue 11, item 1).
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** `allowedOrigins`: ServerConfig.allowedOrigins, from SITE_URL and the server's own address, never from the request. */
export function isSameOriginRequest(headers: Headers, allowedOrigins: readonly string[]): boolean {
  const fetchSite = headers.get('sec-fetch-site');
  const origin = headers.get('origin');
  if (fetchSite !== null && fetchSite !== 'same-origin') return false;
  // `null` names no origin: a page of ours with Referrer-Policy: no-referrer sends it, so there
  // the browser's Sec-Fetch-Site alone decides, as when no Origin came.
  if (origin !== null && origin !== 'null') return allowedOrigins.includes(origin);
  return fetchSite === 'same-origin';
}
