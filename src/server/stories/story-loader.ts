import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { glob, type Loader, type LoaderContext, type ParseDataOptions } from 'astro/loaders';
import { clearFrontMatterError, plainMessage, recordFrontMatterError } from './front-matter-errors.ts';
import { writtenField } from './written-date.ts';
import { missingPicture } from './missing-picture.ts';

const DATE_FIELDS = ['publishedAt', 'updatedAt'];

/**
 * Astro's glob loader over the stories in `articlesDir`, handing the schema each date YAML turned
 * into a Date as the text the editor wrote, so the schema can refuse 2026-11-31 (written-date.ts).
 * A hero beside the story that is not there stops the build here, naming the story.
 *
 * A build stops at a story whose front matter is wrong. The preview (`npm run dev`, the only run
 * with a file watcher) instead leaves the story out and says what is wrong in the terminal and on
 * every page (front-matter-errors.ts): Astro's own handling stopped the preview from starting, or,
 * on a later save, went on showing the story as it was.
 */
export function storyLoader(articlesDir: string): Loader {
  const files = glob({ pattern: '**/*.{md,mdx}', base: articlesDir });
  return {
    name: 'story-loader',
    load: (context) => {
      const preview = context.watcher !== undefined;
      const unreadable = new Set<string>();
      return files.load({
        ...context,
        store: preview ? withoutUnreadable(context.store, unreadable) : context.store,
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
          const file = basename(entry.filePath);
          try {
            const parsed = await context.parseData({ ...entry, data: data as TData });
            unreadable.delete(entry.id);
            clearFrontMatterError(file);
            return parsed;
          } catch (error) {
            if (!preview) throw error;
            const message = error instanceof Error ? error.message : String(error);
            context.logger.error(`${file}: ${plainMessage(message)}`);
            recordFrontMatterError(file, message);
            unreadable.add(entry.id);
            // Never stored: withoutUnreadable takes the story out instead.
            return {} as TData;
          }
        },
      });
    },
  };
}

/** The store, but a story whose front matter could not be read is taken out rather than stored. */
function withoutUnreadable(store: LoaderContext['store'], unreadable: ReadonlySet<string>): LoaderContext['store'] {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'set') {
        return (entry: Parameters<typeof target.set>[0]): boolean => {
          if (!unreadable.has(entry.id)) return target.set(entry);
          target.delete(entry.id);
          return false;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
