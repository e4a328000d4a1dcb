/**
 * A fresh server for every test: its own data folder and database, on a free port of 127.0.0.1,
 * serving the build made by global-setup.ts, stopped when the test ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, type BrowserContext, type Page } from '@playwright/test';
import { settableClock, type SettableClock } from '../../src/server/app/clock.ts';
import { readServerConfig } from '../../src/server/app/config.ts';
import { createServices, type Services } from '../../src/server/app/services.ts';
import { startServer, type RunningServer } from '../../src/server/http/server.ts';
import { createSession } from '../../src/server/accounts/session.ts';
import { sessionCookieName } from '../../src/server/accounts/session-cookie.ts';
import { setUserRole, signUp, type Role } from '../../src/server/accounts/user.ts';
import { postComment } from '../../src/server/comments/store.ts';

export const TEST_SITE_ORIGIN = 'http://127.0.0.1:4321';
// TEST_DIST_DIR lets two checkouts' test runs on one machine keep their builds apart.
export const TEST_DIST_DIR = resolve(import.meta.dirname, '../..', process.env.TEST_DIST_DIR ?? '.tmp/test-dist');
/** The stories the browser tests read (tests/fixtures/site/README.md), never the live content/. */
export const TEST_CONTENT_DIR = resolve(import.meta.dirname, '../fixtures/site');
/** The fixture's lead story, with comments open; its text is tests/fixtures/first-story.txt. */
export const FIRST_STORY_SLUG = 'anthropic-accuses-alibaba-of-illicit-ai-capability-extraction';

export interface TestSite {
  url: string;
  services: Services;
  /** The server's clock: it stands still until the test moves it on. */
  clock: SettableClock;
  /** Stops the server and starts a new one on the same data folder, as a redeploy would. */
  restart(): Promise<void>;
}

async function launch(
  dataDir: string,
  env: Record<string, string>,
  clock: SettableClock,
): Promise<{ services: Services; running: RunningServer }> {
  const config = readServerConfig({
    ...env,
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    SITE_URL: TEST_SITE_ORIGIN,
  });
  const services = await createServices(config, clock);
  return { services, running: await startServer(TEST_DIST_DIR, services) };
}

async function stop(instance: { services: Services; running: RunningServer }): Promise<void> {
  await instance.running.close();
  await instance.services.db.close();
}

export const test = base.extend<{ site: TestSite; serverEnv: Record<string, string> }>({
  /** Settings for the test's server, e.g. `test.use({ serverEnv: { PREMODERATION: 'first' } })`. */
  serverEnv: [{}, { option: true }],
  site: async ({ serverEnv }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-e2e-'));
    const clock = settableClock();
    let instance = await launch(dataDir, serverEnv, clock);
    const site: TestSite = {
      url: instance.running.url,
      services: instance.services,
      clock,
      restart: async () => {
        await stop(instance);
        instance = await launch(dataDir, serverEnv, clock);
        site.url = instance.running.url;
        site.services = instance.services;
      },
    };
    await use(site);
    await stop(instance);
    rmSync(dataDir, { recursive: true, force: true });
  },
  baseURL: async ({ site }, use) => {
    await use(site.url);
  },
});

export { expect } from '@playwright/test';

/** A reader created through src/server and signed in on `context`, without clicking through the forms. */
export async function signInAs(
  site: TestSite,
  context: BrowserContext,
  username: string,
  role: Role = 'reader',
): Promise<{ id: number }> {
  const now = site.clock.now();
  const created = await signUp(site.services.db, { username, password: 'a long enough password', email: null }, now);
  if (!created.ok) throw new Error(created.message);
  if (role !== 'reader') await setUserRole(site.services.db, username, role);
  const { token } = await createSession(site.services.db, created.user.id, now);
  await context.addCookies([
    { name: sessionCookieName(false), value: token, url: site.url, httpOnly: true, sameSite: 'Lax' },
  ]);
  return { id: created.user.id };
}

/** A top-level comment on the first story by a new account `author`, stored through src/server; its number. */
export async function seedComment(site: TestSite, author: string, body: string): Promise<number> {
  const user = await signUp(site.services.db, { username: author, password: 'a long enough password' }, 1);
  if (!user.ok) throw new Error(user.message);
  const stored = await postComment(
    site.services.db,
    { storySlug: FIRST_STORY_SLUG, parentId: null, authorId: user.user.id, body },
    site.clock.now(),
  );
  if (!stored.ok) throw new Error(stored.reason);
  return stored.comment.id;
}

export async function countRows(site: TestSite, table: 'comments' | 'users' | 'sessions'): Promise<number> {
  const row = await site.services.db.get<{ count: number }>(`SELECT COUNT(*) AS count FROM ${table}`);
  return Number(row?.count ?? 0);
}

/** Parses XML in the browser and returns the text of every element matching `selector`. */
export async function xmlTexts(page: Page, xml: string, selector: string): Promise<string[] | null> {
  return page.evaluate(
    ([source, query]) => {
      const doc = new DOMParser().parseFromString(source, 'application/xml');
      if (doc.querySelector('parsererror') !== null) return null;
      return [...doc.querySelectorAll(query)].map((element) => element.textContent ?? '');
    },
    [xml, selector] as const,
  );
}
