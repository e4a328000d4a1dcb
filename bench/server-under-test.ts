/**
 * The server every load measurement runs against: a fresh DATA_DIR seeded by bench/seed.ts, then
 * `node scripts/start.ts` as `npm start` runs it, with the abuse limits raised.
 */
import { spawnSync } from 'node:child_process';
import { fail, freePort, progress, projectDir, start, waitForHttp, type Started } from './lib.ts';
import type { Report } from './report.ts';
import type { Seeded } from './seed.ts';
import { CONTENT_DIR, DIST_DIR, STORY } from './settings.ts';

// Raised, not switched off, so each request still does the limit's database work.
const RAISED_LIMITS = {
  COMMENT_INTERVAL_SECONDS: '0',
  SIGN_IN_ATTEMPTS: '1000000',
  SIGN_IN_REFILL_SECONDS: '1',
  SIGN_IN_FAILURES_PER_IP: '1000000',
  SIGN_UP_BURST: '1000000',
};

export interface ServerUnderTest {
  origin: string;
  storyUrl: string;
  dataDir: string;
  seeded: Seeded;
  started: Started;
}

export async function startServerUnderTest(dataDir: string, report: Report): Promise<ServerUnderTest> {
  progress('seed', '50 accounts with a session each, 200 comments (20% replies) on the story');
  const seed = spawnSync(process.execPath, ['bench/seed.ts', dataDir, STORY, '50', '200', '0.2'], {
    cwd: projectDir,
    encoding: 'utf8',
  });
  if (seed.status !== 0) fail(`seeding failed:\n${seed.stderr}`);
  const seeded = JSON.parse(seed.stdout) as Seeded;
  report.recordCommand(`seed: node bench/seed.ts ${dataDir} ${STORY} 50 200 0.2`);

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const serverEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    // npm start's default origin, so the build it keeps stays current.
    SITE_URL: process.env.SITE_URL ?? 'http://127.0.0.1:4321',
    DATA_DIR: dataDir,
    CONTENT_DIR,
    OUT_DIR: DIST_DIR,
    ...RAISED_LIMITS,
  };
  progress('server', `node scripts/start.ts on ${origin} (builds ${CONTENT_DIR} into ${DIST_DIR} when stale)`);
  report.recordCommand(
    `server: ${Object.entries(RAISED_LIMITS)
      .map(([name, value]) => `${name}=${value}`)
      .join(
        ' ',
      )} HOST=127.0.0.1 PORT=${port} SITE_URL=${serverEnv.SITE_URL} DATA_DIR=${dataDir} CONTENT_DIR=${CONTENT_DIR} OUT_DIR=${DIST_DIR} node scripts/start.ts`,
  );
  const started = await start(process.execPath, ['scripts/start.ts'], {
    env: serverEnv,
    ready: /is running at/,
    timeoutMs: 600_000,
  });
  const storyUrl = `${origin}/articles/${STORY}/`;
  await waitForHttp(storyUrl, 10_000);
  return { origin, storyUrl, dataDir, seeded, started };
}
