/**
 * Part 2, forged requests, with rate limits on as in production. Every state-changing route in
 * STATE_CHANGING_ROUTES is sent seven forged variants, each with a valid session cookie and a
 * body that succeeds from this site (proved first by a same-origin control that must change a
 * row). A variant is accepted when it answers below 400 or changes any row. Then a GET and HEAD
 * crawl of every route, and a Chromium page on another site and on a same-site origin that
 * auto-submits forms, posts with fetch and from an iframe.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium-launch.ts';
import { Figures, PASSWORD, STORY_SLUG, seedModerator, seedReader, send, snapshotRows, startSite } from './harness.ts';
import { attemptRoute, seedRouteContext, type RouteTarget } from './route-requests.ts';
import { STATE_CHANGING_ROUTES, crawlPaths, type StateChangingRoute } from './surfaces.ts';

const EVIL = 'http://evil.example';

interface Variant {
  name: string;
  headers: Record<string, string>;
  textPlain?: boolean;
}

const figures = new Figures();
const site = await startSite('forgery');
const { services } = site;
const victim = await seedModerator(services.db, 'victim');
const bystander = await seedReader(services.db, 'bystander');
const sameSiteOrigin = 'http://127.0.0.1:1';

const VARIANTS: readonly Variant[] = [
  { name: 'cross-site', headers: { 'Sec-Fetch-Site': 'cross-site', Origin: EVIL } },
  { name: 'same-site', headers: { 'Sec-Fetch-Site': 'same-site', Origin: sameSiteOrigin } },
  { name: 'no Sec-Fetch-Site', headers: { Origin: sameSiteOrigin } },
  { name: `Origin: ${EVIL}`, headers: { 'Sec-Fetch-Site': 'same-origin', Origin: EVIL } },
  { name: 'no Origin', headers: {} },
  // The Host header names no origin of ours (issue 11, item 9): only SITE_URL and the server's own address do.
  { name: 'Host-named origin', headers: { Host: 'evil.example', 'Sec-Fetch-Site': 'same-origin', Origin: EVIL } },
  { name: 'Content-Type: text/plain', headers: { 'Sec-Fetch-Site': 'cross-site', Origin: EVIL }, textPlain: true },
];

const routeTarget: RouteTarget = {
  url: site.url,
  services,
  actor: victim,
  other: bystander,
  story: STORY_SLUG,
  cookieName: 'session',
};
const prepare = (): ReturnType<typeof seedRouteContext> => seedRouteContext(routeTarget);
const attempt = (route: StateChangingRoute, headers: Record<string, string>, textPlain: boolean) =>
  attemptRoute(routeTarget, route, headers, textPlain);

let accepted = 0;
for (const route of STATE_CHANGING_ROUTES) {
  const control = await attempt(route, { 'Sec-Fetch-Site': 'same-origin', Origin: site.origin }, false);
  figures.check(
    control.changed && control.status < 400,
    `control: same-origin ${route.name} did not succeed (${control.status})`,
  );
  for (const variant of VARIANTS) {
    const result = await attempt(route, variant.headers, variant.textPlain === true);
    if (result.changed || result.status < 400) {
      accepted += 1;
      console.log(
        `  accepted: ${route.name}, ${variant.name}: ${result.status}${result.changed ? ', rows changed' : ''}`,
      );
    } else if (result.status !== 403) {
      console.log(`  note: ${route.name}, ${variant.name} refused with ${result.status}, not 403`);
    }
  }
}
figures.figure(
  `${STATE_CHANGING_ROUTES.length} routes x ${VARIANTS.length} variants, ${accepted} accepted`,
  accepted === 0,
);

// The crawl: a fresh session, so the once-an-hour last-use update of an older one cannot count.
const crawl = await prepare();
const beforeCrawl = await snapshotRows(services);
let crawled = 0;
for (const path of crawlPaths(crawl.context.commentId)) {
  for (const method of ['GET', 'HEAD']) {
    for (const cookie of [crawl.cookie, undefined]) {
      const answer = await send(new URL(path, site.url).href, {
        method,
        headers: { 'Sec-Fetch-Site': 'same-origin', ...(cookie === undefined ? {} : { Cookie: cookie }) },
      });
      figures.check(answer.status < 500, `${method} ${path} answered ${answer.status}`);
      crawled += 1;
    }
  }
}
const crawlChanged = (await snapshotRows(services)) !== beforeCrawl;
figures.figure(
  `GET and HEAD crawl: ${crawled} requests, ${crawlChanged ? 'rows changed' : '0 rows changed'}`,
  !crawlChanged,
);

// In Chromium: another site (evil.example, resolved to 127.0.0.1) and a same-site origin (another port).
const { context: target, cookie: victimCookie } = await prepare();
const siteUrl = site.origin;
const attackPage = (): string => {
  const form = (name: string, action: string, fields: Record<string, string>, enctype = ''): string =>
    `<iframe name="${name}"></iframe><form target="${name}" method="post" action="${siteUrl}${action}"${enctype}>` +
    Object.entries(fields)
      .map(([key, value]) => `<input type="hidden" name='${key}' value='${value}'>`)
      .join('') +
    '</form>';
  const json = JSON.stringify({ story: STORY_SLUG, body: 'forged', x: '' }).slice(0, -2);
  const forms = [
    form('a', `/articles/${STORY_SLUG}/comments/`, { intent: 'post', body: 'forged by a form' }),
    form('b', `/articles/${STORY_SLUG}/comments/`, { intent: 'delete', comment_id: String(target.commentId) }),
    form('c', '/api/comments', { [json]: '"}' }, ' enctype="text/plain"'),
    form('d', '/signup/', { username: 'forgedsignup', password: PASSWORD }),
    form('e', '/login/', { username: victim.username, password: PASSWORD }),
    form('f', '/logout/', {}),
    form('g', '/account/', { intent: 'sign-out-everywhere' }),
    form('h', '/moderation/', { intent: 'hide', comment_id: String(target.othersCommentId), reason: 'forged' }),
    form('i', '/forgot-password/', { email: `${victim.username}@example.org` }),
    form('j', '/account/email/', { intent: 'mail-choices', notify_replies: 'on' }),
  ].join('');
  const fetches = `
    const site = ${JSON.stringify(siteUrl)};
    const form = 'application/x-www-form-urlencoded';
    const calls = [
      ['POST', '/articles/${STORY_SLUG}/comments/', form, 'intent=post&body=forged+by+fetch'],
      ['POST', '/api/comments', 'text/plain', ${JSON.stringify(JSON.stringify({ story: STORY_SLUG, body: 'forged by fetch' }))}],
      ['POST', '/api/comments', 'application/json', ${JSON.stringify(JSON.stringify({ story: STORY_SLUG, body: 'forged by fetch' }))}],
      ['PATCH', '/api/comments/${target.commentId}', 'application/json', '{"body":"forged edit"}'],
      ['DELETE', '/api/comments/${target.commentId}', 'text/plain', ''],
      ['POST', '/logout/', form, ''],
      ['POST', '/account/', form, 'intent=sign-out-everywhere'],
      ['POST', '/signup/', form, 'username=forgedfetch&password=a+long+enough+password'],
      ['POST', '/api/comments/${target.othersCommentId}/report', 'text/plain', '{"reason":"spam"}'],
      ['POST', '/moderation/', form, 'intent=hide&comment_id=${target.othersCommentId}&reason=forged'],
    ];
    for (const [method, path, type, body] of calls) {
      for (const mode of ['no-cors', 'cors']) {
        fetch(site + path, { method, mode, credentials: 'include', headers: { 'Content-Type': type }, body: method === 'DELETE' ? undefined : body }).catch(() => {});
      }
    }`;
  return `<!doctype html><title>win a prize</title>${forms}<iframe src="/inner"></iframe>
    <script>for (const f of document.forms) f.submit(); ${fetches}</script>`;
};
const innerPage = `<!doctype html><form method="post" action="${siteUrl}/articles/${STORY_SLUG}/comments/">
  <input type="hidden" name="intent" value="post"><input type="hidden" name="body" value="forged from an iframe"></form>
  <script>document.forms[0].submit()</script>`;
const attacker = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(req.url === '/inner' ? innerPage : attackPage());
});
await new Promise<void>((done) => attacker.listen(0, '127.0.0.1', done));
const attackerPort = (attacker.address() as AddressInfo).port;
const browser = await chromium.launch(chromiumLaunchOptions([`--host-resolver-rules=MAP evil.example 127.0.0.1`]));
const beforeBrowser = await snapshotRows(services);
let browserRequests = 0;
for (const origin of [`http://evil.example:${attackerPort}`, `http://127.0.0.1:${attackerPort}`]) {
  const context = await browser.newContext();
  await context.addCookies([
    { name: 'session', value: victimCookie.slice('session='.length), url: site.url, httpOnly: true, sameSite: 'Lax' },
  ]);
  context.on('request', (request) => {
    if (request.url().startsWith(siteUrl) && request.method() !== 'GET') browserRequests += 1;
  });
  const page = await context.newPage();
  await page.goto(`${origin}/attack`);
  await page.waitForTimeout(1500);
  await page.waitForLoadState('networkidle');
  await context.close();
}
await browser.close();
attacker.close();
const browserChanged = (await snapshotRows(services)) !== beforeBrowser;
figures.figure(
  `Chromium on another site and a same-site origin: ${browserRequests} forged requests sent, ${browserChanged ? 'rows changed' : 'nothing created'}`,
  !browserChanged && browserRequests > 0,
);

await site.close();
figures.exit();
