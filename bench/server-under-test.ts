/**
 * The server every load measurement runs against: a fresh DATA_DIR seeded by bench/seed.ts, then
 * `node scripts/start.ts` as `npm start` runs it, with the abuse limits raised. It serves the
 * fixture stories and one more with comments open, LARGE_STORY, which carries a 10,000-comment
 * thread (issue 14).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  LIKES_PER_HOUR: '1000000',
};

export const LARGE_STORY = 'readers-argue-over-the-night-bus';
const LARGE_COMMENTS = 10_000;

/**
 * The fixture stories and LARGE_STORY, in a folder as deep in the project as the fixture's, so
 * that the stories' relative imports of components still resolve.
 */
function benchContent(): string {
  const contentDir = join(projectDir, '.tmp/bench/site');
  rmSync(contentDir, { recursive: true, force: true });
  cpSync(CONTENT_DIR, contentDir, { recursive: true });
  writeFileSync(
    join(contentDir, 'articles', `${LARGE_STORY}.mdx`),
    `---
title: "Readers Argue Over the Night Bus"
description: "The city's plan to cut the night bus drew more comments than any story this year."
publishedAt: 2026-10-01
authors: [ada-reporter]
section: world
tags: [transport]
comments: open
---

The city's plan to cut the night bus drew more comments than any story this year.
`,
  );
  return contentDir;
}

export interface ServerUnderTest {
  origin: string;
  storyUrl: string;
  dataDir: string;
  seeded: Seeded;
  started: Started;
}

export async function startServerUnderTest(dataDir: string, report: Report): Promise<ServerUnderTest> {
  progress(
    'seed',
    `50 accounts with a session each, 200 comments (20% replies) on the story, ${LARGE_COMMENTS} on another`,
  );
  const seedArgs = [dataDir, STORY, '50', '200', '0.2', LARGE_STORY, String(LARGE_COMMENTS)];
  const seed = spawnSync(process.execPath, ['bench/seed.ts', ...seedArgs], { cwd: projectDir, encoding: 'utf8' });
  if (seed.status !== 0) fail(`seeding failed:\n${seed.stderr}`);
  const seeded = JSON.parse(seed.stdout) as Seeded;
  report.recordCommand(`seed: node bench/seed.ts ${seedArgs.join(' ')}`);
  const contentDir = benchContent();

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const serverEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    // npm start's default origin, so the build it keeps stays current.
    SITE_URL: process.env.SITE_URL ?? 'http://127.0.0.1:4321',
    DATA_DIR: dataDir,
    CONTENT_DIR: contentDir,
    OUT_DIR: DIST_DIR,
    ...RAISED_LIMITS,
  };
  progress('server', `node scripts/start.ts on ${origin} (builds ${contentDir} into ${DIST_DIR} when stale)`);
  report.recordCommand(
    `server: ${Object.entries(RAISED_LIMITS)
      .map(([name, value]) => `${name}=${value}`)
      .join(
        ' ',
      )} HOST=127.0.0.1 PORT=${port} SITE_URL=${serverEnv.SITE_URL} DATA_DIR=${dataDir} CONTENT_DIR=${contentDir} OUT_DIR=${DIST_DIR} node scripts/start.ts`,
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
