/**
 * A fresh server for every test: its own data folder and database, on a free port of 127.0.0.1,
 * serving the build made by global-setup.ts, stopped when the test ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base } from '@playwright/test';
import { readServerConfig } from '../../src/server/config/config.ts';
import { createServices, type Services } from '../../src/server/services.ts';
import { startServer } from '../../src/server/http/server.ts';

export const TEST_SITE_ORIGIN = 'http://127.0.0.1:4321';
export const TEST_DIST_DIR = resolve(import.meta.dirname, '../../.tmp/test-dist');
export const FIRST_STORY_SLUG = 'anthropic-accuses-alibaba-of-illicit-ai-capability-extraction';

export interface TestSite {
  url: string;
  services: Services;
}

export const test = base.extend<{ site: TestSite }>({
  site: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'newsroom-e2e-'));
    const config = readServerConfig({ HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, SITE_URL: TEST_SITE_ORIGIN });
    const services = await createServices(config);
    const running = await startServer(TEST_DIST_DIR, services);
    await use({ url: running.url, services });
    await running.close();
    await services.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
  baseURL: async ({ site }, use) => {
    await use(site.url);
  },
});

export { expect } from '@playwright/test';
