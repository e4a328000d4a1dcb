/** 2. Reading a thread of 200 comments, as the browser fetches it, signed out and signed in. */
import { runWrk, type WrkOptions } from '../lib.ts';
import { fixed, type Report } from '../report.ts';
import type { ServerUnderTest } from '../server-under-test.ts';
import { SECONDS, STORY } from '../settings.ts';
import { measureWrk, medianP50, medianP99, medianRps } from '../wrk-runs.ts';

const BROWSER_ENCODING = 'gzip, deflate, br, zstd';

export async function measureThreadReads(report: Report, server: ServerUnderTest): Promise<void> {
  const thread = (cookies: string): WrkOptions => ({
    url: `${server.origin}/api/comment-section?story=${STORY}`,
    script: 'get.lua',
    threads: 2,
    connections: 64,
    seconds: SECONDS,
    env: { BENCH_ACCEPT_ENCODING: BROWSER_ENCODING, BENCH_COOKIES: cookies },
  });
  await runWrk({ ...thread(''), seconds: 2 });
  const signedOut = await measureWrk(report, 'thread read, signed out', thread(''), 200);
  report.addRow(
    'Thread read, 200 comments, signed out (req/s)',
    `${fixed(medianRps(signedOut))}/s`,
    '≥ 5,000/s',
    `${fixed(medianRps(signedOut) / 5000, 2)} ×`,
    medianRps(signedOut) >= 5000 ? '✅' : '❌',
  );
  report.addRow(
    'Thread read, signed out, p99',
    `${fixed(medianP99(signedOut), 1)} ms (p50 ${fixed(medianP50(signedOut), 1)})`,
    '< 50 ms',
    `${fixed(medianP99(signedOut) / 50, 2)} ×`,
    medianP99(signedOut) < 50 ? '✅' : '❌',
  );
  const signedIn = await measureWrk(report, 'thread read, signed in', thread(server.seeded.tokens.join(',')), 200);
  const ratio = medianRps(signedIn) / medianRps(signedOut);
  report.addRow(
    'Thread read, 200 comments, signed in, 50 accounts (req/s; p50 / p99)',
    `${fixed(medianRps(signedIn))}/s; ${fixed(medianP50(signedIn), 1)} / ${fixed(medianP99(signedIn), 1)} ms`,
    '≥ 0.5 × signed out; p99 < 50 ms',
    `${fixed(ratio, 2)} ×`,
    ratio >= 0.5 && medianP99(signedIn) < 50 ? '✅' : '❌',
  );
}
