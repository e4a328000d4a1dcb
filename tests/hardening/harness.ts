/**
 * What every part of the hardening suite shares: the build it serves, a server on 127.0.0.1 (in
 * this process, or as a child that can be killed), readers seeded through src/server, a raw HTTP
 * client that sends exactly the bytes and headers it is given, and the figure lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';
import { ensureBuild } from '../../src/server/build/ensure-build.ts';
import { readServerConfig } from '../../src/server/app/config.ts';
import { startServer, type RunningServer } from '../../src/server/http/server.ts';
import { createServices, type Services } from '../../src/server/app/services.ts';
import { createSession } from '../../src/server/accounts/session.ts';
import { setUserRole, signUp } from '../../src/server/accounts/user.ts';
import type { Database } from '../../src/server/db/database.ts';
import { openDatabase } from '../../src/server/db/open.ts';

export const PROJECT_DIR = resolve(import.meta.dirname, '../..');
/** Its own build, so an `npm test` or `npm start` rebuilding elsewhere never changes what a run serves. */
export const DIST_DIR = resolve(PROJECT_DIR, '.tmp/hardening-dist');
export const SITE_ORIGIN = 'http://127.0.0.1:4321';
/** The stories the suite serves (tests/fixtures/site/README.md), never the live content/. */
export const CONTENT_DIR = resolve(PROJECT_DIR, 'tests/fixtures/site');
/** The fixture's lead story, with comments open. */
export const STORY_SLUG = 'anthropic-accuses-alibaba-of-illicit-ai-capability-extraction';
export const STORY_PATH = `/articles/${STORY_SLUG}/`;
export const PASSWORD = 'a long enough password';

export function buildSite(): void {
  if (!ensureBuild(PROJECT_DIR, DIST_DIR, SITE_ORIGIN, CONTENT_DIR)) throw new Error('The site did not build.');
}

/** A fresh data folder; on /dev/shm where durability is not what is under test, so fsync costs nothing. */
export function makeDataDir(label: string, onDisk = false): string {
  const base = !onDisk && process.platform === 'linux' ? '/dev/shm' : tmpdir();
  return mkdtempSync(join(base, `newsroom-hardening-${label}-`));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface Site {
  url: string;
  /** The origin a same-origin request names: the address the server answers on. */
  origin: string;
  services: Services;
  close(): Promise<void>;
}

/** The environment every server in the suite gets; `extra` adds settings such as RATE_LIMITS. */
export function serverEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, SITE_URL: SITE_ORIGIN, ...extra };
}

/**
 * Builds the site when it is stale and starts the server in this process, as tests/e2e/site.ts
 * does, on a fresh data folder of its own that close() removes.
 */
export async function startSite(label: string, extra: Record<string, string> = {}): Promise<Site> {
  buildSite();
  const dataDir = makeDataDir(label);
  const env = serverEnv(dataDir, extra);
  Object.assign(process.env, extra);
  const services = await createServices(readServerConfig(env));
  const running: RunningServer = await startServer(DIST_DIR, services);
  return {
    url: running.url,
    origin: running.url.replace(/\/$/, ''),
    services,
    close: async () => {
      await running.close();
      await services.db.close();
      removeDataDir(dataDir);
    },
  };
}

export interface ChildSite {
  url: string;
  origin: string;
  child: ChildProcess;
  /** Lines the server wrote to stderr: a stack trace there means a request crashed. */
  errors: string[];
  exited: Promise<number | null>;
  /** Heap and RSS after a full garbage collection, asked over IPC. */
  memory(): Promise<{ heapUsed: number; rss: number }>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts tests/hardening/serve.ts as a child process, so it can be SIGKILLed or measured alone. */
export async function spawnSite(dataDir: string, extra: Record<string, string> = {}): Promise<ChildSite> {
  const child = spawn(process.execPath, ['--expose-gc', join(import.meta.dirname, 'serve.ts')], {
    cwd: PROJECT_DIR,
    env: { ...process.env, ...serverEnv(dataDir, extra) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const errors: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => errors.push(line));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^listening (\S+)$/.exec(line);
      if (match !== null) done(match[1] ?? '');
    });
    void exited.then((code) => fail(new Error(`The server exited (${code}) before listening: ${errors.join('\n')}`)));
  });
  return {
    url,
    origin: url.replace(/\/$/, ''),
    child,
    errors,
    exited,
    memory: () =>
      new Promise((done) => {
        child.once('message', (message) => done(message as { heapUsed: number; rss: number }));
        child.send('memory');
      }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export interface Reader {
  id: number;
  username: string;
  token: string;
  /** A Cookie header value. */
  cookie: string;
}

/** A reader created and signed in through src/server, without the sign-in form (signInAs in tests/e2e/site.ts). */
export async function seedReader(db: Database, username: string): Promise<Reader> {
  const now = Math.floor(Date.now() / 1000);
  const created = await signUp(db, { username, password: PASSWORD, email: null }, now);
  if (!created.ok) throw new Error(created.message);
  const { token } = await createSession(db, created.user.id, now);
  return { id: created.user.id, username, token, cookie: `session=${token}` };
}

/**
 * A signed-in moderator with a confirmed address, <username>@example.org, so that every route is
 * open to them and a reset request for the address writes a row a matrix can see.
 */
export async function seedModerator(db: Database, username: string): Promise<Reader> {
  const moderator = await seedReader(db, username);
  await setUserRole(db, username, 'moderator');
  await db.run('UPDATE users SET email = ?, email_verified_at = 1 WHERE id = ?', [
    `${username}@example.org`,
    moderator.id,
  ]);
  return moderator;
}

/**
 * Readers `<prefix>0` to `<prefix><count - 1>` seeded in a data folder before a server child opens
 * it, through a connection of their own; answers their Cookie header values in that order.
 */
export async function seedCookies(dataDir: string, prefix: string, count: number): Promise<string[]> {
  const db = await openDatabase({ dataDir });
  try {
    const cookies: string[] = [];
    for (let index = 0; index < count; index += 1) cookies.push((await seedReader(db, `${prefix}${index}`)).cookie);
    return cookies;
  } finally {
    await db.close();
  }
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface RequestOptions {
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  /** Sends the body in chunks without Content-Length. */
  chunked?: boolean;
  agent?: Agent;
  timeoutMs?: number;
}

/** One HTTP request with exactly these headers and bytes (fetch would add its own). */
export function send(url: string, options: RequestOptions = {}): Promise<Answer> {
  return new Promise((done, fail) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const headers: OutgoingHttpHeaders = { ...options.headers };
    if (body !== undefined && options.chunked !== true) headers['Content-Length'] = body.length;
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers, agent: options.agent ?? false, timeout: options.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          done({ status: res.statusCode ?? 0, headers: res.headers, body: all, text: all.toString('utf8') });
        });
        res.on('error', fail);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`Timed out: ${options.method ?? 'GET'} ${url}`)));
    req.on('error', fail);
    if (body !== undefined && options.chunked === true) {
      for (let offset = 0; offset < body.length; offset += 16 * 1024)
        req.write(body.subarray(offset, offset + 16 * 1024));
    } else if (body !== undefined) {
      req.write(body);
    }
    req.end();
  });
}

/** Headers of a legitimate request from a client without Fetch Metadata. */
export function sameOrigin(origin: string, cookie?: string): OutgoingHttpHeaders {
  return cookie === undefined ? { Origin: origin } : { Origin: origin, Cookie: cookie };
}

export async function postJson(
  site: { url: string; origin: string },
  path: string,
  data: unknown,
  cookie: string,
  agent?: Agent,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const answer = await send(new URL(path, site.url).href, {
    method: 'POST',
    headers: { ...sameOrigin(site.origin, cookie), 'Content-Type': 'application/json' },
    body: JSON.stringify(data),
    ...(agent === undefined ? {} : { agent }),
  });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    json = { unparsed: answer.text.slice(0, 200) };
  }
  return { status: answer.status, json };
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Opens the data folder's database beside the server, read-only, for the checks made in SQL. */
export function inspectDatabase(dataDir: string): DatabaseSync {
  const db = new DatabaseSync(join(dataDir, 'newsroom.sqlite'), { readOnly: true });
  db.exec('PRAGMA busy_timeout = 5000');
  return db;
}

/**
 * A fingerprint of every row the product keeps, to prove a request changed nothing. Rate-limit
 * counters are left out: counting a refused attempt is their job.
 */
export async function snapshotRows(services: Services): Promise<string> {
  const tables = await services.db.all<{ name: string }>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations', 'rate_limits')
     AND name NOT LIKE 'sqlite_%' ORDER BY name`,
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await services.db.all<Record<string, unknown>>(`SELECT * FROM "${name}" ORDER BY 1`);
    parts.push(`${name}:${rows.length}:${JSON.stringify(rows, plainValue)}`);
  }
  return parts.join('\n');
}

function plainValue(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return typeof value === 'bigint' ? String(value) : value;
}

export async function countRows(services: Services, table: 'users' | 'sessions' | 'comments'): Promise<number> {
  const row = await services.db.get<{ count: number }>(`SELECT COUNT(*) AS count FROM ${table}`);
  return Number(row?.count ?? 0);
}

/** Prints a figure on its own line and records whether it met the bar. */
export class Figures {
  failures: string[] = [];

  figure(line: string, ok: boolean): void {
    console.log(`${ok ? 'PASS' : 'FAIL'} ${line}`);
    if (!ok) this.failures.push(line);
  }

  check(ok: boolean, what: string): void {
    if (!ok) {
      console.log(`  failed: ${what}`);
      this.failures.push(what);
    }
  }

  exit(): never {
    process.exit(this.failures.length === 0 ? 0 : 1);
  }
}

export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
