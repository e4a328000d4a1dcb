/**
 * Comment counts for a page of 20 stories, as site.js asks for them: one request,
 * `/api/comment-counts?stories=…`. The fixture site has too few stories, so this builds 20
 * generated ones (bench/stories.ts) with 10 comments each and runs its own server on them.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { signUp } from '../../src/server/accounts/user.ts';
import { postComment } from '../../src/server/comments/store.ts';
import { openDatabase } from '../../src/server/db/open.ts';
import { fail, freePort, progress, projectDir, runWrk, start, waitForHttp } from '../lib.ts';
import type { Report } from '../report.ts';
import { SECONDS } from '../settings.ts';
import { generateStories } from '../stories.ts';
import { addRateRow, measureWrk } from '../wrk-runs.ts';

const STORIES = 20;
const COMMENTS_PER_STORY = 10;
// Inside the project, because a build outside it cannot resolve `node_modules`.
const OUT_DIR = join('.tmp', 'bench-counts-dist');

export async function measureCommentCounts(report: Report, workDir: string): Promise<void> {
  const contentDir = join(workDir, 'counts-stories');
  const dataDir = join(workDir, 'counts-data');
  generateStories(contentDir, STORIES);
  const slugs = Array.from({ length: STORIES }, (_, index) => `benchmark-story-${String(index + 1).padStart(4, '0')}`);
  await seedComments(dataDir, slugs);

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    CONTENT_DIR: contentDir,
    OUT_DIR,
  };
  progress('counts', `node scripts/start.ts on ${origin}, ${STORIES} generated stories built into ${OUT_DIR}`);
  report.recordCommand(
    `counts server: HOST=127.0.0.1 PORT=${port} DATA_DIR=${dataDir} CONTENT_DIR=${contentDir} OUT_DIR=${OUT_DIR} node scripts/start.ts`,
  );
  const server = await start(process.execPath, ['scripts/start.ts'], {
    env,
    ready: /is running at/,
    timeoutMs: 600_000,
  });
  try {
    const url = `${origin}/api/comment-counts?stories=${slugs.join(',')}`;
    await waitForHttp(url, 10_000);
    const answer = (await (await fetch(url)).json()) as { counts?: Record<string, number> };
    const counts = Object.values(answer.counts ?? {});
    if (counts.length !== STORIES || counts.some((count) => count !== COMMENTS_PER_STORY)) {
      fail(`comment counts answered ${JSON.stringify(answer)}`);
    }
    const options = { url, script: 'get.lua', threads: 2, connections: 64, seconds: SECONDS };
    await runWrk({ ...options, seconds: 2 });
    const runs = await measureWrk(report, 'comment counts, 20 stories', options, 200);
    addRateRow(report, 'Comment counts, 20 stories a request (req/s; p99)', runs, 5000);
  } finally {
    await server.stop();
    rmSync(join(projectDir, OUT_DIR), { recursive: true, force: true });
  }
}

async function seedComments(dataDir: string, slugs: readonly string[]): Promise<void> {
  const db = await openDatabase({ dataDir });
  const now = Math.floor(Date.now() / 1000);
  const reader = await signUp(db, { username: 'counts_reader', password: 'bench-password-7f3kq9' }, now - 3600);
  if (!reader.ok) fail(`signUp: ${reader.message}`);
  for (const storySlug of slugs) {
    for (let index = 0; index < COMMENTS_PER_STORY; index += 1) {
      const body = `Comment ${index + 1} on ${storySlug}.`;
      const posted = await postComment(db, { storySlug, parentId: null, authorId: reader.user.id, body }, now - 600);
      if (!posted.ok) fail(`postComment: ${posted.reason}`);
    }
  }
  await db.close();
}
