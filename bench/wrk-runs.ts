/** Repeated wrk runs of one kind: how they are recorded and their medians. */
import { expectOnly, median, progress, runWrk, wrkCommand, type WrkOptions, type WrkResult } from './lib.ts';
import { fixed, type Report } from './report.ts';
import { RUNS } from './settings.ts';

/** Three runs of `options`, recorded as a command once; the median run by requests/s. */
export async function measureWrk(
  report: Report,
  label: string,
  options: WrkOptions,
  expectStatus: number,
): Promise<WrkResult[]> {
  report.recordCommand(`${label}: ${recordedWrkCommand(options)}`);
  const results: WrkResult[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const result = await runWrk(options);
    expectOnly(result, expectStatus, label);
    progress(label, `run ${run}/${RUNS}: ${fixed(result.rps)} req/s, p99 ${fixed(result.p99Ms, 1)} ms`);
    results.push(result);
  }
  return results;
}

/** The wrk command line with its environment, long values shortened. */
export function recordedWrkCommand(options: WrkOptions): string {
  const env = Object.entries(options.env ?? {})
    .map(([name, value]) => `${name}=${value.length > 40 ? `'${value.slice(0, 30)}…'` : `'${value}'`} `)
    .join('');
  return `${env}${wrkCommand(options).join(' ')}`;
}

export function medianRps(results: readonly WrkResult[]): number {
  return median(results.map((result) => result.rps));
}

export function medianP50(results: readonly WrkResult[]): number {
  return median(results.map((result) => result.p50Ms));
}

export function medianP99(results: readonly WrkResult[]): number {
  return median(results.map((result) => result.p99Ms));
}

/** A row for a rate with a floor: the median requests/s and p99 of `runs`, against `target` a second. */
export function addRateRow(report: Report, what: string, runs: readonly WrkResult[], target: number): void {
  const rps = medianRps(runs);
  report.addRow(
    what,
    `${fixed(rps)}/s; ${fixed(medianP99(runs), 1)} ms`,
    `≥ ${fixed(target)}/s`,
    `${fixed(rps / target, 2)} ×`,
    rps >= target ? '✅' : '❌',
  );
}
