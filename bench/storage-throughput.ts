/**
 * Comment-post and thread-read throughput of one `npm start` process on each database, measured
 * with the same wrk command against both. PostgreSQL comes from TEST_DATABASE_URL, so run it as
 *
 *   .ci/postgres.sh node bench/storage-throughput.ts
 *
 * (without TEST_DATABASE_URL it measures SQLite only). Each run gets a fresh database seeded with
 * 8 readers and a 100-comment thread; reads go first, anonymous, then posts as the 8 readers.
 * RATE_LIMITS=off, since the limits would refuse a benchmark's posts. BENCH_SECONDS (default
 * 10) sets each wrk run's length.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { ensureBuild } from '../src/server/build/ensure-build.ts';
import { postComment } from '../src/server/comments/store.ts';
import { openDatabase } from '../src/server/db/open.ts';
import { createSession } from '../src/server/accounts/session.ts';
import { sessionCookieName } from '../src/server/accounts/session-cookie.ts';
import { signUp } from '../src/server/accounts/user.ts';
import { CONTENT_DIR, DIST_DIR, STORY } from './settings.ts';

const projectDir = resolve(import.meta.dirname, '..');
const siteOrigin = 'http://127.0.0.1:4321';
const story = STORY;
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const wrkOptions = ['-t2', '-c16', `-d${seconds}s`, '--latency'];
const postgresUrl = process.env.TEST_DATABASE_URL || null;

// astro's `#!/usr/bin/env node` must find this Node, as under npm.
process.env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;

const postScript = `
local cookies = {}
for token in string.gmatch(os.getenv("BENCH_COOKIES"), "[^,]+") do cookies[#cookies + 1] = token end
local origin = os.getenv("BENCH_ORIGIN")
local story = os.getenv("BENCH_STORY")
local nonce = tostring({}):sub(8)
local counter = 0
function request()
  counter = counter + 1
  local body = string.format('{"story":"%s","body":"Throughput comment %s-%d: the figures in paragraph four do not match."}', story, nonce, counter)
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Origin"] = origin,
    ["Cookie"] = cookies[(counter % #cookies) + 1],
  }, body)
end
`;

interface WrkFigures {
  requestsPerSecond: number;
  p50: string;
  p99: string;
  failed: number;
}

interface Measured {
  database: string;
  read: WrkFigures;
  post: WrkFigures;
}

function wrk(args: string[], env: Record<string, string> = {}): WrkFigures {
  const run = spawnSync('wrk', [...wrkOptions, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (run.error !== undefined || run.status !== 0) {
    throw new Error(`wrk failed (install it with "apt-get install wrk"): ${run.error?.message ?? run.stderr}`);
  }
  const out = run.stdout;
  const failed =
    Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) +
    Number(/Socket errors: .*?(\d+) timeout/.exec(out)?.[1] ?? 0);
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    p50: /^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '?',
    p99: /^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '?',
    failed,
  };
}

async function seed(databaseUrl: string | null, dataDir: string): Promise<string[]> {
  const db = await openDatabase({ dataDir, databaseUrl });
  const now = Math.floor(Date.now() / 1000);
  const cookies: string[] = [];
  const ids: number[] = [];
  for (const name of ['ada', 'bea', 'cal', 'dev', 'eli', 'fay', 'gus', 'hal']) {
    const reader = await signUp(db, { username: name, password: 'a long enough password', email: null }, now);
    if (!reader.ok) throw new Error(reader.message);
    ids.push(reader.user.id);
    cookies.push(`${sessionCookieName(false)}=${(await createSession(db, reader.user.id, now)).token}`);
  }
  for (let index = 0; index < 100; index += 1) {
    const body = `Seeded comment ${index}: a reader's view on the story, long enough to look like one.`;
    await postComment(db, { storySlug: story, parentId: null, authorId: ids[index % ids.length] ?? 1, body }, now);
  }
  await db.close();
  return cookies;
}

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: projectDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const origin = await new Promise<string>((resolveOrigin, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = / is running at (http:\/\/\S+?)\/?$/m.exec(output)?.[1];
      if (url !== undefined) resolveOrigin(url);
    });
    child.once('exit', (code) => reject(new Error(`The server exited with code ${code}:\n${output}`)));
  });
  return { child, origin };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function measure(database: 'SQLite' | 'PostgreSQL'): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-throughput-'));
  let databaseUrl: string | null = null;
  let dropSchema = async (): Promise<void> => undefined;
  if (database === 'PostgreSQL' && postgresUrl !== null) {
    const schema = `bench_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(postgresUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.href;
    dropSchema = async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    };
  }
  const lua = join(dataDir, 'post.lua');
  writeFileSync(lua, postScript);
  let server: ChildProcess | null = null;
  try {
    const cookies = await seed(databaseUrl, dataDir);
    const started = await startServer({
      HOST: '127.0.0.1',
      PORT: '0',
      SITE_URL: siteOrigin,
      DATA_DIR: dataDir,
      CONTENT_DIR,
      OUT_DIR: DIST_DIR,
      DATABASE_URL: databaseUrl ?? '',
      RATE_LIMITS: 'off',
    });
    server = started.child;
    const threadUrl = `${started.origin}/api/comment-section?story=${story}`;
    spawnSync('wrk', ['-t2', '-c16', '-d2s', threadUrl]);
    const read = wrk([threadUrl]);
    const post = wrk(['-s', lua, `${started.origin}/api/comments`], {
      BENCH_COOKIES: cookies.join(','),
      BENCH_ORIGIN: started.origin,
      BENCH_STORY: story,
    });
    return { database, read, post };
  } finally {
    if (server !== null) await stopServer(server);
    await dropSchema();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (!ensureBuild(projectDir, DIST_DIR, siteOrigin, CONTENT_DIR)) {
  console.error('The site did not build.');
  process.exit(1);
}
const results = [await measure('SQLite')];
if (postgresUrl === null) {
  console.log('PostgreSQL skipped: TEST_DATABASE_URL is not set (run under .ci/postgres.sh).');
} else {
  results.push(await measure('PostgreSQL'));
}

console.log(`\nOne server process each; wrk ${wrkOptions.join(' ')} from 127.0.0.1:`);
console.log(`  thread read:  wrk ${wrkOptions.join(' ')} 'http://…/api/comment-section?story=${story}'`);
console.log(`  comment post: wrk ${wrkOptions.join(' ')} -s post.lua http://…/api/comments`);
console.log('\ndatabase    | thread read req/s (p50, p99)      | comment post req/s (p50, p99)     | failed');
for (const { database, read, post } of results) {
  const cell = (figures: WrkFigures): string =>
    `${figures.requestsPerSecond.toFixed(0).padStart(6)} (${figures.p50}, ${figures.p99})`.padEnd(34);
  console.log(`${database.padEnd(11)} | ${cell(read)}| ${cell(post)}| ${read.failed + post.failed}`);
}
