/** What the server's own fast-path answers (server.ts) share: reading the request, sending the answer. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The query of a GET request whose address starts with `prefix` (which ends in "?"), or null. */
export function getQuery(req: IncomingMessage, prefix: string): URLSearchParams | null {
  const url = req.url ?? '';
  if (req.method !== 'GET' || !url.startsWith(prefix)) return null;
  return new URLSearchParams(url.slice(prefix.length));
}

/** Answers 200 with `body` and `headers` once the body is ready; a failure is logged and answered 500. */
export function sendWhenReady(
  res: ServerResponse,
  body: Promise<Uint8Array | string>,
  headers: readonly (readonly [string, string])[],
): void {
  body.then(
    (ready) => {
      const length = typeof ready === 'string' ? Buffer.byteLength(ready) : ready.length;
      res.writeHead(200, [...headers.flat(), 'Content-Length', String(length)]);
      res.end(ready);
    },
    (error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    },
  );
}
