/**
 * One address per page: a page's address ends in "/", as the prerendered pages' folders do, and
 * the spelling without it answers 301 to it (issue 15, item 6: `/login` and `/login/` were two
 * pages). Endpoints under /api/, Astro's own files under /_…, and names with an extension
 * (/rss.xml, /robots.txt) are left as they are.
 */
export function slashRedirect(method: string | undefined, url: string): string | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (path.endsWith('/') || !path.startsWith('/') || path.startsWith('//')) return null;
  if (path.startsWith('/api/') || path.startsWith('/_')) return null;
  if (path.slice(path.lastIndexOf('/')).includes('.')) return null;
  return `${path}/${query === -1 ? '' : url.slice(query)}`;
}
