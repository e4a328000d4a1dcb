/**
 * Issue 14: a 10,000-comment thread against the 200-comment one (its first answer's size and its
 * read rate, signed out), and likes (durable: every acknowledged like must be stored).
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { expectOnly, fail, progress, runWrk, sleep, type WrkOptions, type WrkResult } from '../lib.ts';
import { fixed, kilobytes, type Report } from '../report.ts';
import type { ServerUnderTest } from '../server-under-test.ts';
import { RUNS, SECONDS, STORY } from '../settings.ts';
import { addRateRow, measureWrk, medianP99, medianRps, recordedWrkCommand } from '../wrk-runs.ts';

const BROWSER_ENCODING = 'gzip, deflate, br, zstd';
const FIRST_ANSWER_LIMIT = 40 * 1024;

export async function measureThreadsAtScale(report: Report, server: ServerUnderTest): Promise<void> {
  const large = server.seeded.large;
  if (large === null) fail('threads at scale: the seed made no large thread');
  await measureLargeThread(report, server, large.story);
  await measureLikes(report, server, large);
}

async function measureLargeThread(report: Report, server: ServerUnderTest, story: string): Promise<void> {
  const url = (slug: string): string => `${server.origin}/api/comment-section?story=${slug}`;
  const answer = await fetch(url(story), { headers: { 'Accept-Encoding': 'identity' } });
  if (answer.status !== 200) fail(`large thread: ${answer.status}`);
  const body = Buffer.from(await answer.arrayBuffer());
  const gzip = gzipSync(body).length;
  const brotli = brotliCompressSync(body).length;
  const largest = Math.max(gzip, brotli);
  report.addRow(
    'Thread read, 10,000 comments: first answer (raw / gzip / br)',
    `${kilobytes(body.length)} / ${kilobytes(gzip)} / ${kilobytes(brotli)}`,
    '≤ 40 KB compressed',
    `${fixed(largest / FIRST_ANSWER_LIMIT, 2)} ×`,
    largest <= FIRST_ANSWER_LIMIT ? '✅' : '❌',
  );
  const read = (slug: string): WrkOptions => ({
    url: url(slug),
    script: 'get.lua',
    threads: 2,
    connections: 64,
    seconds: SECONDS,
    env: { BENCH_ACCEPT_ENCODING: BROWSER_ENCODING, BENCH_COOKIES: '' },
  });
  await runWrk({ ...read(story), seconds: 2 });
  const small = await measureWrk(report, 'thread read, 200 comments, signed out', read(STORY), 200);
  const big = await measureWrk(report, 'thread read, 10,000 comments, signed out', read(story), 200);
  const ratio = medianRps(big) / medianRps(small);
  report.addRow(
    'Thread read, 10,000 comments, signed out (req/s; p99)',
    `${fixed(medianRps(big))}/s; ${fixed(medianP99(big), 1)} ms`,
    '≥ 0.8 × the 200-comment read',
    `${fixed(ratio, 2)} × (${fixed(medianRps(small))}/s)`,
    ratio >= 0.8 ? '✅' : '❌',
  );
}

function storedLikes(database: DatabaseSync): number {
  return Number((database.prepare('SELECT COUNT(*) AS count FROM likes').get() as { count: number }).count);
}

async function measureLikes(
  report: Report,
  server: ServerUnderTest,
  large: { firstId: number; count: number },
): Promise<void> {
  const database = new DatabaseSync(join(server.dataDir, 'newsroom.sqlite'), { readOnly: true });
  const like: WrkOptions = {
    url: server.origin,
    script: 'like.lua',
    threads: 2,
    connections: 50,
    seconds: SECONDS,
    env: {
      BENCH_COOKIES: server.seeded.tokens.join(','),
      BENCH_FIRST_ID: String(large.firstId),
      BENCH_COUNT: String(large.count),
      BENCH_ORIGIN: server.origin,
    },
  };
  report.recordCommand(`likes: ${recordedWrkCommand(like)}`);
  const runs: WrkResult[] = [];
  let acknowledged = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const before = storedLikes(database);
    const result = await runWrk({ ...like, env: { ...like.env, BENCH_NONCE: String(run) } });
    expectOnly(result, 200, 'likes');
    await sleep(500);
    const added = storedLikes(database) - before;
    const acked = result.statuses['200'] ?? 0;
    // Requests in flight when wrk stops are stored but never answered: at most one per connection.
    if (added < acked) fail(`likes: ${acked} acknowledged but only ${added} stored`);
    if (added - acked > like.connections) fail(`likes: ${added} stored for ${acked} acknowledged`);
    acknowledged += acked;
    runs.push(result);
    progress('likes', `run ${run + 1}/${RUNS}: ${fixed(result.rps)}/s; ${acked} acknowledged, all stored`);
  }
  database.close();
  addRateRow(report, 'Likes, 50 accounts (req/s; p99)', runs, 1000);
  report.addRow('Acknowledged likes missing from the database', `0 of ${fixed(acknowledged)}`, '0', '', '✅');
}
