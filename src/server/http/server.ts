import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Services } from '../app/services.ts';
import { MAX_BODY_BYTES } from './body-limit.ts';
import { FILE_SECURITY_HEADERS, securityHeaders } from './security-headers.ts';
import { loadStaticSite, preferredEncoding } from './static-files.ts';
import {
  parseSectionQuery,
  sectionHeaders,
  signedInSectionAnswer,
  signedOutSectionBody,
} from './comment-section-answer.ts';
import { answerCommentCounts } from './comment-counts-answer.ts';
import { getQuery, sendWhenReady, type FastAnswer } from './fast-answer.ts';
import { sessionCookieName } from '../accounts/session-cookie.ts';
import { isSessionUseDue } from '../accounts/session.ts';
import { createSessionCache, type SessionCache } from '../accounts/session-cache.ts';
import { readDatabaseVersion } from '../db/version.ts';
import { slashRedirect } from './trailing-slash.ts';

type AstroHandler = (req: IncomingMessage, res: ServerResponse, next: undefined, locals: object) => Promise<void>;

export interface RunningServer {
  url: string;
  server: Server;
  /** Stops taking connections and lets requests in flight finish (5 s at most) before resolving. */
  close(): Promise<void>;
}

const DRAIN_MS = 5_000;

/** One Node process: the prerendered pages from memory, everything else through Astro. */
export async function startServer(distDir: string, services: Services): Promise<RunningServer> {
  const { config } = services;
  const headers = securityHeaders(config.secure);
  // Static answers carry these headers in arrays made once per file (static-files.ts).
  const site = loadStaticSite(join(distDir, 'client'), headers, FILE_SECURITY_HEADERS);
  const headerList = Object.entries(headers);
  const sessions = createSessionCache();
  const entry = (await import(pathToFileURL(join(distDir, 'server', 'entry.mjs')).href)) as { handler: AstroHandler };
  // What requests are handed; set once the server listens, before any request can arrive.
  let served = services;

  const server = createServer((req, res) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      for (const [name, value] of headerList) res.setHeader(name, value);
      answerTooLarge(res);
      req.resume();
      return;
    }
    if (site.serve(req, res)) return;
    const toAstro = (): void => {
      for (const [name, value] of headerList) res.setHeader(name, value);
      // A locals object of its own per request: the middleware writes the reader into it.
      entry.handler(req, res, undefined, { services: served }).catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    };
    if (answerCommentSection(req, res, services, sessions, headerList, toAstro)) return;
    if (answerCommentCounts(req, res, services, headerList)) return;
    const slashed = slashRedirect(req.method, req.url ?? '/');
    if (slashed !== null) {
      for (const [name, value] of headerList) res.setHeader(name, value);
      res.writeHead(301, { Location: slashed });
      res.end();
      return;
    }
    toAstro();
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}/`;
  // The address this server listens on names this site too (a reader on the machine, the tests,
  // which listen on PORT=0); unlike the Host header, no request can change it (issue 11, item 9).
  const ownOrigin = new URL(url).origin;
  if (!config.allowedOrigins.includes(ownOrigin)) {
    served = { ...services, config: { ...config, allowedOrigins: [...config.allowedOrigins, ownOrigin] } };
  }
  return {
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        // Closing the database under a request still running would fail its write.
        const cutOff = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
        server.close(() => {
          clearTimeout(cutOff);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

const COMMENT_SECTION_PATH = '/api/comment-section?';

/**
 * Answers `GET /api/comment-section` for a story the endpoint has already answered for, with the
 * same functions and bytes (src/server/http/comment-section-answer.ts), without Astro's
 * per-request work, which capped these reads far below the signed-out ones (bench/RESULTS.md).
 * One query of the database's version serves the thread and the session caches. A signed-in
 * reader's session is checked without writing; one whose last use is due to be recorded (hourly,
 * with a new cookie), or whose cookie names no session, goes to Astro's middleware as every other
 * request does, and so does anything else.
 */
function answerCommentSection(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  sessions: SessionCache,
  headerList: readonly (readonly [string, string])[],
  toAstro: () => void,
): boolean {
  const query = getQuery(req, COMMENT_SECTION_PATH);
  if (query === null) return false;
  const slug = query.get('story');
  const story = slug === null ? undefined : services.threads.stories.get(slug);
  if (story === undefined) return false;
  const token = cookieValue(req.headers.cookie, sessionCookieName(services.config.secure));
  const sectionQuery = parseSectionQuery(query, services.config.commentSort);
  const now = services.clock.now();
  const { db, threads } = services;
  const answer = async (): Promise<FastAnswer | null> => {
    const version = await readDatabaseVersion(db);
    if (token === null) {
      const encoding = preferredEncoding(req.headers['accept-encoding']);
      const body = await signedOutSectionBody(db, threads, story, sectionQuery, encoding, now, version);
      return { body, headers: [...headerList, ...Object.entries(sectionHeaders(encoding, 'no-cache'))] };
    }
    const validation = await sessions.validate(db, token, now, version);
    // Astro's middleware refreshes a session due for it, and treats one waiting for its second factor as signed out.
    if (validation === null || validation.twoFactorPending || isSessionUseDue(validation.session.lastUsedAt, now)) {
      return null;
    }
    const acceptEncoding = req.headers['accept-encoding'];
    const { body, headers } = await signedInSectionAnswer(
      db,
      threads,
      story,
      sectionQuery,
      validation.user,
      acceptEncoding,
      now,
      version,
    );
    return { body, headers: [...headerList, ...Object.entries(headers)] };
  };
  sendWhenReady(res, answer(), toAstro);
  return true;
}

/** The value of the cookie `name` in a Cookie header, or null. */
function cookieValue(header: string | undefined, name: string): string | null {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at !== -1 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return null;
}

function answerTooLarge(res: ServerResponse): void {
  res.writeHead(413, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
  res.end(JSON.stringify({ error: 'too-large', message: `Requests are limited to ${MAX_BODY_BYTES / 1024} KB.` }));
}
