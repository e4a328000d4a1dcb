// @ts-check
import { join } from 'node:path';
import { defineConfig, sharpImageService } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkGfm from 'remark-gfm';
import { rehypeAlignClasses } from './src/server/stories/rehype-align-classes.ts';
import { remarkImageAlt } from './src/server/stories/remark-image-alt.ts';
import { buildStampIntegration } from './src/server/build/build-stamp.ts';
import { searchIndexIntegration } from './src/server/build/search-index.ts';
import { dropHeadInjectWarning } from './src/server/build/build-warnings.ts';
import { siteUrl } from './src/server/app/site-url.ts';
import { MAX_BODY_BYTES } from './src/server/http/body-limit.ts';
import { DEV_CONTENT_SECURITY_POLICY } from './src/server/http/security-headers.ts';
import { isPrivatePath } from './src/server/build/robots.ts';
import { storyLastModified, withLastModified } from './src/server/build/sitemaps.ts';
import { contentDir } from './src/server/stories/content-dir.ts';

// Tests and benchmarks build other story folders into other output folders without touching
// content/ or dist/.
const outDir = process.env.OUT_DIR ?? './dist';
// The benchmark builds with a cache of its own, emptied each run, so every picture is made anew.
// The parsed stories and made pictures are cached in the checkout rather than in node_modules/.astro,
// which checkouts sharing one node_modules would share, each build reading the others' stories.
const cacheDir = process.env.CACHE_DIR ?? './.astro/cache';

export default defineConfig({
  site: siteUrl(process.env),
  outDir,
  cacheDir,
  trailingSlash: 'ignore',
  // Every page is prerendered unless it opts out; the adapter serves the endpoints and the
  // server-rendered pages through our own Node server (src/server/http), which mounts it as middleware.
  adapter: node({ mode: 'middleware', bodySizeLimit: MAX_BODY_BYTES }),
  integrations: [
    mdx(),
    sitemap({
      filter: (page) => !isPrivatePath(new URL(page).pathname),
      serialize: withLastModified(storyLastModified(join(contentDir(process.cwd()), 'articles'))),
    }),
    // Before the stamp: a build whose search index failed is not done.
    searchIndexIntegration(),
    buildStampIntegration(),
  ],
  // Sign-in sessions are our own (src/server/accounts); Astro's would be an unused store on disk.
  session: false,
  markdown: {
    processor: unified({ remarkPlugins: [remarkGfm, remarkImageAlt], rehypePlugins: [rehypeAlignClasses] }),
  },
  // Every picture gets width, height and a srcset; the global CSS keeps it within its column.
  // Astro's responsive styles are off: they would need an inline style the policy refuses.
  // Pictures are drawn at most 38-42rem wide (608-672 px) and 288-398 px on phones, so three
  // widths serve every screen: 360 for 1× phones and cards, 720 for 2× phones (343 px × 2) and 1×
  // desktops, 1080 for 3× phones (343 px × 3) and 2× desktops, in AVIF; the WebP fallback is
  // one file at 720 (src/components/StoryPicture.astro). Encoders, for a first build of 1,000 stories with
  // pictures within its target (bench/measure/build.ts): AVIF effort 0 with 4:2:0 chroma (as JPEG
  // and WebP store it; a fifth faster than 4:4:4 for the same bytes of a photograph), WebP effort
  // 0 (as small as effort 2 for a photograph, a fifth faster), and the social crops' JPEG without
  // optimised Huffman tables (3% bigger for a photograph, a quarter faster).
  image: {
    layout: 'constrained',
    breakpoints: [360, 720, 1080],
    service: sharpImageService({
      avif: { effort: 0, chromaSubsampling: '4:2:0' },
      webp: { effort: 0 },
      jpeg: { optimizeCoding: false },
    }),
  },
  // Headers for `astro dev` only; the Node server sends its own (src/server/http/security-headers.ts).
  server: { headers: { 'Content-Security-Policy': DEV_CONTENT_SECURITY_POLICY } },
  build: {
    // External stylesheets let the Content-Security-Policy forbid inline styles.
    inlineStylesheets: 'never',
  },
  // Off: src/middleware.ts checks every state-changing request against SITE_URL
  // (src/server/http/same-origin.ts). Astro's check compares the Origin with the plain-HTTP
  // socket's URL, so behind a TLS proxy it refused every form; `allowedDomains` would mend that
  // by believing X-Forwarded-* headers, the client address included, making the rate limits
  // spoofable. Decision: README, "Design decisions", forgery defence (issue 11, item 1).
  security: { checkOrigin: false },
  devToolbar: { enabled: false },
  vite: { build: { rolldownOptions: { onwarn: dropHeadInjectWarning } } },
});
