/**
 * Decides whether `npm start` must rebuild: the build records when it ran, for which site origin
 * and from which stories folder; it is stale when any input changed since, when SITE_URL or the
 * stories folder changed, or when a scheduled story's publication time has come.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroConfig, AstroIntegration } from 'astro';
import { contentDir } from '../stories/content-dir.ts';
import { parseWrittenDate, writtenField } from '../stories/written-date.ts';
import type { BuildTarget } from './astro-build.ts';

export interface BuildStamp {
  builtAt: number;
  siteOrigin: string;
  contentDir: string;
}

const STAMP_FILE = 'build-stamp.json';
const INPUTS = ['src', 'public', 'astro.config.mjs', 'package-lock.json'];

export function readBuildStamp(distDir: string): BuildStamp | null {
  try {
    const stamp = JSON.parse(readFileSync(join(distDir, STAMP_FILE), 'utf8')) as Partial<BuildStamp>;
    return typeof stamp.builtAt === 'number' &&
      typeof stamp.siteOrigin === 'string' &&
      typeof stamp.contentDir === 'string'
      ? { builtAt: stamp.builtAt, siteOrigin: stamp.siteOrigin, contentDir: stamp.contentDir }
      : null;
  } catch {
    return null;
  }
}

export function writeBuildStamp(distDir: string, stamp: BuildStamp): void {
  writeFileSync(join(distDir, STAMP_FILE), JSON.stringify(stamp));
}

/**
 * Every `astro build` (npm start's, `npm run build`, a test's) stamps its own output: the old stamp
 * goes when the build starts and the new one is written when it is done, so a build made by hand
 * is served as it is and a failed one is redone.
 */
export function buildStampIntegration(): AstroIntegration {
  let startedAt = 0;
  let config: AstroConfig | null = null;
  return {
    name: 'build-stamp',
    hooks: {
      'astro:config:setup': ({ command, config: setup }) => {
        if (command !== 'build') return;
        startedAt = Date.now();
        rmSync(join(fileURLToPath(setup.outDir), STAMP_FILE), { force: true });
      },
      'astro:config:done': ({ config: done }) => {
        config = done;
      },
      'astro:build:done': () => {
        if (config === null || config.site === undefined) return;
        const projectDir = fileURLToPath(config.root);
        writeBuildStamp(fileURLToPath(config.outDir), {
          builtAt: startedAt,
          siteOrigin: new URL(config.site).origin,
          contentDir: contentDir(projectDir),
        });
      },
    },
  };
}

/** Why the build must be redone, in words for the console, or null when it is current. */
export function staleReason(target: BuildTarget, now: number): string | null {
  const stamp = readBuildStamp(target.distDir);
  if (stamp === null) return 'no build yet';
  if (stamp.siteOrigin !== target.siteOrigin) return `SITE_URL changed to ${target.siteOrigin}`;
  if (stamp.contentDir !== target.contentDir) return `the stories are now read from ${target.contentDir}`;
  const inputs = [target.contentDir, ...INPUTS.map((input) => join(target.projectDir, input))];
  if (inputs.some((input) => newestChange(input) > stamp.builtAt)) return 'sources changed since the last build';
  const due = scheduledStoriesDue(join(target.contentDir, 'articles'), stamp.builtAt, now);
  if (due.length > 0) return `scheduled stories are due: ${due.join(', ')}`;
  return null;
}

function newestChange(path: string): number {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Stories whose publishedAt fell between the last build and now. */
export function scheduledStoriesDue(articlesDir: string, builtAt: number, now: number): string[] {
  let names: string[];
  try {
    names = readdirSync(articlesDir).filter((name) => /\.mdx?$/.test(name));
  } catch {
    return [];
  }
  return names.filter((name) => {
    const written = writtenField(readFileSync(join(articlesDir, name), 'utf8'), 'publishedAt');
    const parsed = written === null ? null : parseWrittenDate(written);
    if (parsed === null || !parsed.ok) return false;
    const publishedAt = parsed.date.getTime();
    return publishedAt > builtAt && publishedAt <= now;
  });
}
