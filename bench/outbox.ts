/**
 * Issue 13.7: the outbox beside comment posts. Every seeded account gets a verified address and
 * reply emails on; wrk then posts replies as the 50 accounts, each to another account's comment,
 * so each reply's transaction queues an email (a new outbox row, or its reply merged into the
 * one already waiting for that reader and story). Reported: reply posts per second with their
 * p99, the reply emails queued per second (one per acknowledged reply), the outbox rows they
 * made, and how long the server's background sender took to send them all (as `.eml` files).
 *
 * Run on its own, with its own server, for a quick look: BENCH_SECONDS=2 node bench/outbox.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expectOnly, fail, median, progress, runWrk, sleep, stopAll, type WrkResult } from './lib.ts';
import { commentPostsWrk } from './measure/comment-posts.ts';
import { fixed, Report } from './report.ts';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test.ts';
import { RUNS } from './settings.ts';
import { medianP99, medianRps, recordedWrkCommand } from './wrk-runs.ts';

const DRAIN_TIMEOUT_MS = 60_000;

function count(database: DatabaseSync, sql: string): number {
  return Number((database.prepare(sql).get() as { n: number | bigint }).n);
}

export async function measureOutbox(report: Report, server: ServerUnderTest): Promise<void> {
  const { seeded } = server;
  const database = new DatabaseSync(join(server.dataDir, 'newsroom.sqlite'));
  database.exec('PRAGMA busy_timeout = 5000');
  database
    .prepare(`UPDATE users SET email = username || '@bench.example', email_verified_at = 1, notify_replies = 1`)
    .run();
  const parents = seeded.commentIds.slice(0, seeded.tokens.length);
  const post = commentPostsWrk(server, { BENCH_PARENTS: parents.join(',') });
  report.recordCommand(`outbox, reply posts: ${recordedWrkCommand(post)}`);
  const runs: WrkResult[] = [];
  const queuedPerSecond: number[] = [];
  const rowsMade: number[] = [];
  const drainSeconds: number[] = [];
  const held: number[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const rowsBefore = count(database, 'SELECT COUNT(*) AS n FROM mail_outbox');
    const result = await runWrk({ ...post, env: { ...post.env, BENCH_NONCE: `${Date.now()}-${run}` } });
    expectOnly(result, 201, 'outbox reply posts');
    const acknowledged = result.statuses['201'] ?? 0;
    const drainStart = Date.now();
    // Messages held back by the 10-minute spacing of a reader's earlier one are not due yet.
    const due = `SELECT COUNT(*) AS n FROM mail_outbox
      WHERE sent_at IS NULL AND failed_at IS NULL AND send_after <= unixepoch()`;
    while (count(database, due) > 0) {
      if (Date.now() - drainStart > DRAIN_TIMEOUT_MS) fail('outbox: the sender did not empty the outbox in a minute');
      await sleep(200);
    }
    const failed = count(database, 'SELECT COUNT(*) AS n FROM mail_outbox WHERE failed_at IS NOT NULL');
    if (failed > 0) fail(`outbox: ${failed} messages failed`);
    runs.push(result);
    queuedPerSecond.push(acknowledged / result.seconds);
    rowsMade.push(count(database, 'SELECT COUNT(*) AS n FROM mail_outbox') - rowsBefore);
    held.push(count(database, 'SELECT COUNT(*) AS n FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL'));
    drainSeconds.push((Date.now() - drainStart) / 1000);
    progress(
      'outbox',
      `run ${run}/${RUNS}: ${fixed(result.rps)} replies/s, p99 ${fixed(result.p99Ms, 1)} ms; ` +
        `${acknowledged} reply emails queued in ${rowsMade.at(-1)} messages; every due one sent ` +
        `${fixed(drainSeconds.at(-1) ?? 0, 1)} s after, ${held.at(-1)} held by the 10-minute spacing`,
    );
  }
  database.close();
  report.addRow(
    'Reply posts that each queue a reply email, 50 accounts (req/s; p99)',
    `${fixed(medianRps(runs))}/s; ${fixed(medianP99(runs), 1)} ms`,
  );
  report.addRow('Reply emails queued in the posts’ transactions (per second)', `${fixed(median(queuedPerSecond))}/s`);
  report.addRow(
    'Outbox messages those replies made (median); longest wait after a run for every due one to be sent',
    `${fixed(median(rowsMade))}; ${fixed(Math.max(...drainSeconds), 1)} s`,
  );
  report.addNote(
    'Outbox: replies to one reader on one story wait in one message (at most one per 10 minutes), so 50 readers ' +
      'make about 50 messages a run however many replies they get; after the first run those wait for their ' +
      '10 minutes. The sender writes them as .eml files (no SMTP_URL).',
  );
}

if (import.meta.main) {
  const work = mkdtempSync(join(tmpdir(), 'newsroom-bench-outbox-'));
  try {
    const report = new Report();
    const server = await startServerUnderTest(join(work, 'data'), report);
    await measureOutbox(report, server);
    await server.started.stop();
    for (const row of report.rows) console.log(`${row.what}: ${row.figure}`);
  } finally {
    await stopAll();
    rmSync(work, { recursive: true, force: true });
  }
}
