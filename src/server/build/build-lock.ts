/**
 * One `astro build` at a time in a checkout: every build writes the same .astro/ folder and
 * content cache whatever its CONTENT_DIR and OUT_DIR, so two at once (test files run in
 * parallel) could bundle each other's stories. A lock folder holds the builder's process id; a
 * lock whose process is gone is taken over.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const WAIT_MS = 10 * 60_000;
const POLL_MS = 200;

export function withBuildLock<T>(projectDir: string, work: () => T): T {
  const lock = join(projectDir, '.tmp', 'build.lock');
  mkdirSync(join(projectDir, '.tmp'), { recursive: true });
  const deadline = Date.now() + WAIT_MS;
  while (!tryLock(lock)) {
    if (holderIsGone(lock)) {
      rmSync(lock, { recursive: true, force: true });
    } else if (Date.now() > deadline) {
      throw new Error(`Another build has held ${lock} for ${WAIT_MS / 60_000} minutes.`);
    } else {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, POLL_MS);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  return true;
}

function holderIsGone(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    // No process id yet: being written, or its writer died in between.
    try {
      return Date.now() - statSync(lock).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
