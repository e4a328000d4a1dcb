/** 1. Reading a story: ours, nginx on the same files, and node:http's own ceiling. */
import { join } from 'node:path';
import { expectOnly, freePort, progress, runWrk, start, wrkCommand, type WrkOptions, type WrkResult } from '../lib.ts';
import { startNginx } from '../nginx.ts';
import { fixed, type Report } from '../report.ts';
import type { ServerUnderTest } from '../server-under-test.ts';
import { DIST_DIR, RUNS, SECONDS, STORY } from '../settings.ts';
import { medianP50, medianP99, medianRps } from '../wrk-runs.ts';

export function storyReadOptions(url: string): WrkOptions {
  return { url, script: 'get.lua', threads: 2, connections: 64, seconds: SECONDS };
}

export async function measureStoryReads(report: Report, server: ServerUnderTest, workDir: string): Promise<void> {
  const { storyUrl } = server;
  const nginxPort = await freePort();
  const nginx = await startNginx(join(DIST_DIR, 'client'), nginxPort, workDir, report);
  const barePort = await freePort();
  const storyFile = join(DIST_DIR, 'client', 'articles', STORY, 'index.html');
  const bare = await start(process.execPath, ['bench/bare-node-server.ts', storyFile, String(barePort)], {
    ready: /listening/,
    timeoutMs: 10_000,
  });
  report.recordCommand(
    `bare node:http (one res.end of the same bytes): node bench/bare-node-server.ts ${storyFile} ${barePort}`,
  );
  progress('story reads', 'warming up all three servers');
  for (const url of [storyUrl, `http://127.0.0.1:${nginxPort}/articles/${STORY}/`, `http://127.0.0.1:${barePort}/`]) {
    await runWrk({ ...storyReadOptions(url), seconds: 2 });
  }
  const ours: WrkResult[] = [];
  const ceiling: WrkResult[] = [];
  const bareNode: WrkResult[] = [];
  // Interleaved, so a noisy moment hurts all three alike.
  for (let run = 1; run <= RUNS; run += 1) {
    for (const [list, url] of [
      [ours, storyUrl],
      [ceiling, `http://127.0.0.1:${nginxPort}/articles/${STORY}/`],
      [bareNode, `http://127.0.0.1:${barePort}/`],
    ] as const) {
      const result = await runWrk(storyReadOptions(url));
      expectOnly(result, 200, `story read ${url}`);
      list.push(result);
    }
    progress(
      'story reads',
      `run ${run}/${RUNS}: ours ${fixed(ours.at(-1)!.rps)}/s, nginx ${fixed(ceiling.at(-1)!.rps)}/s, bare node:http ${fixed(bareNode.at(-1)!.rps)}/s`,
    );
  }
  report.recordCommand(
    `story reads (each of the three, interleaved, ${RUNS} times): ${wrkCommand(storyReadOptions(storyUrl)).join(' ')}`,
  );
  await nginx.stop();
  await bare.stop();
  const storyRatio = medianRps(ours) / medianRps(ceiling);
  report.addRow(
    'Story read, `npm start` server (req/s; p50 / p99)',
    `${fixed(medianRps(ours))}/s; ${fixed(medianP50(ours), 2)} / ${fixed(medianP99(ours), 2)} ms`,
    '≥ 0.5 × nginx',
    `${fixed(storyRatio, 2)} × nginx`,
    storyRatio >= 0.5 ? '✅' : '❌',
  );
  report.addRow(
    'Story read, nginx on the same client/ files (ceiling)',
    `${fixed(medianRps(ceiling))}/s; ${fixed(medianP50(ceiling), 2)} / ${fixed(medianP99(ceiling), 2)} ms`,
  );
  report.addRow(
    'Story read, bare node:http writing the same bytes (Node’s own ceiling)',
    `${fixed(medianRps(bareNode))}/s; ${fixed(medianP50(bareNode), 2)} / ${fixed(medianP99(bareNode), 2)} ms`,
    '',
    `ours = ${fixed(medianRps(ours) / medianRps(bareNode), 2)} × bare`,
  );
}
