/** 4. Signing in (argon2id), and story reads on the same server meanwhile. */
import { expectOnly, progress, runWrk, wrkCommand, type WrkOptions, type WrkResult } from '../lib.ts';
import { fixed, type Report } from '../report.ts';
import type { ServerUnderTest } from '../server-under-test.ts';
import { RUNS, SECONDS } from '../settings.ts';
import { measureWrk, medianP50, medianP99, medianRps, recordedWrkCommand } from '../wrk-runs.ts';
import { storyReadOptions } from './story-reads.ts';

export async function measureSignIns(report: Report, server: ServerUnderTest): Promise<void> {
  const { origin, seeded } = server;
  const signIn: WrkOptions = {
    url: `${origin}/login/`,
    script: 'sign-in.lua',
    threads: 1,
    connections: 8,
    seconds: SECONDS,
    timeoutSeconds: 30,
    env: { BENCH_USERNAMES: seeded.usernames.join(','), BENCH_PASSWORD: seeded.password, BENCH_ORIGIN: origin },
  };
  const readsAlone: WrkOptions = { ...storyReadOptions(server.storyUrl), threads: 1, connections: 32 };
  const alone = await measureWrk(report, 'story reads alone (for comparison)', readsAlone, 200);
  const signIns: WrkResult[] = [];
  const during: WrkResult[] = [];
  report.recordCommand(`sign-ins: ${recordedWrkCommand(signIn)}`);
  report.recordCommand(`story reads during sign-ins (at the same time): ${wrkCommand(readsAlone).join(' ')}`);
  for (let run = 1; run <= RUNS; run += 1) {
    const [signInResult, readResult] = await Promise.all([runWrk(signIn), runWrk(readsAlone)]);
    expectOnly(signInResult, 303, 'sign-in');
    expectOnly(readResult, 200, 'story reads during sign-ins');
    signIns.push(signInResult);
    during.push(readResult);
    progress(
      'sign-ins',
      `run ${run}/${RUNS}: ${fixed(signInResult.rps, 1)} sign-ins/s, story reads meanwhile ${fixed(readResult.rps)}/s`,
    );
  }
  report.addRow(
    'Sign-ins, argon2id (per s; p50 / p99), 8 connections',
    `${fixed(medianRps(signIns), 1)}/s; ${fixed(medianP50(signIns))} / ${fixed(medianP99(signIns))} ms`,
  );
  report.addRow(
    'Story reads during sign-ins (1 thread, 32 connections; p99)',
    `${fixed(medianRps(during))}/s; ${fixed(medianP99(during), 1)} ms`,
    '',
    `${fixed(medianRps(during) / medianRps(alone), 2)} × the ${fixed(medianRps(alone))}/s (p99 ${fixed(medianP99(alone), 1)} ms) without sign-ins`,
  );
}
