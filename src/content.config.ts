import { join } from 'node:path';
import { defineCollection } from 'astro:content';
import { contentDir } from './server/stories/content-dir.ts';
import { storyLoader } from './server/stories/story-loader.ts';
import { storySchema } from './server/stories/story-schema.ts';
import { authorLoader, authorSchema, readAuthorIds } from './server/stories/authors.ts';

const content = contentDir(process.cwd());
const authorsDir = join(content, 'authors');

const articles = defineCollection({
  loader: storyLoader(join(content, 'articles')),
  schema: ({ image }) => storySchema(image, readAuthorIds(authorsDir)),
});

const authors = defineCollection({
  loader: authorLoader(authorsDir),
  schema: ({ image }) => authorSchema(image),
});

export const collections = { articles, authors };
