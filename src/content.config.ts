import { join } from 'node:path';
import { defineCollection } from 'astro:content';
import { contentDir } from './server/stories/content-dir.ts';
import { storyLoader } from './server/stories/story-loader.ts';
import { storySchema } from './server/stories/story-schema.ts';

const articles = defineCollection({
  loader: storyLoader(join(contentDir(process.cwd()), 'articles')),
  schema: storySchema,
});

export const collections = { articles };
