import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Services } from '../services.ts';
import { securityHeaders } from './security-headers.ts';
import { loadStaticSite } from './static-files.ts';

/** Matches the adapter's bodySizeLimit in astro.config.mjs: larger bodies get 413 before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

type AstroHandler = (req: IncomingMessage, res: ServerResponse, next: undefined, locals: object) => Promise<void>;

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** One Node process: the prerendered pages from memory, everything else through Astro. */
export async function startServer(distDir: string, services: Services): Promise<RunningServer> {
  const { config } = services;
  const site = loadStaticSite(join(distDir, 'client'));
  const entry = (await import(pathToFileURL(join(distDir, 'server', 'entry.mjs')).href)) as { handler: AstroHandler };
  const headers = securityHeaders(config.secure);

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      answerTooLarge(res);
      req.resume();
      return;
    }
    if (site.serve(req, res)) return;
    entry.handler(req, res, undefined, { services }).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function answerTooLarge(res: ServerResponse): void {
  res.writeHead(413, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
  res.end(JSON.stringify({ error: 'too-large', message: `Requests are limited to ${MAX_BODY_BYTES / 1024} KB.` }));
}
