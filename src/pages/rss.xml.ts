import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getPublishedStories, storyPath } from '../lib/stories.ts';
import { publication } from '../lib/publication.ts';
import { getStoryAuthors } from '../lib/authors.ts';
import { sectionLabel } from '../server/stories/sections.ts';

export const GET: APIRoute = async ({ site }) => {
  const stories = await getPublishedStories();
  return rss({
    title: publication.name,
    description: publication.tagline,
    site: site ?? 'http://127.0.0.1:4321',
    items: await Promise.all(
      stories.map(async (story) => ({
        title: story.data.title,
        description: story.data.description,
        pubDate: story.data.publishedAt,
        link: storyPath(story),
        categories: [sectionLabel(story.data.section), ...story.data.tags],
        ...(story.data.authors.length > 0
          ? { author: (await getStoryAuthors(story.data.authors)).map((author) => author.data.name).join(', ') }
          : {}),
      })),
    ),
    customData: `<language>${publication.language}</language>`,
  });
};
