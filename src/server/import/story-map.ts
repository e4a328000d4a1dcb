/**
 * Which of our stories an old page's comments belong to. A story's slug is its file's name in
 * the content folder's articles/ (what the site's glob loader makes its id), read from the disk
 * because a command-line import has no astro:content. An old page matches, in this order: a line
 * of the --map file naming its address or slug; the last segment of its address
 * (/articles/<slug>/, or any path ending in a known slug); its WordPress post_name or Disqus
 * identifier.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, parse } from 'node:path';
import type { SourceThread } from './source.ts';
import { writtenField } from '../stories/written-date.ts';

export type StoryMatch = { ok: true; slug: string } | { ok: false; reason: string };

/**
 * The keys stories' comments are stored under: a renamed story's `id`, its first file name, which
 * is also the address the old site knew it by (src/server/stories/story-addresses.ts), else its
 * file name.
 */
export async function readStorySlugs(contentDir: string): Promise<Set<string>> {
  const articlesDir = join(contentDir, 'articles');
  const names = (await readdir(articlesDir, { recursive: true })).filter((name) => /\.mdx?$/.test(name));
  const keys = await Promise.all(
    names.map(async (name) => writtenField(await readFile(join(articlesDir, name), 'utf8'), 'id') ?? parse(name).name),
  );
  return new Set(keys.map((key) => key.toLowerCase()));
}

/**
 * A CSV of `old address or slug,new slug` lines; blank lines, # comments and an `old,new` header
 * are passed over. The old side may be quoted when it holds a comma.
 */
export async function readStoryMap(path: string): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const comma = line.lastIndexOf(',');
    if (comma <= 0) throw new Error(`${path} line ${index + 1}: expected "old address or slug,new slug"`);
    const from = line
      .slice(0, comma)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    const to = line.slice(comma + 1).trim();
    if (index === 0 && /^old/i.test(from) && /^new/i.test(to)) continue;
    map.set(mapKey(from), to.toLowerCase());
  }
  return map;
}

export function matchStory(
  thread: SourceThread,
  slugs: ReadonlySet<string>,
  map: ReadonlyMap<string, string>,
): StoryMatch {
  for (const candidate of [thread.url, thread.slug]) {
    if (candidate === null) continue;
    const mapped = map.get(mapKey(candidate));
    if (mapped === undefined) continue;
    return slugs.has(mapped)
      ? { ok: true, slug: mapped }
      : { ok: false, reason: `the map names "${mapped}", which is not a story` };
  }
  const fromUrl = thread.url === null ? null : lastPathSegment(thread.url);
  if (fromUrl !== null && slugs.has(fromUrl)) return { ok: true, slug: fromUrl };
  if (thread.slug !== null && slugs.has(thread.slug.toLowerCase()))
    return { ok: true, slug: thread.slug.toLowerCase() };
  return { ok: false, reason: 'no story has this slug and the map does not name it' };
}

function lastPathSegment(url: string): string | null {
  try {
    const segments = new URL(url, 'http://old.invalid').pathname.split('/').filter((segment) => segment !== '');
    const last = segments.at(-1);
    return last === undefined
      ? null
      : decodeURIComponent(last)
          .replace(/\.html?$/, '')
          .toLowerCase();
  } catch {
    return null;
  }
}

/** Addresses compare without a trailing slash, so `/a/b/` in the map matches `/a/b`. */
function mapKey(text: string): string {
  return text.trim().replace(/\/+$/, '');
}
