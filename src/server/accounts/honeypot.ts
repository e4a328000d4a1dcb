/** A field people never see (hidden by CSS, skipped by keyboard and screen readers) that naive bots fill in. */
export const HONEYPOT_FIELD = 'website';
