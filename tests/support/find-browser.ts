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
    if (installDebianChromium(runAptGet, sleep, log) && existsSync(DEBIAN_CHROMIUM)) {
      return { ok: true, executablePath: DEBIAN_CHROMIUM };
    }
  }
  return {
    ok: false,
    message:
      'No browser for the tests: install Chromium ("sudo apt-get install chromium" on Debian) or run "npx playwright install chromium".',
  };
}

export interface AptGetRun {
  status: number | null;
  stderr: string;
}

const LOCK_WAIT_SECONDS = 300;
const UPDATE_RETRY_MS = 5000;

/**
 * `apt-get update`, then `apt-get install chromium`, each waiting up to five minutes for another
 * package manager (unattended upgrades, a second test run) to let go of its lock: install through
 * DPkg::Lock::Timeout (apt.conf(5)); update, whose lists lock ignores that setting (apt 2.6), by
 * trying again every few seconds. False when either failed.
 */
export function installDebianChromium(
  aptGet: (args: string[]) => AptGetRun,
  wait: (ms: number) => void,
  log: (line: string) => void,
): boolean {
  for (let waited = 0; ; waited += UPDATE_RETRY_MS) {
    const update = aptGet(['update', '-qq']);
    if (update.status === 0) break;
    if (!/Could not get lock/.test(update.stderr) || waited >= LOCK_WAIT_SECONDS * 1000) return false;
    if (waited === 0) log('Another package manager holds the apt lock: waiting for it (up to five minutes)...');
    wait(UPDATE_RETRY_MS);
  }
  return aptGet(['-o', `DPkg::Lock::Timeout=${LOCK_WAIT_SECONDS}`, 'install', '-y', '-qq', 'chromium']).status === 0;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function runAptGet(args: string[]): AptGetRun {
  const run = spawnSync('apt-get', args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  process.stderr.write(run.stderr ?? '');
  return { status: run.status, stderr: run.stderr ?? '' };
}
