/**
 * Finds a Chromium for the browser tests: Debian's /usr/bin/chromium when present, otherwise
 * Playwright's own (downloaded when missing), otherwise Debian's package installed with apt when
 * running as root on Debian. Returns null with a message when none of the three works.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export type BrowserSearch = { ok: true; executablePath: string | undefined } | { ok: false; message: string };

function playwrightChromium(): string | null {
  const path = chromium.executablePath();
  return existsSync(path) ? path : null;
}

export function findBrowser(log: (line: string) => void): BrowserSearch {
  if (existsSync(DEBIAN_CHROMIUM)) return { ok: true, executablePath: DEBIAN_CHROMIUM };
  if (playwrightChromium() !== null) return { ok: true, executablePath: undefined };

  log('No Chromium found: trying "playwright install chromium"...');
  spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'install', 'chromium'], { stdio: 'inherit' });
  if (playwrightChromium() !== null) return { ok: true, executablePath: undefined };

  const isRootOnDebian = process.getuid?.() === 0 && existsSync('/etc/debian_version');
  if (isRootOnDebian) {
    log("Playwright could not download its browser: installing Debian's chromium with apt-get...");
    spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], {
      stdio: 'inherit',
    });
    if (existsSync(DEBIAN_CHROMIUM)) return { ok: true, executablePath: DEBIAN_CHROMIUM };
  }
  return {
    ok: false,
    message:
      'No browser for the tests: install Chromium ("sudo apt-get install chromium" on Debian) or run "npx playwright install chromium".',
  };
}
