/**
 * `npm run test:hardening` (issue 7): builds the site once, then runs each part of
 * tests/hardening in its own process, so one part's servers and memory never touch another's.
 * Each part prints its figures as "PASS ...", "FAIL ..." or "SKIP ..." (a check the machine could
 * not run) lines; this prints them again at the end and fails when any part did, or, under CI
 * (CI=true), when a check was skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { findBrowser } from '../tests/support/find-browser.ts';
import { isFigure, tallyFigures } from '../tests/support/hardening-tally.ts';

const projectDir = resolve(import.meta.dirname, '..');
const parts = [
  'xss',
  'forgery',
  'sessions',
  'bad-input',
  'crash',
  'overload',
  'faults',
  'abuse',
  'perimeter',
  'tls',
  'accounts',
];
const only = process.argv.slice(2);

const browser = findBrowser((line) => console.log(line));
if (!browser.ok) {
  console.error(browser.message);
  process.exit(1);
}
const env = {
  ...process.env,
  ...(browser.executablePath === undefined ? {} : { CHROMIUM_PATH: browser.executablePath }),
};

console.log('== Building the site for the hardening suite');
const build = spawnSync(process.execPath, ['-e', "import('./tests/hardening/harness.ts').then((h) => h.buildSite())"], {
  cwd: projectDir,
  env,
  encoding: 'utf8',
});
if (build.status !== 0) {
  console.log(build.stdout, build.stderr);
  process.exit(1);
}

const figures: string[] = [];
const failed: string[] = [];
const startedAt = Date.now();
for (const part of parts.filter((name) => only.length === 0 || only.includes(name))) {
  console.log(`\n== ${part}`);
  const partStartedAt = Date.now();
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, [`tests/hardening/${part}.ts`], {
      cwd: projectDir,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      figures.push(...lines.filter(isFigure));
    });
    child.on('close', done);
  });
  console.log(`   (${part}: ${Math.round((Date.now() - partStartedAt) / 1000)} s)`);
  if (code !== 0) failed.push(part);
}

console.log(`\n== Hardening figures (${Math.round((Date.now() - startedAt) / 1000)} s)`);
for (const line of figures) console.log(line);
if (failed.length > 0) console.log(`\nFailed: ${failed.join(', ')}.`);
const ci = process.env.CI === 'true';
const tally = tallyFigures(figures, failed, ci);
console.log(`\n${tally.summary}`);
if (ci && figures.some((line) => line.startsWith('SKIP '))) console.log('Under CI every check must run: a skip fails.');
process.exit(tally.ok ? 0 : 1);
