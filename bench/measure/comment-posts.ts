/** 3. Posting comments: 50 accounts, durable writes; every acknowledged comment must be stored. */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expectOnly, fail, progress, runWrk, sleep, type WrkOptions, type WrkResult } from '../lib.ts';
import { fixed, type Report } from '../report.ts';
import type { ServerUnderTest } from '../server-under-test.ts';
import { RUNS, SECONDS, STORY } from '../settings.ts';
import { addRateRow, recordedWrkCommand } from '../wrk-runs.ts';

function storedIds(database: DatabaseSync): number[] {
  return (database.prepare('SELECT id FROM comments').all() as { id: number }[]).map((record) => Number(record.id));
}

/** wrk posting comments on the bench story as the seeded accounts, 50 connections; `env` adds to its own. */
export function commentPostsWrk(server: ServerUnderTest, env: Record<string, string> = {}): WrkOptions {
  return {
    url: server.origin,
    script: 'post-comments.lua',
    threads: 2,
    connections: 50,
    seconds: SECONDS,
    env: { BENCH_COOKIES: server.seeded.tokens.join(','), BENCH_STORY: STORY, BENCH_ORIGIN: server.origin, ...env },
  };
}

export async function measureCommentPosts(report: Report, server: ServerUnderTest): Promise<void> {
  const database = new DatabaseSync(join(server.dataDir, 'newsroom.sqlite'), { readOnly: true });
  const synchronous = database.prepare('PRAGMA synchronous').get() as { synchronous: number };
  const post = commentPostsWrk(server);
  report.recordCommand(`comment posts: ${recordedWrkCommand(post)}`);
  const posts: WrkResult[] = [];
  let acknowledged = 0;
  let unacknowledged = 0;
  for (let run = 1; run <= RUNS; run += 1) {
    const before = new Set(storedIds(database));
    const result = await runWrk({ ...post, env: { ...post.env, BENCH_NONCE: `${Date.now()}-${run}` } });
    expectOnly(result, 201, 'comment posts');
    await sleep(500);
    const added = storedIds(database).filter((id) => !before.has(id));
    const stored = new Set(added);
    const missing = result.ids.filter((id) => !stored.has(id));
    const acked = result.statuses['201'] ?? 0;
    if (result.ids.length !== acked)
      fail(`comment posts: ${acked} answers were 201 but ${result.ids.length} carried an id`);
    if (missing.length > 0) {
      fail(
        `comment posts: ${missing.length} acknowledged comments are not in the database (ids ${missing.slice(0, 10).join(', ')}…)`,
      );
    }
    // wrk closes its connections when time is up: requests then in flight are stored, never answered.
    const extra = added.length - acked;
    if (extra < 0 || extra > post.connections) fail(`comment posts: ${added.length} stored for ${acked} acknowledged`);
    acknowledged += acked;
    unacknowledged += extra;
    posts.push(result);
    progress(
      'comment posts',
      `run ${run}/${RUNS}: ${fixed(result.rps)}/s, p99 ${fixed(result.p99Ms, 1)} ms; ${acked} acknowledged, all stored`,
    );
  }
  database.close();
  addRateRow(
    report,
    `Comment posts, 50 accounts, synchronous=${synchronous.synchronous === 2 ? 'FULL' : synchronous.synchronous} (req/s; p99)`,
    posts,
    1000,
  );
  report.addRow('Acknowledged comments missing from the database', `0 of ${fixed(acknowledged)}`, '0', '', '✅');
  report.addNote(
    `Posting: ${unacknowledged} comments were stored but never acknowledged: the requests in flight when wrk closed its ` +
      `connections at the end of each run (at most one per connection).`,
  );
}
