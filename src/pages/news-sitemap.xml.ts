import type { APIRoute } from 'astro';
import { getPublishedStories, storyPath } from '../lib/stories.ts';
import { publication } from '../lib/publication.ts';
import { newsSitemapXml } from '../server/build/sitemaps.ts';

export const GET: APIRoute = async ({ site, url }) => {
  const origin = site ?? new URL(url.origin);
  const stories = (await getPublishedStories()).map((story) => ({
    url: new URL(storyPath(story), origin).href,
    title: story.data.title,
    publishedAt: story.data.publishedAt,
  }));
  return new Response(newsSitemapXml(stories, publication, new Date()), {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
};
