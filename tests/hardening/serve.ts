/**
 * The server as `npm start` runs it (scripts/start.ts), minus the build check: it serves the
 * suite's own prebuilt DIST_DIR, so a restart after SIGKILL takes a second, never a rebuild.
 * Prints "listening <url>"; answers an IPC "memory" message with heap and RSS after a full GC.
 */
import { DIST_DIR } from './harness.ts';
import { readServerConfig } from '../../src/server/app/config.ts';
import { createServices } from '../../src/server/app/services.ts';
import { startServer } from '../../src/server/http/server.ts';

const services = await createServices(readServerConfig(process.env));
const running = await startServer(DIST_DIR, services);
console.log(`listening ${running.url}`);

process.on('message', (message) => {
  if (message !== 'memory') return;
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.send?.({ heapUsed, rss });
});
process.once('SIGTERM', () => {
  void running
    .close()
    .then(() => services.db.close())
    .then(() => process.exit(0));
});
