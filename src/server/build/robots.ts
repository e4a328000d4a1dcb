/**
 * What crawlers are told: the accounts, moderation and API paths are no pages for them (each
 * page there is noindex too), and where the two sitemaps are (https://www.rfc-editor.org/rfc/rfc9309).
 */
const PRIVATE_PATHS = ['/api/', '/login', '/signup', '/logout', '/account', '/moderation'];

export const SITEMAP_PATHS = ['/sitemap-index.xml', '/news-sitemap.xml'];

/** Whether a path is one of those robots.txt keeps crawlers from, and so never in a sitemap. */
export function isPrivatePath(pathname: string): boolean {
  return PRIVATE_PATHS.some((path) => pathname.startsWith(path));
}

export function robotsTxt(site: URL): string {
  const disallow = PRIVATE_PATHS.map((path) => `Disallow: ${path}`);
  const sitemaps = SITEMAP_PATHS.map((path) => `Sitemap: ${new URL(path, site).href}`);
  return ['User-agent: *', ...disallow, '', ...sitemaps, ''].join('\n');
}
