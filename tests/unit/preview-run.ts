/**
 * Runs the preview (`astro dev`) on CONTENT_DIR's stories, prints what the given paths answer as
 * one JSON line after "PAGES ", and stops; preview.test.ts runs it as a child process, holding
 * the build lock, and reads the preview's terminal output with it.
 */
import { resolve } from 'node:path';
import { dev } from 'astro';

const server = await dev({ root: resolve(import.meta.dirname, '../..'), server: { host: '127.0.0.1', port: 0 } });
const origin = `http://127.0.0.1:${server.address.port}`;
const pages: Record<string, { status: number; html: string }> = {};
for (const path of process.argv.slice(2)) {
  const answer = await fetch(new URL(path, origin));
  pages[path] = { status: answer.status, html: await answer.text() };
}
await server.stop();
console.log(`PAGES ${JSON.stringify(pages)}`);
process.exit(0);
