/**
 * Every `astro build` (npm start's, `npm run build`, a test's) ends by indexing the stories for
 * /search/ with Pagefind (https://pagefind.app/docs/node-api/): only story pages, and in them only
 * what carries `data-pagefind-body` (the story, not the comment section, navigation or footer).
 * The index goes beside the pages in pagefind/, so searching sends no request off the site.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { AstroConfig, AstroIntegration } from 'astro';
import { close, createIndex } from 'pagefind';

export const SEARCH_INDEX_FOLDER = 'pagefind';

/** Indexes the stories under `clientDir`; the number of pages indexed, or throws with Pagefind's errors. */
export async function writeSearchIndex(clientDir: string): Promise<number> {
  try {
    const created = await createIndex({ forceLanguage: 'en' });
    if (created.index === undefined) throw new Error(created.errors.join('\n'));
    const added = await created.index.addDirectory({ path: clientDir, glob: 'articles/*/index.html' });
    if (added.errors.length > 0) throw new Error(added.errors.join('\n'));
    const written = await created.index.writeFiles({ outputPath: join(clientDir, SEARCH_INDEX_FOLDER) });
    if (written.errors.length > 0) throw new Error(written.errors.join('\n'));
    return added.page_count;
  } finally {
    await close();
  }
}

export function searchIndexIntegration(): AstroIntegration {
  let config: AstroConfig | null = null;
  return {
    name: 'search-index',
    hooks: {
      'astro:config:done': ({ config: done }) => {
        config = done;
      },
      'astro:build:done': async ({ logger }) => {
        if (config === null) return;
        const pages = await writeSearchIndex(fileURLToPath(config.build.client));
        logger.info(`Indexed ${pages} ${pages === 1 ? 'story' : 'stories'} for search`);
      },
    },
  };
}
