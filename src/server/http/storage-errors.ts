/**
 * Storage that cannot take a write right now (a read-only or full disk, a file that cannot be
 * opened, a lock held too long) is a 503 with words, not a 500: the reader can try again, and
 * reads keep working. Issue 7: https://www.sqlite.org/rescode.html and
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const SQLITE_UNAVAILABLE = new Set([
  5, // SQLITE_BUSY
  6, // SQLITE_LOCKED
  8, // SQLITE_READONLY
  10, // SQLITE_IOERR
  13, // SQLITE_FULL
  14, // SQLITE_CANTOPEN
]);
const POSTGRES_UNAVAILABLE = /^(08...|25006|53...|57P0[123])$/;

export function isStorageUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; typeof cause === 'object' && cause !== null && depth < 5; depth += 1) {
    const { errcode, code } = cause as { errcode?: unknown; code?: unknown };
    if (typeof errcode === 'number' && SQLITE_UNAVAILABLE.has(errcode & 0xff)) return true;
    if (typeof code === 'string' && POSTGRES_UNAVAILABLE.test(code)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

export function storageUnavailableResponse(url: URL): Response {
  const message = 'We cannot save anything right now. Nothing was saved; please try again in a few minutes.';
  const headers = { 'Retry-After': '60', 'Cache-Control': 'no-store' };
  if (url.pathname.startsWith('/api/')) {
    return Response.json({ error: 'storage-unavailable', message }, { status: 503, headers });
  }
  return new Response(message, { status: 503, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}
