/**
 * Issue 5's proof with real processes: two `npm start` servers on two ports over one PostgreSQL
 * database share sessions, comments and the sign-in limit.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import test from 'node:test';
import { ensureBuild } from '../../src/server/build/ensure-build.ts';
import { openPostgresDatabase } from '../../src/server/db/postgres.ts';
import { createSession } from '../../src/server/accounts/session.ts';
import { sessionCookieName } from '../../src/server/accounts/session-cookie.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { createTestSchema, testDatabaseUrl } from '../unit/test-db.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

const projectDir = resolve(import.meta.dirname, '../..');
// The fixture stories, built once into a folder of this test's; each process also accepts the
// origin it listens on, which is what the requests below send.
const siteOrigin = 'http://127.0.0.1:4321';
const contentDir = join(projectDir, 'tests/fixtures/site');
const outDir = join(projectDir, '.tmp/scale-dist');
const story = 'anthropic-accuses-alibaba-of-illicit-ai-capability-extraction';
const cookieName = sessionCookieName(false);
const concurrentComments = 200;
const skip = testDatabaseUrl === null ? 'PostgreSQL only: TEST_DATABASE_URL is not set (.ci/run sets it up)' : false;

function sessionCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${cookieName}=`));
  assert.ok(cookie !== undefined, `no ${cookieName} cookie in the answer`);
  return cookie.split(';')[0] ?? '';
}

function postForm(server: ServerProcess, path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(new URL(path, server.origin), {
    method: 'POST',
    headers: { Origin: server.origin, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

function postComment(server: ServerProcess, cookie: string, body: string): Promise<Response> {
  return fetch(new URL('/api/comments', server.origin), {
    method: 'POST',
    headers: { Origin: server.origin, Cookie: cookie, 'Content-Type': 'application/json' },
    body: JSON.stringify({ story, body }),
  });
}

// astro's `#!/usr/bin/env node` must find the Node running this test, as under npm.
process.env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;

test('two server processes over one PostgreSQL database act as one site', { skip, timeout: 10 * 60_000 }, async (t) => {
  assert.ok(ensureBuild(projectDir, outDir, siteOrigin, contentDir), 'the site did not build');
  const schema = await createTestSchema(testDatabaseUrl ?? '');
  const dataDir = await mkdtemp(join(tmpdir(), 'newsroom-scale-'));
  const db = openPostgresDatabase(schema.url, { poolSize: 2 });
  const servers: ServerProcess[] = [];
  t.after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await db.close();
    await schema.drop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const env = {
    HOST: '127.0.0.1',
    PORT: '0',
    SITE_URL: siteOrigin,
    DATA_DIR: dataDir,
    DATABASE_URL: schema.url,
    DATABASE_POOL_SIZE: '5',
    CONTENT_DIR: contentDir,
    OUT_DIR: outDir,
    // The limits stay on, since the sign-in limit is under test; only the gap between one
    // account's comments goes, which would otherwise refuse most of the 200.
    RATE_LIMITS: 'on',
    COMMENT_INTERVAL_SECONDS: '0',
  };
  const [first, second] = await Promise.all([
    startServerProcess(projectDir, env, servers),
    startServerProcess(projectDir, env, servers),
  ]);

  await t.test('a reader who signs up on the first is signed in on the second', async () => {
    const signedUp = await postForm(first, '/signup/', {
      username: 'ada',
      password: 'a long enough password',
      email: '',
      return_to: '/',
    });
    assert.equal(signedUp.status, 303);
    const cookie = sessionCookie(signedUp);
    const session = await fetch(new URL('/api/session', second.origin), { headers: { Cookie: cookie } });
    const answer = (await session.json()) as { viewer: unknown; accountNav: string };
    assert.deepEqual(answer.viewer, { username: 'ada', role: 'reader' });
    assert.match(answer.accountNav, /<a href="\/account\/">ada<\/a>/, 'the nav names the reader');

    const posted = await postComment(second, cookie, 'Written on the second process');
    assert.equal(posted.status, 201, await posted.clone().text());
    const section = await fetch(new URL(`/api/comment-section?story=${story}`, first.origin));
    const { html } = (await section.json()) as { html: string };
    assert.match(html, /Written on the second process/);
  });

  await t.test(`${concurrentComments} comments posted at once across both are each stored once`, async () => {
    const now = Math.floor(Date.now() / 1000);
    const cookies: string[] = [];
    for (const name of ['bea', 'cal', 'dev', 'eli', 'fay', 'gus', 'hal', 'ivy']) {
      const reader = await signUp(db, { username: name, password: 'a long enough password', email: null }, now);
      assert.ok(reader.ok);
      cookies.push(`${cookieName}=${(await createSession(db, reader.user.id, now)).token}`);
    }
    const bodies = Array.from({ length: concurrentComments }, (_, index) => `Concurrent comment number ${index}`);
    const answers = await Promise.all(
      bodies.map((body, index) =>
        postComment(index % 2 === 0 ? first : second, cookies[index % cookies.length] ?? '', body),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    assert.deepEqual(
      statuses.filter((status) => status !== 201),
      [],
      'every post is answered 201',
    );
    const stored = await db.all<{ body: string; copies: number }>(
      "SELECT body, COUNT(*) AS copies FROM comments WHERE body LIKE 'Concurrent comment number %' GROUP BY body",
    );
    assert.equal(stored.length, concurrentComments);
    assert.deepEqual(
      stored.filter((row) => row.copies !== 1),
      [],
      'no comment is stored twice',
    );
  });

  await t.test('wrong passwords alternating between the two are refused by the sixth attempt', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const answer = await postForm(attempt % 2 === 0 ? first : second, '/login/', {
        username: 'ada',
        password: `wrong password ${attempt}`,
        return_to: '/',
      });
      statuses.push(answer.status);
    }
    assert.equal(statuses[0], 400, 'a wrong password is refused');
    assert.equal(
      statuses[5],
      429,
      `the per-account sign-in limit did not hold across the two processes: statuses ${statuses.join(', ')} ` +
        '(is the sign-in rate limit wired into /login/, with its state in the database?)',
    );
  });
});
