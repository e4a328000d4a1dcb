import { existsSync, readdirSync } from 'node:fs';
import { glob, type Loader, type ParseDataOptions } from 'astro/loaders';
import { z } from 'astro/zod';
import { pictureField } from './picture-field.ts';
import { missingPicture } from './missing-picture.ts';

const AUTHOR_FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/**
 * The ids of the authors in `authorsDir` (content/authors/<id>.md), read before the stories so the
 * story schema can refuse a byline naming nobody; no folder means no authors.
 */
export function readAuthorIds(authorsDir: string): Set<string> {
  let files: string[];
  try {
    files = readdirSync(authorsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
  return new Set(files.flatMap((file) => AUTHOR_FILE.exec(file)?.[1] ?? []));
}

/**
 * The authors collection: content/authors/<id>.md, a photo that is not there stopping the build
 * with the author's file; no folder means no authors (and no warning).
 */
export function authorLoader(authorsDir: string): Loader {
  if (!existsSync(authorsDir)) return { name: 'no-authors', load: async ({ store }) => store.clear() };
  const files = glob({ pattern: '*.md', base: authorsDir });
  return {
    name: 'author-loader',
    load: (context) =>
      files.load({
        ...context,
        parseData: async <TData extends Record<string, unknown>>(entry: ParseDataOptions<TData>): Promise<TData> => {
          const missing = entry.filePath === undefined ? null : missingPicture(entry.filePath, entry.data, 'photo');
          if (missing !== null) throw new Error(missing);
          return context.parseData(entry);
        },
      }),
  };
}

/**
 * Front matter of content/authors/<id>.md; the text below it is the author's page. The return
 * type is left to inference: it is the zod schema's own.
 */
export function authorSchema<Image>(image: () => z.ZodType<Image>) {
  return z
    .object({
      name: z.string().trim().min(1, 'the name is empty').max(100, 'the name is over 100 characters'),
      role: z.string().trim().min(1, 'the role is empty').max(100, 'the role is over 100 characters'),
      bio: z.string().trim().min(1, 'the short bio is empty').max(300, 'the short bio is over 300 characters'),
      photo: pictureField(image, 'the photo').strict().optional(),
      links: z
        .array(
          z
            .object({
              label: z.string().trim().min(1, 'a link needs a label'),
              url: z.url({ protocol: /^https?$/, error: 'a link must be an http(s) address' }),
            })
            .strict(),
        )
        .default([]),
    })
    .strict();
}
