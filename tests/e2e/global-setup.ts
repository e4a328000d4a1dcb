import { resolve } from 'node:path';
import { ensureBuild } from '../../src/server/build/ensure-build.ts';
import { TEST_CONTENT_DIR, TEST_SITE_ORIGIN, TEST_DIST_DIR } from './site.ts';

export default function globalSetup(): void {
  if (!ensureBuild(resolve(import.meta.dirname, '../..'), TEST_DIST_DIR, TEST_SITE_ORIGIN, TEST_CONTENT_DIR)) {
    throw new Error('The site did not build: see the messages above.');
  }
}
