import { contentDir as defaultContentDir } from '../stories/content-dir.ts';
import { runAstroBuild } from './astro-build.ts';
import { staleReason } from './build-stamp.ts';

/**
 * Runs `astro build` when the build in `distDir` is missing or stale; false when the build failed.
 * The stories come from `contentDir`: content/ unless CONTENT_DIR names another folder.
 */
export function ensureBuild(
  projectDir: string,
  distDir: string,
  siteOrigin: string,
  contentDir: string = defaultContentDir(projectDir),
): boolean {
  const target = { projectDir, distDir, siteOrigin, contentDir };
  const reason = staleReason(target, Date.now());
  if (reason === null) return true;
  console.log(`Building the site (${reason})...`);
  return runAstroBuild(target, 'inherit').ok;
}
