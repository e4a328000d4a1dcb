/** Runs the Playwright CLI with a browser found by tests/support/find-browser.ts. */
import { spawnSync } from 'node:child_process';
import { findBrowser } from '../tests/support/find-browser.ts';

const browser = findBrowser((line) => console.log(line));
if (!browser.ok) {
  console.error(browser.message);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ...(browser.executablePath === undefined ? {} : { CHROMIUM_PATH: browser.executablePath }) },
});
process.exit(result.status ?? 1);
