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
import { memorySettingsCommand } from '../src/server/app/memory-settings.ts';
import { processMemoryProbe, startMemoryReducer } from '../src/server/app/memory-reducer.ts';

// Memory settings that only take effect as a process starts; execve keeps the process id.
const memorySettings = memorySettingsCommand(process);
if (memorySettings !== null) process.execve?.(process.execPath, memorySettings.args, memorySettings.env);

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
const memoryProbe = processMemoryProbe();
if (memoryProbe !== null) startMemoryReducer(memoryProbe);
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
