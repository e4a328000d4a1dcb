/**
 * deploy/nginx.conf, started as it is in the repository with only its paths and ports
 * rewritten: the story pages come from disk with the security headers and need no Node process;
 * the comment endpoints reach the Node server through it.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import test from 'node:test';
import { ensureBuild } from '../../src/server/build/ensure-build.ts';
import { readServerConfig } from '../../src/server/app/config.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/server/http/security-headers.ts';
import { startServer } from '../../src/server/http/server.ts';
import { createServices } from '../../src/server/app/services.ts';
import { createSession } from '../../src/server/accounts/session.ts';
import { sessionCookieName } from '../../src/server/accounts/session-cookie.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { stopProcess } from './server-process.ts';

const projectDir = resolve(import.meta.dirname, '../..');
const distDir = join(projectDir, 'dist');
const siteOrigin = 'http://127.0.0.1:4321';
const story = 'anthropic-accuses-alibaba-of-illicit-ai-capability-extraction';
const nginxBinary = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', 'nginx'].find(
  (candidate) => spawnSync(candidate, ['-v']).error === undefined,
);
const skip = nginxBinary === undefined ? 'nginx is not installed ("apt-get install nginx"; .ci/run does it)' : false;

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
  assert.equal(matches, 1, `deploy/nginx.conf should hold ${String(search)} once`);
  return text.replace(search, replacement);
}

/** The repository's config with its paths and ports pointed at this test's. */
async function renderConfig(prefix: string, port: number, upstreamPorts: number[]): Promise<string> {
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
    upstreamPorts.map((upstream) => `    server 127.0.0.1:${upstream};`).join('\n'),
  );
  conf = replaceOnce(conf, /^ {4}listen 80;$/m, `    listen 127.0.0.1:${port};`);
  conf = replaceOnce(conf, /^ {4}root .*;$/m, `    root ${join(distDir, 'client')};`);
  return conf;
}

async function startNginx(prefix: string, confPath: string, origin: string): Promise<ChildProcess> {
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
    const answer = await fetch(origin).catch(() => null);
    if (answer !== null) return child;
    if (Date.now() > deadline) throw new Error(`nginx did not answer on ${origin}:\n${stderr}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

function assertSecurityHeaders(response: Response): void {
  assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
}

test('nginx serves the static site by itself and passes comments to the Node server', { skip }, async (t) => {
  assert.ok(ensureBuild(projectDir, distDir, siteOrigin), 'the site did not build');
  const prefix = await mkdtemp(join(tmpdir(), 'newsroom-nginx-'));
  await chmod(prefix, 0o755);
  const dataDir = join(prefix, 'data');
  const config = readServerConfig({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, SITE_URL: siteOrigin });
  const services = await createServices(config);
  const node = await startServer(distDir, services);
  let nodeRunning = true;
  const nginxPort = await freePort();
  const origin = `http://127.0.0.1:${nginxPort}`;
  const confPath = join(prefix, 'nginx.conf');
  await writeFile(confPath, await renderConfig(prefix, nginxPort, [Number(new URL(node.url).port)]));
  let nginx: ChildProcess | null = null;
  t.after(async () => {
    if (nginx !== null) await stopProcess(nginx);
    if (nodeRunning) await node.close();
    await services.db.close();
    await rm(prefix, { recursive: true, force: true });
  });
  nginx = await startNginx(prefix, confPath, origin);
  const storyUrl = `${origin}/articles/${story}/`;

  await t.test('a story page comes with the security headers, compressed', async () => {
    const page = await fetch(storyUrl, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(page.status, 200);
    assertSecurityHeaders(page);
    assert.equal(page.headers.get('content-encoding'), 'gzip');
    assert.match(await page.text(), /<h1/);
  });

  await t.test('an unknown address gets the 404 page with the headers', async () => {
    const missing = await fetch(`${origin}/no-such-page/`);
    assert.equal(missing.status, 404);
    assertSecurityHeaders(missing);
    assert.match(await missing.text(), /<html/i);
  });

  await t.test('a comment posted through nginx reaches the Node server and shows in the thread', async () => {
    const now = Math.floor(Date.now() / 1000);
    const reader = await signUp(services.db, { username: 'ada', password: 'a long enough password', email: null }, now);
    assert.ok(reader.ok);
    const { token } = await createSession(services.db, reader.user.id, now);
    const cookie = `${sessionCookieName(false)}=${token}`;

    const posted = await fetch(`${origin}/api/comments`, {
      method: 'POST',
      headers: { Origin: origin, Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ story, body: 'Posted through nginx' }),
    });
    assert.equal(posted.status, 201, await posted.clone().text());
    assertSecurityHeaders(posted);
    const section = await fetch(`${origin}/api/comment-section?story=${story}`);
    assert.match(((await section.json()) as { html: string }).html, /Posted through nginx/);
    const noJsPage = await fetch(`${origin}/articles/${story}/comments/`);
    assert.equal(noJsPage.status, 200);
    assert.match(await noJsPage.text(), /Posted through nginx/);
  });

  await t.test('with the Node server stopped, the story still reads and only the comments fail', async () => {
    await node.close();
    nodeRunning = false;
    const page = await fetch(storyUrl);
    assert.equal(page.status, 200);
    assertSecurityHeaders(page);
    const section = await fetch(`${origin}/api/comment-section?story=${story}`);
    assert.equal(section.status, 502);
  });
});
