/**
 * Serves the prerendered site (dist/client) from memory: every file read once at start, gzip and
 * brotli copies made on first request and kept, strong ETags answered with 304. Story pages are
 * the hot path of a news site; this keeps them close to what nginx does with the same files.
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

interface StaticFile {
  body: Buffer;
  etag: string;
  contentType: string;
  cacheControl: string;
  compressible: boolean;
  gzip?: Buffer;
  brotli?: Buffer;
}

export interface StaticSite {
  /** Answers the request and returns true when it names a static file; false leaves it to the app. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** The prerendered 404 page, for answers the app gives without a body. */
  notFoundPage: Buffer | null;
}

export function loadStaticSite(clientDir: string): StaticSite {
  const files = new Map<string, StaticFile>();
  for (const entry of readdirSync(clientDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = join(entry.parentPath, entry.name);
    const urlPath = '/' + relative(clientDir, absolute).split(sep).join('/');
    const extension = extname(entry.name).toLowerCase();
    const body = readFileSync(absolute);
    files.set(urlPath, {
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      cacheControl: urlPath.startsWith(IMMUTABLE_PREFIX)
        ? 'public, max-age=31536000, immutable'
        : 'public, max-age=0, must-revalidate',
      compressible: COMPRESSIBLE.has(extension),
    });
  }

  function serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const pathname = decodedPathname(req.url ?? '/');
    if (pathname === null) return false;
    const file = files.get(pathname) ?? files.get(pathname + (pathname.endsWith('/') ? '' : '/') + 'index.html');
    if (file === undefined) return false;
    if (!pathname.endsWith('/') && !files.has(pathname)) {
      const query = (req.url ?? '').indexOf('?');
      res.writeHead(301, { Location: pathname + '/' + (query === -1 ? '' : (req.url ?? '').slice(query)) });
      res.end();
      return true;
    }
    sendFile(req, res, file);
    return true;
  }

  return { serve, notFoundPage: files.get('/404.html')?.body ?? null };
}

function decodedPathname(url: string): string | null {
  const query = url.indexOf('?');
  const raw = query === -1 ? url : url.slice(0, query);
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
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Cache-Control', file.cacheControl);
  res.setHeader('ETag', file.etag);
  if (file.compressible) res.setHeader('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304);
    res.end();
    return;
  }
  const body = chooseEncoding(req, res, file);
  res.setHeader('Content-Length', body.length);
  res.writeHead(200);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function chooseEncoding(req: IncomingMessage, res: ServerResponse, file: StaticFile): Buffer {
  if (!file.compressible || file.body.length < 256) return file.body;
  const accepted = req.headers['accept-encoding'] ?? '';
  if (/\bbr\b/.test(accepted)) {
    file.brotli ??= brotliCompressSync(file.body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: file.body.length },
    });
    res.setHeader('Content-Encoding', 'br');
    return file.brotli;
  }
  if (/\bgzip\b/.test(accepted)) {
    file.gzip ??= gzipSync(file.body, { level: 9 });
    res.setHeader('Content-Encoding', 'gzip');
    return file.gzip;
  }
  return file.body;
}
