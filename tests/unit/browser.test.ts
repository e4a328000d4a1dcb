import assert from 'node:assert/strict';
import test from 'node:test';
import { summarizeUserAgent } from '../../src/server/accounts/browser.ts';

const agents: readonly (readonly [string, string])[] = [
  [
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
    'Chrome on Linux',
  ],
  ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:145.0) Gecko/20100101 Firefox/145.0', 'Firefox on Linux'],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.0.0',
    'Edge on Windows',
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15',
    'Safari on macOS',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1',
    'Safari on iOS',
  ],
  [
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36',
    'Chrome on Android',
  ],
  ['curl/8.14.1', 'curl'],
];

test('a User-Agent is summarized as a browser on a system', () => {
  for (const [agent, summary] of agents) assert.equal(summarizeUserAgent(agent), summary, agent);
});

test('a missing or unrecognized User-Agent is an unknown browser, and none of its text is kept', () => {
  assert.equal(summarizeUserAgent(null), 'Unknown browser');
  assert.equal(summarizeUserAgent('<script>alert(1)</script>'), 'Unknown browser');
  assert.equal(summarizeUserAgent('<b>Evil</b> (Windows)'), 'Unknown browser on Windows');
});
