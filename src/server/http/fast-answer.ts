/** What the server's own fast-path answers (server.ts) share: reading the request, sending the answer. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isStorageUnavailable } from './storage-errors.ts';

/** The query of a GET request whose address starts with `prefix` (which ends in "?"), or null. */
export function getQuery(req: IncomingMessage, prefix: string): URLSearchParams | null {
  const url = req.url ?? '';
  if (req.method !== 'GET' || !url.startsWith(prefix)) return null;
  return new URLSearchParams(url.slice(prefix.length));
}

/** A fast-path answer: its body and every header but the length. */
export interface FastAnswer {
  body: Uint8Array | string;
  headers: readonly (readonly [string, string])[];
}

/**
 * Answers 200 once the answer is ready, or hands the request on when there is none (null); a
 * failure is logged and answered 503 when the database is out of reach, else 500.
 */
export function sendWhenReady(res: ServerResponse, answer: Promise<FastAnswer | null>, handOn = (): void => {}): void {
  answer.then(
    (ready) => {
      if (ready === null) return handOn();
      const length = typeof ready.body === 'string' ? Buffer.byteLength(ready.body) : ready.body.length;
      res.writeHead(200, [...ready.headers.flat(), 'Content-Length', String(length)]);
      res.end(ready.body);
    },
    (error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(isStorageUnavailable(error) ? 503 : 500);
      res.end();
    },
  );
}
