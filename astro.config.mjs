// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkGfm from 'remark-gfm';
import { rehypeAlignClasses } from './src/server/stories/rehype-align-classes.ts';
import { siteUrl } from './src/server/app/site-url.ts';
import { MAX_BODY_BYTES } from './src/server/http/body-limit.ts';

// Tests and benchmarks build other story folders into other output folders without touching
// content/ or dist/.
const outDir = process.env.OUT_DIR ?? './dist';

export default defineConfig({
  site: siteUrl(process.env),
  outDir,
  trailingSlash: 'ignore',
  // Every page is prerendered unless it opts out; the adapter serves the endpoints and the
  // server-rendered pages through our own Node server (src/server/http), which mounts it as middleware.
  adapter: node({ mode: 'middleware', bodySizeLimit: MAX_BODY_BYTES }),
  integrations: [mdx(), sitemap({ filter: (page) => !/\/(login|signup|account|moderation)\//.test(page) })],
  markdown: {
    processor: unified({ remarkPlugins: [remarkGfm], rehypePlugins: [rehypeAlignClasses] }),
  },
  build: {
    // External stylesheets let the Content-Security-Policy forbid inline styles.
    inlineStylesheets: 'never',
  },
  security: { checkOrigin: true },
  devToolbar: { enabled: false },
});
