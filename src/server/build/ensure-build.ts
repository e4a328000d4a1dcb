import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { staleReason, writeBuildStamp } from './build-stamp.ts';

/** Runs `astro build` when the build in `distDir` is missing or stale; false when the build failed. */
export function ensureBuild(projectDir: string, distDir: string, siteOrigin: string): boolean {
  const reason = staleReason(projectDir, distDir, siteOrigin, Date.now());
  if (reason === null) return true;
  console.log(`Building the site (${reason})...`);
  const startedAt = Date.now();
  // This process's Node runs Astro, whatever `node` comes first on PATH.
  const build = spawnSync(process.execPath, [join(projectDir, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: projectDir,
    stdio: 'inherit',
    env: { ...process.env, SITE_URL: siteOrigin, OUT_DIR: distDir },
  });
  if (build.status !== 0) return false;
  writeBuildStamp(distDir, { builtAt: startedAt, siteOrigin });
  return true;
}
