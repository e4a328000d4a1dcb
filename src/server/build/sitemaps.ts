/**
 * The two sitemaps' story data. The normal sitemap (@astrojs/sitemap) lists every page and gives
 * a story's the date it last changed. The Google News sitemap lists the stories of the last two
 * days, at most 1,000 (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap);
 * it is built with the site, so "the last two days" are the two days before the build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { markup } from '../markup/html.ts';
import { parseWrittenDate, writtenField } from '../stories/written-date.ts';

const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;
const NEWS_LIMIT = 1000;

export interface NewsStory {
  url: string;
  title: string;
  publishedAt: Date;
}

/** `stories` newest first; `language` as the site declares it ("en-GB": Google wants "en"). */
export function newsSitemapXml(
  stories: readonly NewsStory[],
  publication: { name: string; language: string },
  now: Date,
): string {
  const language = publication.language.split('-')[0]?.toLowerCase() ?? 'en';
  const recent = stories
    .filter((story) => {
      const age = now.getTime() - story.publishedAt.getTime();
      return age >= 0 && age <= NEWS_WINDOW_MS;
    })
    .slice(0, NEWS_LIMIT);
  const urls = recent.map(
    (story) =>
      markup`<url><loc>${story.url}</loc><news:news><news:publication><news:name>${publication.name}</news:name><news:language>${language}</news:language></news:publication><news:publication_date>${story.publishedAt.toISOString()}</news:publication_date><news:title>${story.title}</news:title></news:news></url>\n`,
  );
  return markup`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n${urls}</urlset>\n`.toString();
}

/**
 * When each story in `articlesDir` last changed (its updatedAt, else its publishedAt), by the path
 * of its page, read from the front matter as written, as the sitemap integration has no
 * collections to ask.
 */
export function storyLastModified(articlesDir: string): Map<string, Date> {
  const dates = new Map<string, Date>();
  let names: string[];
  try {
    names = readdirSync(articlesDir).filter((name) => /\.mdx?$/.test(name));
  } catch {
    return dates;
  }
  for (const name of names) {
    const source = readFileSync(join(articlesDir, name), 'utf8');
    const written = writtenField(source, 'updatedAt') ?? writtenField(source, 'publishedAt');
    const parsed = written === null ? null : parseWrittenDate(written);
    if (parsed !== null && parsed.ok) dates.set(`/articles/${basename(name, extname(name))}/`, parsed.date);
  }
  return dates;
}

/** The sitemap integration's `serialize`: a story's entry gets its `lastmod`. */
export function withLastModified<Item extends { url: string; lastmod?: string | undefined }>(
  dates: ReadonlyMap<string, Date>,
): (item: Item) => Item {
  return (item) => {
    const date = dates.get(new URL(item.url).pathname);
    return date === undefined ? item : { ...item, lastmod: date.toISOString() };
  };
}
