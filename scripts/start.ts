/**
 * `npm start`: builds the site when the build is missing or stale, then serves the static pages
 * and the comment endpoints from one Node process.
 */
import { resolve } from 'node:path';
import { readServerConfig, type ServerConfig } from '../src/server/app/config.ts';
import { ensureBuild } from '../src/server/build/ensure-build.ts';
import { createServices } from '../src/server/app/services.ts';
import { startServer } from '../src/server/http/server.ts';
import { publication } from '../src/lib/publication.ts';
import { startHousekeeping } from '../src/server/app/housekeeping.ts';
import { startMail } from '../src/server/app/mail.ts';

// The server's memory (issue 14: at most 300 MiB after the bench). glibc keeps the 19 MiB each
// argon2id hash allocates (password.ts) in its per-thread arenas once freed, about 120 MiB more
// after a burst of sign-ins; from 1 MiB up, allocations are mapped and so returned on free
// (https://man7.org/linux/man-pages/man3/mallopt.3.html). V8 grows the young generation to
// 2 × 64 MiB under load and keeps it; 2 × 16 MiB hold a request's short-lived objects as well.
// The variable is read only as a process starts (the build it spawns inherits it) and the flag is
// the process's own (the build keeps V8's default), hence the execve, which keeps the process id.
if (process.platform === 'linux' && process.env.MALLOC_MMAP_THRESHOLD_ === undefined) {
  const args = [process.execPath, '--max-semi-space-size=16', ...process.execArgv, ...process.argv.slice(1)];
  process.execve?.(process.execPath, args, { ...process.env, MALLOC_MMAP_THRESHOLD_: String(1024 * 1024) });
}

const projectDir = resolve(import.meta.dirname, '..');
// OUT_DIR as in astro.config.mjs: a build made elsewhere (a test's) is served from there.
const distDir = resolve(projectDir, process.env.OUT_DIR ?? 'dist');

let config: ServerConfig;
try {
  config = readServerConfig(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

if (!ensureBuild(projectDir, distDir, config.siteOrigin)) {
  console.error('The build failed: the messages above name the story or file at fault.');
  process.exit(1);
}

for (const warning of config.warnings) console.warn(`\n*** WARNING: ${warning} ***\n`);
const premoderation = {
  off: null,
  first: "a new account's first comment waits for a moderator's approval at /moderation/",
  all: "every comment waits for a moderator's approval at /moderation/",
}[config.limits.premoderation];
if (premoderation !== null) {
  console.log(`Premoderation is on (PREMODERATION=${config.limits.premoderation}): ${premoderation}.`);
}

const services = await createServices(config);
const running = await startServer(distDir, services);
console.log(`${publication.name} is running at ${running.url}`);

const housekeeping = startHousekeeping(services);
const mail = await startMail(services, publication.name);
if (config.mail.smtpUrl === null)
  console.log(`Mail is written to ${config.dataDir}/outbox/ (set SMTP_URL to send it).`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running
      .close()
      .then(() => housekeeping.stop())
      .then(() => mail.stop())
      .then(() => services.db.close())
      .then(() => process.exit(0));
  });
}
