import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { withBuildLock } from './build-lock.ts';

/** What one build makes: the stories of `contentDir` as pages for `siteOrigin`, in `distDir`. */
export interface BuildTarget {
  projectDir: string;
  distDir: string;
  siteOrigin: string;
  contentDir: string;
  /** Astro's cache (parsed stories, made pictures), when not astro.config.mjs's own. */
  cacheDir?: string;
}

/**
 * Runs `astro build` for `target`, as `npm run build` would, one build at a time in the checkout.
 * `output` holds what it printed when `show` is 'capture' (tests read the messages).
 */
export function runAstroBuild(target: BuildTarget, show: 'inherit' | 'capture'): { ok: boolean; output: string } {
  return withBuildLock(target.projectDir, () => {
    // This process's Node runs Astro, whatever `node` comes first on PATH.
    const build = spawnSync(process.execPath, [join(target.projectDir, 'node_modules/astro/bin/astro.mjs'), 'build'], {
      cwd: target.projectDir,
      stdio: show === 'inherit' ? 'inherit' : 'pipe',
      encoding: 'utf8',
      env: {
        ...process.env,
        SITE_URL: target.siteOrigin,
        OUT_DIR: target.distDir,
        CONTENT_DIR: target.contentDir,
        ...(target.cacheDir === undefined ? {} : { CACHE_DIR: target.cacheDir }),
      },
    });
    // Colour codes would split the words a reader of the output looks for.
    const output = `${build.stdout ?? ''}${build.stderr ?? ''}`.replace(/\u001b\[[0-9;]*m/g, '');
    return { ok: build.status === 0, output };
  });
}
