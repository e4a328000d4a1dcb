/** The public origin of the site, from SITE_URL; canonical URLs, feeds and the origin check use it. */
export function siteUrl(env: NodeJS.ProcessEnv): string {
  const configured = env.SITE_URL ?? `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? '4321'}`;
  const url = new URL(configured);
  return url.origin;
}
