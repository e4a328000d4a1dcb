/**
 * What an action is handed by a page, made for a unit test: a fresh database, the settings the
 * server would read from `env`, a clock that stands still, and a cookie jar that remembers.
 */
import type { TestContext } from 'node:test';
import type { CookieJar } from '../../src/server/accounts/session-cookie.ts';
import { settableClock, type SettableClock } from '../../src/server/app/clock.ts';
import { readServerConfig, type ServerConfig } from '../../src/server/app/config.ts';
import type { Database } from '../../src/server/db/database.ts';
import { NOW } from './fixtures.ts';
import { freshDatabase } from './test-db.ts';

export interface ActionServices {
  db: Database;
  config: ServerConfig;
  clock: SettableClock;
}

export interface SetCookie {
  value: string;
  options: Parameters<CookieJar['set']>[2];
}

export interface RecordingCookieJar extends CookieJar {
  /** The last value set for each cookie name. */
  cookies: Map<string, SetCookie>;
}

export async function actionServices(t: TestContext, env: NodeJS.ProcessEnv = {}): Promise<ActionServices> {
  return {
    db: await freshDatabase(t),
    config: readServerConfig({ SITE_URL: 'http://127.0.0.1:4321', ...env }),
    clock: settableClock(NOW),
  };
}

export function recordingCookieJar(): RecordingCookieJar {
  const cookies = new Map<string, SetCookie>();
  return { cookies, set: (name, value, options) => void cookies.set(name, { value, options }) };
}
