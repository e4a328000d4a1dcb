/** Answers shared by pages and endpoints: JSON for /api/, plain words for a browser. */
export function jsonError(status: number, error: string, message: string, headers: HeadersInit = {}): Response {
  return Response.json({ error, message }, { status, headers });
}

export function forbiddenResponse(url: URL): Response {
  const message = 'This request did not come from a page of this site, so it was refused.';
  if (url.pathname.startsWith('/api/')) return jsonError(403, 'cross-origin', message);
  return new Response(message, { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

export function redirect(location: string, status: 302 | 303 = 303): Response {
  return new Response(null, { status, headers: { Location: location } });
}
