/**
 * The perimeter part, as a real deployment has it (issue 11 items 1, 2 and 9; issue 12 item 7):
 * the server runs with SITE_URL=https://news.example and every request arrives as a TLS proxy
 * passes it on (Host: news.example, X-Forwarded-Proto: https), not on the internal origin the
 * other parts use. Every state-changing route must accept the browser's https origin and refuse
 * the plain-HTTP one, a Host-named one and a cross-site one; no return_to may send a reader off
 * the site; every response that sets a cookie must be `no-store`; and a session due for its
 * hourly refresh must keep its reader signed in when storage refuses writes. It builds its own
 * fixture stories (tests/fixtures/perimeter-site), never content/.
 */
import { join } from 'node:path';
import { ensureBuild } from '../../src/server/build/ensure-build.ts';
import { readServerConfig } from '../../src/server/app/config.ts';
import { createServices, type Services } from '../../src/server/app/services.ts';
import { startServer } from '../../src/server/http/server.ts';
import { createSession } from '../../src/server/accounts/session.ts';
import { sessionCookieName } from '../../src/server/accounts/session-cookie.ts';
import { refuseWrites } from '../unit/write-refusing-database.ts';
import {
  Figures,
  PASSWORD,
  PROJECT_DIR,
  STORY_SLUG,
  makeDataDir,
  removeDataDir,
  seedModerator,
  seedReader,
  send,
  snapshotRows,
  type Answer,
} from './harness.ts';
import { attemptRoute, seedRouteContext, type RouteTarget } from './route-requests.ts';
import { STATE_CHANGING_ROUTES, type StateChangingRoute } from './surfaces.ts';

const PUBLIC_ORIGIN = 'https://news.example';
const STORY = 'a-story-behind-tls';
const DIST_DIR = join(PROJECT_DIR, '.tmp/perimeter-dist');
const COOKIE = sessionCookieName(true);
/** What nginx (deploy/nginx.conf) adds to every request it passes on over TLS. */
const VIA_PROXY = { Host: 'news.example', 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '198.51.100.7' };

const CONTENT_DIR = join(PROJECT_DIR, 'tests/fixtures/perimeter-site');
if (!ensureBuild(PROJECT_DIR, DIST_DIR, PUBLIC_ORIGIN, CONTENT_DIR)) throw new Error('The fixture site did not build.');

const figures = new Figures();

interface Running {
  url: string;
  /** The real services, for seeding; the server may be handed a database that refuses writes. */
  services: Services;
  refusedWrites(): number;
  close(): Promise<void>;
}

/** A server as deployed behind TLS, on a fresh data folder of its own. */
async function startBehindTls(label: string, options: { refuseWrites?: boolean } = {}): Promise<Running> {
  const dataDir = makeDataDir(label);
  const config = readServerConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    SITE_URL: PUBLIC_ORIGIN,
    SIGN_UP_BURST: '50',
  });
  const services = await createServices(config);
  const disk = options.refuseWrites === true ? refuseWrites(services.db) : null;
  const running = await startServer(DIST_DIR, disk === null ? services : { ...services, db: disk });
  return {
    url: running.url,
    services,
    refusedWrites: () => disk?.refusedWrites ?? 0,
    close: async () => {
      await running.close();
      await services.db.close();
      removeDataDir(dataDir);
    },
  };
}

function request(site: Running, method: string, path: string, headers: Record<string, string>, form?: string) {
  return send(new URL(path, site.url).href, {
    method,
    headers: {
      ...VIA_PROXY,
      ...headers,
      ...(form === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
    },
    ...(form === undefined ? {} : { body: form }),
  });
}

/** The harness's routes, pointed at this part's fixture story. */
function onFixtureStory(route: StateChangingRoute): StateChangingRoute {
  const swap = (text: string): string => text.replaceAll(STORY_SLUG, STORY);
  return {
    ...route,
    path: (context) => swap(route.path(context)),
    body: (context) => {
      const body = route.body(context);
      return body === null ? null : (JSON.parse(swap(JSON.stringify(body))) as typeof body);
    },
  };
}

const site = await startBehindTls('perimeter');
const { services } = site;
const moderator = await seedModerator(services.db, 'moderator');
const bystander = await seedReader(services.db, 'bystander');

const target: RouteTarget = {
  url: site.url,
  services,
  actor: moderator,
  other: bystander,
  story: STORY,
  cookieName: COOKIE,
};
const prepare = (): ReturnType<typeof seedRouteContext> => seedRouteContext(target);
const attempt = (route: StateChangingRoute, headers: Record<string, string>) =>
  attemptRoute(target, route, { ...VIA_PROXY, ...headers });
let serial = 0;

interface Shape {
  name: string;
  headers: Record<string, string>;
}

const routes = STATE_CHANGING_ROUTES.map(onFixtureStory);

// Item 1: the browser's own origin behind TLS, with and without Fetch Metadata.
const browserShapes: Shape[] = [
  { name: 'Sec-Fetch-Site and Origin', headers: { 'Sec-Fetch-Site': 'same-origin', Origin: PUBLIC_ORIGIN } },
  { name: 'Origin only', headers: { Origin: PUBLIC_ORIGIN } },
];
let refusedOwn = 0;
for (const route of routes) {
  for (const shape of browserShapes) {
    const result = await attempt(route, shape.headers);
    if (!result.changed || result.status >= 400) {
      refusedOwn += 1;
      console.log(
        `  refused: ${route.name}, ${shape.name}: ${result.status}${result.changed ? '' : ', nothing changed'}`,
      );
    }
  }
}
figures.figure(
  `behind TLS: ${routes.length} routes x ${browserShapes.length} browser shapes from ${PUBLIC_ORIGIN}, ${refusedOwn} refused`,
  refusedOwn === 0,
);

// Item 1 and item 9: only SITE_URL's origin counts; neither plain HTTP nor the Host header adds one.
const otherOrigins: Shape[] = [
  { name: 'plain-HTTP origin', headers: { 'Sec-Fetch-Site': 'same-origin', Origin: 'http://news.example' } },
  {
    name: 'Host-named origin',
    headers: { Host: 'evil.example', 'X-Forwarded-Proto': 'http', Origin: 'http://evil.example' },
  },
  {
    name: 'Host-named origin, same-origin by Fetch Metadata',
    headers: { Host: 'evil.example', 'Sec-Fetch-Site': 'same-origin', Origin: 'http://evil.example' },
  },
  { name: 'cross-site', headers: { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' } },
];
let acceptedOther = 0;
for (const route of routes) {
  for (const shape of otherOrigins) {
    const result = await attempt(route, shape.headers);
    if (result.changed || result.status !== 403) {
      acceptedOther += 1;
      console.log(
        `  accepted: ${route.name}, ${shape.name}: ${result.status}${result.changed ? ', rows changed' : ''}`,
      );
    }
  }
}
figures.figure(
  `behind TLS: ${routes.length} routes x ${otherOrigins.length} other origins (plain HTTP, Host-named, cross-site), ${acceptedOther} not refused with 403`,
  acceptedOther === 0,
);

// The server's fast paths (static files, the signed-out comment section) answer GET and HEAD
// only; any other method on them, or on a prerendered page, must reach no handler.
const browser = { 'Sec-Fetch-Site': 'same-origin', Origin: PUBLIC_ORIGIN };
const fastPaths = [
  '/',
  `/articles/${STORY}/`,
  `/api/comment-section?story=${STORY}`,
  `/api/comment-counts?stories=${STORY}`,
  '/rss.xml',
  '/404.html',
];
const methods = ['POST', 'PUT', 'PATCH', 'DELETE'];
const { cookie: fastPathCookie } = await prepare();
const beforeFastPaths = await snapshotRows(services);
let served = 0;
for (const path of fastPaths) {
  for (const method of methods) {
    const { status } = await request(site, method, path, { ...browser, Cookie: fastPathCookie }, 'intent=post&body=x');
    if (status < 400) {
      served += 1;
      console.log(`  ${method} ${path}: ${status}`);
    }
  }
}
const fastPathsChanged = (await snapshotRows(services)) !== beforeFastPaths;
figures.figure(
  `fast paths and prerendered pages: ${fastPaths.length * methods.length} other-method requests from ${PUBLIC_ORIGIN}, ` +
    `${served} served, ${fastPathsChanged ? 'rows changed' : '0 rows changed'}`,
  served === 0 && !fastPathsChanged,
);

// Item 2: a signed-in reader following a crafted link, and each form that takes return_to.
const returnShapes = [
  '/..//evil.example/',
  '/.//evil.example/',
  '/%2e%2e//evil.example/',
  '/%2E%2E/%2e//evil.example/',
];
const redirects: { name: string; answer: () => Promise<Answer> }[] = [];
for (const shape of returnShapes) {
  redirects.push(
    {
      name: `signed in, GET /login/?return_to=${encodeURIComponent(shape)}`,
      answer: async () =>
        request(site, 'GET', `/login/?return_to=${encodeURIComponent(shape)}`, { Cookie: (await prepare()).cookie }),
    },
    {
      name: `POST /login/ return_to=${shape}`,
      answer: async () =>
        request(
          site,
          'POST',
          '/login/',
          browser,
          new URLSearchParams({ username: moderator.username, password: PASSWORD, return_to: shape }).toString(),
        ),
    },
    {
      name: `POST /signup/ return_to=${shape}`,
      answer: async () =>
        request(
          site,
          'POST',
          '/signup/',
          browser,
          new URLSearchParams({
            username: `redirected${(serial += 1)}`,
            password: PASSWORD,
            return_to: shape,
          }).toString(),
        ),
    },
    {
      name: `POST /logout/ return_to=${shape}`,
      answer: async () =>
        request(
          site,
          'POST',
          '/logout/',
          { ...browser, Cookie: (await prepare()).cookie },
          new URLSearchParams({ return_to: shape }).toString(),
        ),
    },
  );
}
let offSite = 0;
for (const { name, answer } of redirects) {
  const { status, headers } = await answer();
  const location = headers.location;
  const target = typeof location === 'string' ? new URL(location, `${PUBLIC_ORIGIN}/login/`) : null;
  if (status !== 303 || target === null || target.origin !== PUBLIC_ORIGIN) {
    offSite += 1;
    console.log(`  ${name}: ${status} Location: ${String(location)}`);
  }
}
figures.figure(
  `open redirect: ${redirects.length} crafted return_to links, ${offSite} not answered 303 to ${PUBLIC_ORIGIN}`,
  offSite === 0,
);

// Item 9: every response that sets a cookie must never be stored by a cache.
const stale = await createSession(services.db, bystander.id, Math.floor(Date.now() / 1000) - 2 * 60 * 60);
const cookieSetters: { name: string; answer: () => Promise<Answer> }[] = [
  {
    name: 'sign in (303)',
    answer: () =>
      request(
        site,
        'POST',
        '/login/',
        browser,
        new URLSearchParams({ username: bystander.username, password: PASSWORD }).toString(),
      ),
  },
  {
    name: 'sign up (303)',
    answer: () =>
      request(
        site,
        'POST',
        '/signup/',
        browser,
        new URLSearchParams({ username: `cookie${(serial += 1)}`, password: PASSWORD }).toString(),
      ),
  },
  {
    name: 'sign out (303)',
    answer: async () => request(site, 'POST', '/logout/', { ...browser, Cookie: (await prepare()).cookie }, ''),
  },
  {
    name: 'an unknown session cookie cleared',
    answer: () => request(site, 'GET', '/login/', { Cookie: `${COOKIE}=${'a'.repeat(24)}.${'b'.repeat(52)}` }),
  },
  {
    name: 'a session renewed after an hour',
    answer: () => request(site, 'GET', '/account/', { Cookie: `${COOKIE}=${stale.token}` }),
  },
];
let storable = 0;
for (const { name, answer } of cookieSetters) {
  const { status, headers } = await answer();
  const setsCookie = (headers['set-cookie'] ?? []).length > 0;
  if (!setsCookie || headers['cache-control'] !== 'no-store') {
    storable += 1;
    console.log(
      `  ${name}: ${status}, ${setsCookie ? 'sets a cookie' : 'sets no cookie'}, Cache-Control: ${String(headers['cache-control'])}`,
    );
  }
}
figures.figure(
  `${cookieSetters.length} responses that set a cookie, ${storable} without Cache-Control: no-store`,
  storable === 0,
);
await site.close();

// Issue 12 item 7: a session last used two hours ago, on storage that refuses every write.
{
  const faulty = await startBehindTls('perimeter-readonly', { refuseWrites: true });
  const reader = await seedReader(faulty.services.db, 'longreader');
  const old = await createSession(faulty.services.db, reader.id, Math.floor(Date.now() / 1000) - 2 * 60 * 60);
  const cookie = `${COOKIE}=${old.token}`;
  const account = await request(faulty, 'GET', '/account/', { Cookie: cookie });
  const comments = await request(faulty, 'GET', `/articles/${STORY}/comments/`, { Cookie: cookie });
  const session = await request(faulty, 'GET', '/api/session', { Cookie: cookie });
  const post = await request(
    faulty,
    'POST',
    `/articles/${STORY}/comments/`,
    { ...browser, Cookie: cookie },
    'intent=post&body=hello',
  );
  const signedIn = account.text.includes(reader.username) && session.text.includes(`"username":"${reader.username}"`);
  figures.figure(
    `session refresh on storage that refuses writes: account ${account.status}, comments page ${comments.status}, ` +
      `${signedIn ? 'still signed in' : 'not signed in'}, a post ${post.status}`,
    account.status === 200 && comments.status === 200 && session.status === 200 && signedIn && post.status === 503,
  );
  figures.check(faulty.refusedWrites() > 0, 'the server never tried to write, so the refresh was not exercised');
  await faulty.close();
}

figures.exit();
