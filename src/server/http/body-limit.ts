/**
 * The largest request body the server reads. The Node server answers 413 from Content-Length
 * before any parsing, and Astro's adapter (astro.config.mjs) stops a chunked body at the same size.
 */
export const MAX_BODY_BYTES = 64 * 1024;
