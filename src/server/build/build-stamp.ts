/**
 * Decides whether `npm start` must rebuild: the build records when it ran and for which site
 * origin; it is stale when any input changed since, when SITE_URL changed, or when a scheduled
 * story's publication time has come.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BuildStamp {
  builtAt: number;
  siteOrigin: string;
}

const STAMP_FILE = 'build-stamp.json';
const INPUTS = ['content', 'src', 'public', 'astro.config.mjs', 'package-lock.json'];

export function readBuildStamp(distDir: string): BuildStamp | null {
  try {
    const stamp = JSON.parse(readFileSync(join(distDir, STAMP_FILE), 'utf8')) as Partial<BuildStamp>;
    return typeof stamp.builtAt === 'number' && typeof stamp.siteOrigin === 'string'
      ? { builtAt: stamp.builtAt, siteOrigin: stamp.siteOrigin }
      : null;
  } catch {
    return null;
  }
}

export function writeBuildStamp(distDir: string, stamp: BuildStamp): void {
  writeFileSync(join(distDir, STAMP_FILE), JSON.stringify(stamp));
}

/** Why the build must be redone, in words for the console, or null when it is current. */
export function staleReason(projectDir: string, distDir: string, siteOrigin: string, now: number): string | null {
  const stamp = readBuildStamp(distDir);
  if (stamp === null) return 'no build yet';
  if (stamp.siteOrigin !== siteOrigin) return `SITE_URL changed to ${siteOrigin}`;
  const changed = INPUTS.map((input) => newestChange(join(projectDir, input))).find((mtime) => mtime > stamp.builtAt);
  if (changed !== undefined) return 'sources changed since the last build';
  const due = scheduledStoriesDue(join(projectDir, 'content', 'articles'), stamp.builtAt, now);
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
    const match = /^publishedAt:\s*["']?([^"'\n]+)/m.exec(readFileSync(join(articlesDir, name), 'utf8'));
    if (match === null || match[1] === undefined) return false;
    const publishedAt = new Date(match[1].trim()).getTime();
    return publishedAt > builtAt && publishedAt <= now;
  });
}
