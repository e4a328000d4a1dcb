/**
 * Headers every response of the Node server carries, pages and endpoints alike. The policy is an
 * HTTP header because a <meta> CSP cannot carry frame-ancestors
 * (https://www.w3.org/TR/CSP3/#meta-element). The site ships no inline script or style, so
 * 'self' covers everything it runs and nothing a commenter writes can execute.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The same policy for `npm run dev`, so a picture from another site is refused in preview as it
 * would be live. Only style-src differs: Vite serves a page's CSS as inline <style> in development.
 */
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "style-src 'self'",
  "style-src 'self' 'unsafe-inline'",
);

/**
 * The policy of Pagefind's web worker (/pagefind/pagefind-worker.js), where /search/ runs the
 * search index's WebAssembly: compiling it needs 'wasm-unsafe-eval' (https://www.w3.org/TR/CSP3/#wasm-eval),
 * which lets WebAssembly compile but no string run as script. A worker runs under the policy of
 * its own script's answer, so the pages, the search page included, keep the policy above.
 */
export const SEARCH_WORKER_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "script-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
);

/** The static files whose headers differ from every other answer's, by path. */
export const FILE_SECURITY_HEADERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '/pagefind/pagefind-worker.js': { 'Content-Security-Policy': SEARCH_WORKER_CONTENT_SECURITY_POLICY },
};

export function securityHeaders(secure: boolean): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    ...(secure ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
