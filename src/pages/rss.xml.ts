import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getPublishedStories, storyPath } from '../lib/stories.ts';
import { publication } from '../lib/publication.ts';

export const GET: APIRoute = async ({ site }) => {
  const stories = await getPublishedStories();
  return rss({
    title: publication.name,
    description: publication.tagline,
    site: site ?? 'http://127.0.0.1:4321',
    items: stories.map((story) => ({
      title: story.data.title,
      description: story.data.description,
      pubDate: story.data.publishedAt,
      link: storyPath(story),
      categories: [story.data.section, ...story.data.tags],
      ...(story.data.authors.length > 0 ? { author: story.data.authors.join(', ') } : {}),
    })),
    customData: `<language>${publication.language}</language>`,
  });
};
