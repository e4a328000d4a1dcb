/**
 * deploy/nginx.conf and deploy/nginx-site.conf, started as they are in the repository with only
 * their paths and ports rewritten, in front of a Node server on a fixture build: the story pages
 * come from disk with the security headers and need no Node process; the server routes reach
 * Node through it. Over plain HTTP, and over TLS with a throwaway self-signed certificate, where a
 * reader signs up, comments and a moderator hides the comment through the forms, as a browser
 * sends them (issue 11, item 1).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import test, { type TestContext } from 'node:test';
import { ensureBuild } from '../../src/server/build/ensure-build.ts';
import { readServerConfig } from '../../src/server/app/config.ts';
import {
  CONTENT_SECURITY_POLICY,
  SEARCH_WORKER_CONTENT_SECURITY_POLICY,
} from '../../src/server/http/security-headers.ts';
import { startServer, type RunningServer } from '../../src/server/http/server.ts';
import { createServices, type Services } from '../../src/server/app/services.ts';
import { createSession } from '../../src/server/accounts/session.ts';
import { sessionCookieName } from '../../src/server/accounts/session-cookie.ts';
import { setUserRole, signUp } from '../../src/server/accounts/user.ts';
import { stopProcess } from './server-process.ts';

const projectDir = resolve(import.meta.dirname, '../..');
const distDir = join(projectDir, '.tmp/nginx-dist');
const contentDir = join(projectDir, 'tests/fixtures/perimeter-site');
const buildOrigin = 'http://127.0.0.1:4321';
const story = 'a-story-behind-tls';
const password = 'a long enough password';
const found = (candidates: string[], versionFlag: string): string | undefined =>
  candidates.find((candidate) => spawnSync(candidate, [versionFlag]).error === undefined);
const nginxBinary = found(['/usr/sbin/nginx', '/usr/local/sbin/nginx', 'nginx'], '-v');
const opensslBinary = found(['/usr/bin/openssl', 'openssl'], 'version');
const skip =
  nginxBinary === undefined
    ? 'nginx is not installed ("apt-get install nginx"; .ci/run does it)'
    : opensslBinary === undefined
      ? 'openssl is not installed ("apt-get install openssl"; .ci/run does it)'
      : false;

// astro's `#!/usr/bin/env node` must find the Node running this test, as under npm.
process.env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function replaceOnce(text: string, search: RegExp, replacement: string): string {
  const matches = text.match(new RegExp(search, 'gm'))?.length ?? 0;
  assert.equal(matches, 1, `deploy/ should hold ${String(search)} once`);
  return text.replace(search, replacement);
}

interface Ports {
  plain: number;
  tls: number;
  upstream: number;
}

/** The repository's nginx.conf with its paths and ports pointed at this test's. */
async function renderConfig(prefix: string, ports: Ports): Promise<string> {
  let conf = await readFile(join(projectDir, 'deploy/nginx.conf'), 'utf8');
  // As root, workers run as root so they can read the checkout wherever it is; otherwise nginx
  // ignores the directive.
  conf = replaceOnce(conf, /^user .*;$/m, process.getuid?.() === 0 ? 'user root root;' : '');
  conf = replaceOnce(conf, /^pid .*;$/m, '');
  conf = replaceOnce(conf, /^error_log .*;$/m, `error_log ${prefix}/error.log;`);
  conf = replaceOnce(conf, /^ {2}access_log .*;$/m, `  access_log ${prefix}/access.log;`);
  conf = replaceOnce(
    conf,
    /^http \{$/m,
    'http {\n' +
      ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
        .map((kind) => `  ${kind}_temp_path ${prefix}/${kind}_temp;`)
        .join('\n'),
  );
  conf = replaceOnce(
    conf,
    /^ {4}server 127\.0\.0\.1:4321;\n {4}server 127\.0\.0\.1:4322;$/m,
    `    server 127.0.0.1:${ports.upstream};`,
  );
  conf = replaceOnce(conf, /^ {4}listen 80;$/m, `    listen 127.0.0.1:${ports.plain};`);
  conf = replaceOnce(conf, /^ {4}listen 443 ssl;$/m, `    listen 127.0.0.1:${ports.tls} ssl;`);
  conf = replaceOnce(conf, /^ {4}ssl_certificate .*;$/m, `    ssl_certificate ${prefix}/cert.pem;`);
  conf = replaceOnce(conf, /^ {4}ssl_certificate_key .*;$/m, `    ssl_certificate_key ${prefix}/key.pem;`);
  return conf;
}

/** The repository's nginx-site.conf, serving this test's build. */
async function renderSiteConfig(): Promise<string> {
  const conf = await readFile(join(projectDir, 'deploy/nginx-site.conf'), 'utf8');
  return replaceOnce(conf, /^root .*;$/m, `root ${join(distDir, 'client')};`);
}

/** A throwaway certificate for 127.0.0.1, made for this run only. */
function makeCertificate(prefix: string): void {
  const made = spawnSync(
    opensslBinary ?? 'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      `${prefix}/key.pem`,
      '-out',
      `${prefix}/cert.pem`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(made.status, 0, `openssl could not make a certificate: ${made.stderr}`);
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

type Send = (
  path: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<Answer>;

/** An HTTPS client that trusts only this run's certificate, and sends exactly the headers given. */
function tlsClient(origin: string, ca: string): Send {
  return (path, init = {}) =>
    new Promise((done, fail) => {
      const body = init.body === undefined ? undefined : Buffer.from(init.body);
      const headers = { ...init.headers, ...(body === undefined ? {} : { 'Content-Length': String(body.length) }) };
      const req = httpsRequest(
        new URL(path, origin),
        { method: init.method ?? 'GET', headers, ca, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', fail);
          res.on('end', () => {
            const answer = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const one of Array.isArray(value) ? value : [value ?? '']) answer.append(name, one);
            }
            done({ status: res.statusCode ?? 0, headers: answer, text: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      req.on('error', fail);
      req.end(body);
    });
}

function plainClient(origin: string): Send {
  return async (path, init = {}) => {
    const response = await fetch(new URL(path, origin), { ...init, redirect: 'manual' });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
}

async function startNginx(prefix: string, confPath: string, ready: Send): Promise<ChildProcess> {
  const child = spawn(
    nginxBinary ?? 'nginx',
    ['-p', prefix, '-e', `${prefix}/error.log`, '-c', confPath, '-g', `daemon off; pid ${prefix}/nginx.pid;`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = await readFile(`${prefix}/error.log`, 'utf8').catch(() => '');
      throw new Error(`nginx exited with code ${child.exitCode}:\n${stderr}\n${log}`);
    }
    const answer = await ready('/').catch(() => null);
    if (answer !== null) return child;
    if (Date.now() > deadline) throw new Error(`nginx did not answer:\n${stderr}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

let built: boolean | undefined;

interface Deployment {
  services: Services;
  node: RunningServer;
  /** The public origins: nginx's plain-HTTP and HTTPS ports. */
  plain: string;
  tls: string;
  plainClient: Send;
  tlsClient: Send;
  stopNode(): Promise<void>;
}

/**
 * The fixture build, a Node server whose SITE_URL is `siteUrl(plain, tls)`, and nginx with the
 * repository's configuration in front of it on two fresh ports; all stopped when `t` ends.
 */
async function deploy(
  t: TestContext,
  siteUrl: (origins: { plain: string; tls: string }) => string,
): Promise<Deployment> {
  // Once per file: Node keeps the first build's modules, so a rebuild under it would break it.
  built ??= ensureBuild(projectDir, distDir, buildOrigin, contentDir);
  assert.ok(built, 'the fixture site did not build');
  const prefix = await mkdtemp(join(tmpdir(), 'newsroom-nginx-'));
  await chmod(prefix, 0o755);
  makeCertificate(prefix);
  const ca = await readFile(join(prefix, 'cert.pem'), 'utf8');
  const ports = { plain: await freePort(), tls: await freePort(), upstream: 0 };
  const plain = `http://127.0.0.1:${ports.plain}`;
  const tls = `https://127.0.0.1:${ports.tls}`;
  const config = readServerConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: join(prefix, 'data'),
    SITE_URL: siteUrl({ plain, tls }),
    TRUSTED_PROXY: '127.0.0.1',
  });
  const services = await createServices(config);
  const node = await startServer(distDir, services);
  let nodeRunning = true;
  const stopNode = async (): Promise<void> => {
    if (nodeRunning) await node.close();
    nodeRunning = false;
  };
  let nginx: ChildProcess | null = null;
  t.after(async () => {
    if (nginx !== null) await stopProcess(nginx);
    await stopNode();
    await services.db.close();
    await rm(prefix, { recursive: true, force: true });
  });
  ports.upstream = Number(new URL(node.url).port);
  const confPath = join(prefix, 'nginx.conf');
  await writeFile(confPath, await renderConfig(prefix, ports));
  await writeFile(join(prefix, 'nginx-site.conf'), await renderSiteConfig());
  const clients = { plainClient: plainClient(plain), tlsClient: tlsClient(tls, ca) };
  nginx = await startNginx(prefix, confPath, clients.plainClient);
  return { services, node, plain, tls, ...clients, stopNode };
}

function assertSecurityHeaders(response: { headers: Headers }): void {
  assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
}

/** The session cookie a response sets, as a Cookie header value. */
function sessionCookie(answer: Answer, name: string): string {
  const set = answer.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
  assert.ok(set !== undefined, `no ${name} cookie in ${answer.headers.getSetCookie().join(' | ')}`);
  return set.split(';')[0] ?? '';
}

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

test('nginx serves the static site by itself and passes comments to the Node server', { skip }, async (t) => {
  const site = await deploy(t, ({ plain }) => plain);
  const storyPath = `/articles/${story}/`;

  await t.test('a story page comes with the security headers, compressed', async () => {
    const page = await fetch(new URL(storyPath, site.plain), { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(page.status, 200);
    assertSecurityHeaders(page);
    assert.equal(page.headers.get('content-encoding'), 'gzip');
    assert.equal(page.headers.get('strict-transport-security'), null, 'no HSTS over plain HTTP');
    assert.match(await page.text(), /<h1/);
  });

  await t.test('an unknown address gets the 404 page with the headers', async () => {
    const missing = await fetch(new URL('/no-such-page/', site.plain));
    assert.equal(missing.status, 404);
    assertSecurityHeaders(missing);
    assert.match(await missing.text(), /<html/i);
  });

  await t.test("every page has one address, and a renamed story's old one leads to it", async () => {
    for (const [from, to] of [
      ['/about', '/about/'],
      ['/login', '/login/'],
      [storyPath.slice(0, -1), storyPath],
      ['/articles/a-story-read-over-https/', storyPath],
      ['/articles/a-story-read-over-https', '/articles/a-story-read-over-https/'],
    ]) {
      const answer = await fetch(new URL(from, site.plain), { redirect: 'manual' });
      assert.equal(answer.status, 301, from);
      assert.equal(answer.headers.get('location'), to, from);
    }
    const missing = await fetch(new URL('/articles/no-such-story/', site.plain));
    assert.equal(missing.status, 404);
    assertSecurityHeaders(missing);
  });

  await t.test('crawlers find robots.txt; only the search worker may compile WebAssembly', async () => {
    const robots = await fetch(new URL('/robots.txt', site.plain));
    assert.equal(robots.status, 200);
    assert.match(await robots.text(), /^Sitemap: .*\/news-sitemap\.xml$/m);
    const worker = await fetch(new URL('/pagefind/pagefind-worker.js', site.plain));
    assert.equal(worker.status, 200);
    assert.equal(worker.headers.get('content-security-policy'), SEARCH_WORKER_CONTENT_SECURITY_POLICY);
    assert.equal(worker.headers.get('x-content-type-options'), 'nosniff');
    assertSecurityHeaders(await fetch(new URL('/search/', site.plain)));
  });

  await t.test('a comment posted through nginx reaches the Node server and shows in the thread', async () => {
    const now = Math.floor(Date.now() / 1000);
    const reader = await signUp(site.services.db, { username: 'ada', password, email: null }, now);
    assert.ok(reader.ok);
    const { token } = await createSession(site.services.db, reader.user.id, now);
    const cookie = `${sessionCookieName(false)}=${token}`;

    const posted = await fetch(new URL('/api/comments', site.plain), {
      method: 'POST',
      headers: { Origin: site.plain, Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ story, body: 'Posted through nginx' }),
    });
    assert.equal(posted.status, 201, await posted.clone().text());
    assertSecurityHeaders(posted);
    const section = await fetch(new URL(`/api/comment-section?story=${story}`, site.plain));
    assert.match(((await section.json()) as { html: string }).html, /Posted through nginx/);
    const noJsPage = await fetch(new URL(`${storyPath}comments/`, site.plain));
    assert.equal(noJsPage.status, 200);
    assert.match(await noJsPage.text(), /Posted through nginx/);
  });

  await t.test('with the Node server stopped, the story still reads and only the comments fail', async () => {
    await site.stopNode();
    const page = await fetch(new URL(storyPath, site.plain));
    assert.equal(page.status, 200);
    assertSecurityHeaders(page);
    const section = await fetch(new URL(`/api/comment-section?story=${story}`, site.plain));
    assert.equal(section.status, 502);
  });
});

test(
  'behind nginx over HTTPS a reader signs up and comments, and a moderator hides the comment',
  { skip },
  async (t) => {
    const site = await deploy(t, ({ tls }) => tls);
    const send = site.tlsClient;
    const storyPath = `/articles/${story}/`;
    const cookieName = sessionCookieName(true);
    // What Chromium sends with a form submitted from a page of this site.
    const browserForm = (cookie?: string): Record<string, string> => ({
      Origin: site.tls,
      'Sec-Fetch-Site': 'same-origin',
      'Sec-Fetch-Mode': 'navigate',
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(cookie === undefined ? {} : { Cookie: cookie }),
    });
    let readerCookie = '';

    await t.test('the story page comes over HTTPS with the security headers and HSTS', async () => {
      const page = await send(storyPath);
      assert.equal(page.status, 200);
      assertSecurityHeaders(page);
      assert.equal(page.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
      assert.match(page.text, /<h1/);
    });

    await t.test('signing up through the form gives a Secure __Host- cookie on a no-store redirect', async () => {
      const page = await send('/signup/');
      assert.equal(page.status, 200);
      assert.equal(page.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
      const signedUp = await send('/signup/', {
        method: 'POST',
        headers: browserForm(),
        body: form({ username: 'grace', password, email: '', return_to: storyPath }),
      });
      assert.equal(signedUp.status, 303, signedUp.text);
      assert.equal(signedUp.headers.get('location'), storyPath);
      assert.equal(signedUp.headers.get('cache-control'), 'no-store');
      assert.match(signedUp.headers.getSetCookie().join('\n'), /^__Host-session=[^;]+;.*Secure/m);
      readerCookie = sessionCookie(signedUp, cookieName);
    });

    await t.test('the reader posts a comment through the form that works without JavaScript', async () => {
      const posted = await send(`${storyPath}comments/`, {
        method: 'POST',
        headers: browserForm(readerCookie),
        body: form({ intent: 'post', body: 'Written over HTTPS', return_to: storyPath }),
      });
      assert.equal(posted.status, 303, posted.text);
      const thread = await send(`${storyPath}comments/`);
      assert.equal(thread.status, 200);
      assert.match(thread.text, /Written over HTTPS/);
    });

    await t.test('a moderator signs in through the form and hides the comment', async () => {
      const now = Math.floor(Date.now() / 1000);
      const created = await signUp(site.services.db, { username: 'moira', password, email: null }, now);
      assert.ok(created.ok);
      await setUserRole(site.services.db, 'moira', 'moderator');
      const signedIn = await send('/login/', {
        method: 'POST',
        headers: browserForm(),
        body: form({ username: 'moira', password, return_to: '/moderation/' }),
      });
      assert.equal(signedIn.status, 303, signedIn.text);
      assert.equal(signedIn.headers.get('location'), '/moderation/');
      assert.equal(signedIn.headers.get('cache-control'), 'no-store');
      const moderatorCookie = sessionCookie(signedIn, cookieName);

      const row = await site.services.db.get<{ id: number }>('SELECT id FROM comments WHERE body = ?', [
        'Written over HTTPS',
      ]);
      assert.ok(row !== null);
      const hidden = await send('/moderation/', {
        method: 'POST',
        headers: browserForm(moderatorCookie),
        body: form({ intent: 'hide', comment_id: String(row.id), reason: 'Off topic' }),
      });
      assert.equal(hidden.status, 303, hidden.text);
      const thread = await send(`${storyPath}comments/`);
      assert.equal(thread.status, 200);
      assert.doesNotMatch(thread.text, /Written over HTTPS/);
    });

    await t.test('a form from the plain-HTTP origin of the same host is refused', async () => {
      const refused = await send('/signup/', {
        method: 'POST',
        headers: { ...browserForm(), Origin: site.tls.replace('https:', 'http:') },
        body: form({ username: 'mallory', password, email: '' }),
      });
      assert.equal(refused.status, 403);
      assert.equal(await site.services.db.get('SELECT id FROM users WHERE username = ?', ['mallory']), null);
    });
  },
);
