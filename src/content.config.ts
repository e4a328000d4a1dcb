import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { storySchema } from './server/stories/story-schema.ts';

// CONTENT_DIR lets tests and benchmarks build a fixture folder instead of the live stories.
const articles = defineCollection({
  loader: glob({ pattern: '**/*.{md,mdx}', base: `${process.env.CONTENT_DIR ?? './content'}/articles` }),
  schema: storySchema,
});

export const collections = { articles };
