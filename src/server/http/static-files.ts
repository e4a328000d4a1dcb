/**
 * Serves the prerendered site (dist/client) from memory: every file read once at start, gzip and
 * brotli copies made on first request and kept, strong ETags answered with 304. Story pages are
 * the hot path of a news site; this keeps them close to what nginx does with the same files:
 * each answer's headers are made once, as the flat array `writeHead` takes, and a plain request
 * path is found with one map lookup (bench/RESULTS.md has the measurements).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.json', '.xml', '.txt', '.svg']);
// Astro fingerprints everything under /_astro/, so those files never change under their name.
const IMMUTABLE_PREFIX = '/_astro/';

export type ContentEncoding = 'br' | 'gzip' | 'identity';

interface Variant {
  body: Uint8Array;
  headers: string[];
}

interface StaticFile {
  body: Buffer<ArrayBuffer>;
  etag: string;
  compressible: boolean;
  /** Headers every answer for this file carries, whatever its encoding or status. */
  common: string[];
  notModified: string[];
  variants: Partial<Record<ContentEncoding, Variant>>;
}

export interface StaticSite {
  /** Answers the request and returns true when it names a static file; false leaves it to the app. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** The prerendered 404 page, for answers the app gives without a body. */
  notFoundPage: Buffer | null;
}

/**
 * `headers`: what every answer carries besides the file's own (the security headers);
 * `fileHeaders`: those that differ for one file, by its path.
 */
export function loadStaticSite(
  clientDir: string,
  headers: Readonly<Record<string, string>> = {},
  fileHeaders: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
): StaticSite {
  const files = new Map<string, StaticFile>();
  const shared = Object.entries(headers).flat();
  for (const entry of readdirSync(clientDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    const urlPath = '/' + relative(clientDir, absolute).split(sep).join('/');
    const extension = extname(entry.name).toLowerCase();
    const body = readFileSync(absolute);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const compressible = COMPRESSIBLE.has(extension) && body.length >= 256;
    const cacheControl = urlPath.startsWith(IMMUTABLE_PREFIX)
      ? 'public, max-age=31536000, immutable'
      : 'public, max-age=0, must-revalidate';
    const own = fileHeaders[urlPath];
    const base = own === undefined ? shared : Object.entries({ ...headers, ...own }).flat();
    const common = [...base, 'Cache-Control', cacheControl, 'ETag', etag];
    if (COMPRESSIBLE.has(extension)) common.push('Vary', 'Accept-Encoding');
    files.set(urlPath, {
      body,
      etag,
      compressible,
      common: [...common, 'Content-Type', CONTENT_TYPES[extension] ?? 'application/octet-stream'],
      notModified: common,
      variants: {},
    });
  }

  // Every path a plain request may use, found with one lookup: the file's own, and a folder's
  // path with its trailing slash for its index.html.
  const routes = new Map<string, StaticFile>();
  for (const [urlPath, file] of files) {
    routes.set(urlPath, file);
    if (urlPath.endsWith('/index.html')) routes.set(urlPath.slice(0, -'index.html'.length), file);
  }

  function serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '/';
    const file = routes.get(url);
    if (file !== undefined) {
      sendFile(req, res, file);
      return true;
    }
    return serveUncommon(req, res, url);
  }

  // Query strings, percent-escapes and folders named without their trailing slash.
  function serveUncommon(req: IncomingMessage, res: ServerResponse, url: string): boolean {
    const query = url.indexOf('?');
    const pathname = decodedPathname(query === -1 ? url : url.slice(0, query));
    if (pathname === null) return false;
    const file = routes.get(pathname);
    if (file !== undefined) {
      sendFile(req, res, file);
      return true;
    }
    if (!pathname.endsWith('/') && routes.has(pathname + '/')) {
      res.writeHead(301, [...shared, 'Location', pathname + '/' + (query === -1 ? '' : url.slice(query))]);
      res.end();
      return true;
    }
    return false;
  }

  return { serve, notFoundPage: files.get('/404.html')?.body ?? null };
}

function decodedPathname(raw: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (!pathname.startsWith('/') || pathname.includes('\0') || pathname.split('/').includes('..')) return null;
  return pathname;
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, file.notModified);
    res.end();
    return;
  }
  const encoding = file.compressible ? preferredEncoding(req.headers['accept-encoding']) : 'identity';
  const variant = (file.variants[encoding] ??= makeVariant(file, encoding));
  res.writeHead(200, variant.headers);
  res.end(req.method === 'HEAD' ? undefined : variant.body);
}

function makeVariant(file: StaticFile, encoding: ContentEncoding): Variant {
  const body = encode(file.body, encoding, 'smallest');
  const headers = [...file.common, 'Content-Length', String(body.length)];
  if (encoding !== 'identity') headers.push('Content-Encoding', encoding);
  return { body, headers };
}

/** The encoding to answer with, of those `offered`: brotli, else gzip, else none; a `q=0` refuses one. */
export function preferredEncoding(
  acceptEncoding: string | null | undefined,
  offered: readonly ContentEncoding[] = ['br', 'gzip'],
): ContentEncoding {
  if (acceptEncoding === undefined || acceptEncoding === null || acceptEncoding === '') return 'identity';
  let gzip = false;
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.split(';');
    const token = name.trim().toLowerCase();
    if ((token !== 'br' && token !== 'gzip') || !offered.includes(token)) continue;
    const refused = params.some((param) => /^\s*q\s*=\s*0(\.0*)?\s*$/i.test(param));
    if (refused) continue;
    if (token === 'br') return 'br';
    gzip = true;
  }
  return gzip ? 'gzip' : 'identity';
}

/**
 * `text` encoded as `encoding`, made once and kept in `store` (keyed by encoding). Brotli at
 * quality 5 costs about a millisecond for a 128 KB thread; static files, made once, take 11.
 */
export function encodeOnce(
  store: Map<string, Uint8Array<ArrayBuffer>>,
  encoding: ContentEncoding,
  text: () => string,
): Uint8Array<ArrayBuffer> {
  let body = store.get(encoding);
  if (body === undefined) {
    body = encode(Buffer.from(text()), encoding, 'fast');
    store.set(encoding, body);
  }
  return body;
}

function encode(
  body: Buffer<ArrayBuffer>,
  encoding: ContentEncoding,
  effort: 'smallest' | 'fast',
): Buffer<ArrayBuffer> {
  switch (encoding) {
    case 'br':
      return brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: effort === 'smallest' ? 11 : 5,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });
    case 'gzip':
      return gzipSync(body, { level: effort === 'smallest' ? 9 : 6 });
    case 'identity':
      return body;
  }
}
