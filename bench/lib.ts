/** What every benchmark step shares: processes it starts and stops, wrk runs, medians, progress lines. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const projectDir = join(import.meta.dirname, '..');
export const wrkDir = join(import.meta.dirname, 'wrk');
const startedAt = Date.now();

/** One line per step as it goes: what, how far, time since the benchmark started. */
export function progress(step: string, detail: string): void {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0).padStart(4);
  console.log(`[${seconds} s] ${step}: ${detail}`);
}

export function fail(message: string): never {
  console.error(`\nBENCHMARK FAILED: ${message}\n`);
  process.exitCode = 1;
  throw new Error(message);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

const running = new Set<Started>();

/**
 * Starts `command` and resolves once its output matches `ready` (at once without one); `stopAll`
 * stops everything started.
 */
export async function start(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; ready?: RegExp; timeoutMs?: number; cwd?: string },
): Promise<Started> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? projectDir,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started: Started = {
    child,
    output: () => output,
    stop: async () => {
      running.delete(started);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  running.add(started);
  const { ready } = options;
  if (ready === undefined) {
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return started;
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${command} did not start in time:\n${output}`)),
      options.timeoutMs ?? 60_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before it was ready:\n${output}`));
    });
  });
  return started;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((started) => started.stop()));
}

/** Resident memory of a process in MiB, from /proc. */
export function residentMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? NaN : Number(match[1]) / 1024;
}

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: { connect: number; read: number; write: number; timeout: number };
  statuses: Record<string, number>;
  ids: number[];
}

export interface WrkOptions {
  url: string;
  script: string;
  threads: number;
  connections: number;
  seconds: number;
  env?: Record<string, string>;
  timeoutSeconds?: number;
}

export function wrkCommand(options: WrkOptions): string[] {
  return [
    'wrk',
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    `--timeout`,
    `${options.timeoutSeconds ?? 10}s`,
    '-s',
    join(wrkDir, options.script),
    options.url,
  ];
}

/** Runs wrk to completion (asynchronously, so another run can go on beside it). */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const [command, ...args] = wrkCommand(options);
  const child = spawn(command!, args, {
    env: { ...process.env, BENCH_WRK_DIR: wrkDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('WRK_JSON '));
  if (code !== 0 || line === undefined) fail(`wrk failed (${code}):\n${stdout}\n${stderr}`);
  const raw = JSON.parse(line.slice('WRK_JSON '.length)) as {
    requests: number;
    seconds: number;
    p50_us: number;
    p90_us: number;
    p99_us: number;
    max_us: number;
    errors: WrkResult['errors'];
    statuses: Record<string, number>;
    ids: number[];
  };
  return {
    requests: raw.requests,
    seconds: raw.seconds,
    rps: raw.requests / raw.seconds,
    p50Ms: raw.p50_us / 1000,
    p90Ms: raw.p90_us / 1000,
    p99Ms: raw.p99_us / 1000,
    maxMs: raw.max_us / 1000,
    errors: raw.errors,
    statuses: raw.statuses,
    ids: raw.ids,
  };
}

/** Fails loudly unless every answer of the run had `status`. */
export function expectOnly(result: WrkResult, status: number, what: string): void {
  const other = Object.entries(result.statuses).filter(([code]) => Number(code) !== status);
  const { connect, read, write, timeout } = result.errors;
  if (other.length > 0 || connect + read + write + timeout > 0) {
    fail(
      `${what}: expected only ${status}, got ${JSON.stringify(result.statuses)} and errors ${JSON.stringify(result.errors)}`,
    );
  }
}

export function commandOutput(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return (result.stdout ?? '').trim();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once `url` answers with a 2xx status; fails after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  fail(`${url} did not answer in time`);
}
