/**
 * Issue 14's measurements on their own, for a quick look without the whole of `npm run bench`:
 * thread reads signed out and in, the 10,000-comment thread, likes, and the server's memory.
 * Prints the rows; writes nothing. BENCH_SECONDS=1 makes it a smoke test.
 *
 *   node bench/threads-at-scale.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopAll } from './lib.ts';
import { measureIdleMemory, measureMemoryAfterRuns } from './measure/memory.ts';
import { measureThreadReads } from './measure/thread-reads.ts';
import { measureThreadsAtScale } from './measure/threads-at-scale.ts';
import { Report } from './report.ts';
import { startServerUnderTest } from './server-under-test.ts';
import { ensureTools } from './tools.ts';

ensureTools();
const work = mkdtempSync(join(tmpdir(), 'newsroom-threads-'));
const report = new Report();
try {
  const server = await startServerUnderTest(join(work, 'data'), report);
  const idleMiB = await measureIdleMemory(server.started.child.pid!);
  await measureThreadReads(report, server);
  await measureThreadsAtScale(report, server);
  measureMemoryAfterRuns(report, server.started.child.pid!, idleMiB);
  await server.started.stop();
} finally {
  await stopAll();
  rmSync(work, { recursive: true, force: true });
}
for (const row of report.rows)
  console.log(`| ${row.what} | ${row.figure} | ${row.target} | ${row.ratio} | ${row.verdict} |`);
for (const command of report.commands) console.log(command);
