import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAstroBuild } from '../../src/server/build/astro-build.ts';

const projectDir = resolve(import.meta.dirname, '../..');
const siteOrigin = 'http://127.0.0.1:4321';
const target = {
  projectDir,
  distDir: join(projectDir, '.tmp/start-up-dist'),
  siteOrigin,
  contentDir: join(projectDir, 'tests/fixtures/gfm-site'),
};

interface StartedUp {
  /** Everything it printed. */
  output: string;
  /** Its command line and environment as it listened, from /proc, by the id it was started with. */
  running: string;
}

/** Runs `npm start` (scripts/start.ts) until it says where it listens. */
function startUp(env: Record<string, string>): Promise<StartedUp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'start-up-'));
  const child = spawn(process.execPath, [join(projectDir, 'scripts/start.ts')], {
    cwd: projectDir,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      SITE_URL: siteOrigin,
      DATA_DIR: dataDir,
      OUT_DIR: target.distDir,
      CONTENT_DIR: target.contentDir,
      ...env,
    },
  });
  let output = '';
  let running = '';
  return new Promise((done, fail) => {
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/is running at/.test(output) && running === '') {
        const proc = (file: string): string => readFileSync(`/proc/${child.pid}/${file}`, 'utf8').replaceAll('\0', ' ');
        running = `${proc('cmdline')}\n${proc('environ')}`;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('error', fail);
    child.on('close', () => {
      rmSync(dataDir, { recursive: true, force: true });
      done({ output, running });
    });
  });
}

function count(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
}

test('npm start after npm run build serves that build and says once what is switched on', async () => {
  rmSync(target.distDir, { recursive: true, force: true });
  const build = runAstroBuild(target, 'capture');
  assert.ok(build.ok, build.output);

  const { output: premoderated, running } = await startUp({ PREMODERATION: 'first' });
  assert.match(premoderated, /is running at http:\/\/127\.0\.0\.1:\d+/);
  // Only "no build yet" is wrong here: an edit to src/ by someone else meanwhile rightly rebuilds.
  assert.doesNotMatch(premoderated, /Building the site \(no build yet\)/, 'npm start did not see the build');
  assert.equal(count(premoderated, /Premoderation is on \(PREMODERATION=first\): a new account's first comment/), 1);

  // The process it started is still the one listening, with its memory settings (issue 14).
  assert.match(running, /--max-semi-space-size=16 /);
  assert.match(running, /--max-old-space-size=1536 /);
  assert.match(running, /--expose-gc /);
  assert.match(running, /(^| )MALLOC_MMAP_THRESHOLD_=1048576 /);

  const { output: open } = await startUp({ RATE_LIMITS: 'off' });
  assert.doesNotMatch(open, /Premoderation/);
  assert.equal(count(open, /RATE_LIMITS=off/), 1);
  rmSync(target.distDir, { recursive: true, force: true });
});
