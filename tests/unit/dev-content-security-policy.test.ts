import { test } from 'node:test';
import assert from 'node:assert/strict';
import config from '../../astro.config.mjs';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from '../../src/server/http/security-headers.ts';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

test('npm run dev sends the production Content-Security-Policy, so a picture from another site fails in preview too', () => {
  const headers = (config.server as { headers?: Record<string, string> } | undefined)?.headers;
  assert.equal(headers?.['Content-Security-Policy'], DEV_CONTENT_SECURITY_POLICY);
  const live = directives(CONTENT_SECURITY_POLICY);
  const dev = directives(DEV_CONTENT_SECURITY_POLICY);
  assert.equal(dev.get('img-src'), "'self' data:");
  for (const [name, value] of live) {
    if (name !== 'style-src') assert.equal(dev.get(name), value, name);
  }
  assert.equal(dev.get('style-src'), "'self' 'unsafe-inline'", "Vite's development CSS is inline");
});
