import { readFile } from 'node:fs/promises';
import { glob, type Loader, type ParseDataOptions } from 'astro/loaders';
import { writtenField } from './written-date.ts';
import { missingPicture } from './missing-picture.ts';

const DATE_FIELDS = ['publishedAt', 'updatedAt'];

/**
 * Astro's glob loader over the stories in `articlesDir`, handing the schema each date YAML turned
 * into a Date as the text the editor wrote, so the schema can refuse 2026-11-31 (written-date.ts).
 * A hero beside the story that is not there stops the build here, naming the story.
 */
export function storyLoader(articlesDir: string): Loader {
  const files = glob({ pattern: '**/*.{md,mdx}', base: articlesDir });
  return {
    name: 'story-loader',
    load: (context) =>
      files.load({
        ...context,
        parseData: async <TData extends Record<string, unknown>>(entry: ParseDataOptions<TData>): Promise<TData> => {
          if (entry.filePath === undefined) return context.parseData(entry);
          const missing = missingPicture(entry.filePath, entry.data, 'hero');
          if (missing !== null) throw new Error(missing);
          const source = await readFile(entry.filePath, 'utf8');
          const data: Record<string, unknown> = { ...entry.data };
          for (const field of DATE_FIELDS) {
            const written = data[field] instanceof Date ? writtenField(source, field) : null;
            if (written !== null) data[field] = written;
          }
          return context.parseData({ ...entry, data: data as TData });
        },
      }),
  };
}
