/**
 * `npm run bench`: measures the product against its targets (issue 6) on this machine and writes
 * bench/RESULTS.md. Everything runs on 127.0.0.1; every measurement runs 3 times and reports the
 * median. BENCH_SECONDS (default 5) sets each load run's length; BENCH_BUILD_SIZES (default
 * "100,1000") the generated story counts. Not part of `npm test`. Each measurement is a module in
 * bench/measure/, numbered as in issue 6.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandOutput, progress, stopAll } from './lib.ts';
import { measureBuild, removeBuildOutput } from './measure/build.ts';
import { measureCommentCounts } from './measure/comment-counts.ts';
import { measureCommentPosts } from './measure/comment-posts.ts';
import { measureFirstVisit } from './measure/first-visit.ts';
import { measureHeroWeight } from './measure/hero-weight.ts';
import { measureLighthouse } from './measure/lighthouse.ts';
import { measureIdleMemory, measureMemoryAfterRuns } from './measure/memory.ts';
import { measurePageWeight } from './measure/page-weight.ts';
import { measureSignIns } from './measure/sign-ins.ts';
import { measureStoryReads } from './measure/story-reads.ts';
import { measureThreadReads } from './measure/thread-reads.ts';
import { measureOutbox } from './outbox.ts';
import { measureThreadsAtScale } from './measure/threads-at-scale.ts';
import { Report } from './report.ts';
import { writeResults } from './results-file.ts';
import { describeRun } from './run-description.ts';
import { startServerUnderTest } from './server-under-test.ts';
import { BUILD_SIZES } from './settings.ts';
import { ensureTools } from './tools.ts';

async function main(): Promise<void> {
  ensureTools();
  const work = mkdtempSync(join(tmpdir(), 'newsroom-bench-'));
  const run = describeRun();
  progress('setup', `work folder ${work}; ${run.machine.cpu}; load ${commandOutput('cat', ['/proc/loadavg'])}`);
  const report = new Report();

  try {
    const server = await startServerUnderTest(join(work, 'data'), report);
    const serverPid = server.started.child.pid!;
    const idleMiB = await measureIdleMemory(serverPid);
    await measureStoryReads(report, server, work);
    await measureThreadReads(report, server);
    // Weight with the 200-comment thread the page loads, before the posts below add thousands.
    measurePageWeight(report);
    measureFirstVisit(report, server.storyUrl);
    // Issue 15 names a story with a hero and the front page, whose lead has its picture.
    measureLighthouse(
      report,
      [
        { name: 'story page', url: server.storyUrl, mustContain: 'class="story-hero"' },
        { name: 'front page', url: `${server.origin}/`, mustContain: 'class="lead-story has-image"' },
      ],
      work,
    );
    await measureSignIns(report, server);
    await measureCommentPosts(report, server);
    await measureThreadsAtScale(report, server);
    measureMemoryAfterRuns(report, serverPid, idleMiB);
    await measureOutbox(report, server);
    await server.started.stop();
    await measureCommentCounts(report, work);
    // With nothing else of ours running.
    await measureHeroWeight(report, work);
    for (const size of BUILD_SIZES) await measureBuild(report, size, work);
  } finally {
    await stopAll();
    rmSync(work, { recursive: true, force: true });
    removeBuildOutput();
  }

  writeResults(report, run);
  progress('done', `wrote bench/RESULTS.md`);
}

process.once('SIGINT', () => {
  void stopAll().then(() => process.exit(130));
});
await main().catch(async (error: unknown) => {
  await stopAll();
  console.error(error);
  process.exit(1);
});
