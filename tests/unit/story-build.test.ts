import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runAstroBuild } from '../../src/server/build/astro-build.ts';

const projectDir = resolve(import.meta.dirname, '../..');

const builds = new Map<string, { ok: boolean; output: string; outDir: string }>();

/** Builds tests/fixtures/<fixture> once for this file. */
function buildFixture(fixture: string): { ok: boolean; output: string; outDir: string } {
  const built = builds.get(fixture);
  if (built !== undefined) return built;
  const outDir = join(projectDir, '.tmp', `fixture-${fixture}`);
  rmSync(outDir, { recursive: true, force: true });
  const contentDir = join(projectDir, 'tests/fixtures', fixture);
  const { ok, output } = runAstroBuild(
    { projectDir, distDir: outDir, siteOrigin: 'https://news.example', contentDir },
    'capture',
  );
  builds.set(fixture, { ok, output, outDir });
  return { ok, output, outDir };
}

test('a fixture story renders GitHub-flavoured Markdown, and drafts and scheduled stories stay out', () => {
  const build = buildFixture('gfm-site');
  assert.ok(build.ok, build.output);
  const html = readFileSync(join(build.outDir, 'client/articles/markdown-features/index.html'), 'utf8');
  assert.match(html, /<table>[\s\S]*<th[^>]*>Country<\/th>[\s\S]*<td[^>]*>42<\/td>/, 'table');
  assert.match(html, /<sup><a href="#user-content-fn-source"[^>]*>1<\/a><\/sup>/, 'footnote reference');
  assert.match(html, /<section[^>]*class="footnotes"[\s\S]*The source of the claim\./, 'footnote text');
  assert.match(html, /<td class="align-right">42<\/td>/, 'column alignment as a class, not an inline style');
  assert.doesNotMatch(html, / style="/, 'no inline style for the Content-Security-Policy to refuse');
  assert.match(html, /<del>wrong<\/del>/, 'strikethrough');
  assert.match(html, /<input type="checkbox" checked disabled\/?>\s*checked task/, 'task list');
  assert.match(html, /<a href="https:\/\/example\.org\/report">https:\/\/example\.org\/report<\/a>/, 'autolink');
  assert.match(
    html,
    /<p class="byline">By <a href="\/authors\/ada-reporter\/">Ada Reporter<\/a> and <a href="\/authors\/ben-editor\/">Ben Editor<\/a><\/p>/,
    'byline linking each author',
  );
  assert.equal(existsSync(join(build.outDir, 'client/articles/a-draft-story')), false, 'draft published');
  assert.equal(existsSync(join(build.outDir, 'client/articles/a-scheduled-story')), false, 'future story published');
  const feed = readFileSync(join(build.outDir, 'client/rss.xml'), 'utf8');
  assert.doesNotMatch(feed, /draft nobody|next century/);
});

test('a story with bad front matter fails the build naming the file, the field and the problem', () => {
  const build = buildFixture('bad-front-matter');
  assert.equal(build.ok, false, 'the build succeeded');
  assert.match(build.output, /broken-story\.mdx/);
  assert.match(build.output, /section: no section "busines"; the sections are technology, business, world, opinion/);
});

test('an impossible date fails the build naming the file, the field and the date as written', () => {
  const build = buildFixture('impossible-date');
  assert.equal(build.ok, false, 'the build succeeded');
  assert.match(build.output, /misdated-story\.mdx/);
  assert.match(build.output, /publishedAt: publishedAt 2026-13-45 is not a date on the calendar/);
  assert.match(build.output, /updatedAt: updatedAt 2027-11-31 is not a date on the calendar/);
});

test('a build says nothing about sessions, which the site does not use, nor about MDX head directives', () => {
  const build = buildFixture('gfm-site');
  assert.ok(build.ok, build.output);
  assert.doesNotMatch(build.output, /Enabling sessions/);
  assert.doesNotMatch(build.output, /MODULE_LEVEL_DIRECTIVE|astro:head-inject/);
  assert.match(build.output, /prerendering static routes/, 'the rest of the build log is still there');
});

/** The page's NewsArticle JSON-LD, parsed. */
function jsonLd(html: string): Record<string, unknown> {
  const text = /<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)?.[1];
  assert.ok(text !== undefined, 'no JSON-LD');
  return JSON.parse(text) as Record<string, unknown>;
}

function meta(html: string, property: string): string | undefined {
  return new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)"`).exec(html)?.[1];
}

test("a story's hero and inline pictures come sized, in AVIF and WebP at the column's widths, the hero first and the rest lazily", () => {
  const build = buildFixture('site');
  assert.ok(build.ok, build.output);
  const html = readFileSync(join(build.outDir, 'client/articles/council-approves-new-budget/index.html'), 'utf8');
  const hero = /<figure class="story-hero">([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
  assert.match(hero, /<source srcset="[^"]+\.avif 360w, [^"]+\.avif 720w, [^"]+\.avif 1080w"[^>]* type="image\/avif"/);
  // One WebP, for the few browsers without AVIF, at the width it is drawn at.
  assert.match(hero, /<img src="([^"]+\.webp)" srcset="\1 720w"/);
  assert.match(hero, /<img [^>]*alt="The council chamber at night, its benches full"/);
  assert.match(hero, /<img [^>]*loading="eager"[^>]*fetchpriority="high"[^>]*width="720" height="405"/);
  const inline =
    /<div class="story-body">[\s\S]*?(<picture>(?:(?!<\/picture>)[\s\S])*budget-chart[\s\S]*?<\/picture>)/.exec(
      html,
    )?.[1] ?? '';
  // The chart is 800 px wide: its own width stands in for the 1080 it does not reach.
  assert.match(inline, /<source srcset="[^"]+\.avif 360w, [^"]+\.avif 720w, [^"]+\.avif 800w"[^>]* type="image\/avif"/);
  assert.match(inline, /<img src="([^"]+\.webp)" srcset="\1 720w"/);
  assert.match(inline, /sizes="\(min-width: 42rem\) 38rem, calc\(100vw - 2rem\)"/);
  assert.match(inline, /loading="lazy"/);
  assert.match(inline, /width="720" height="450"/);
  assert.match(inline, /alt="A bar chart: roads up by a fifth, libraries down slightly"/);
  assert.doesNotMatch(html, / style="/, 'no inline style for the Content-Security-Policy to refuse');
  for (const source of html.matchAll(/(?:src|srcset)="(\/_astro\/[^" ]+)/g)) {
    assert.ok(existsSync(join(build.outDir, 'client', source[1] ?? '')), `${source[1]} was not written`);
  }
});

test("the front page's pictures are the files made for the stories' heroes, none made twice", () => {
  const build = buildFixture('site');
  assert.ok(build.ok, build.output);
  const pictureFiles = (html: string): string[] =>
    [...html.matchAll(/\/_astro\/[^" ,]+\.(?:avif|webp)/g)].map((match) => match[0]);
  const front = pictureFiles(readFileSync(join(build.outDir, 'client/index.html'), 'utf8'));
  assert.ok(front.length >= 4 * 4, `only ${front.length} picture files on the front page`);
  const articles = join(build.outDir, 'client/articles');
  const stories = new Set(
    readdirSync(articles).flatMap((slug) =>
      existsSync(join(articles, slug, 'index.html'))
        ? pictureFiles(readFileSync(join(articles, slug, 'index.html'), 'utf8'))
        : [],
    ),
  );
  assert.deepEqual(
    front.filter((file) => !stories.has(file)),
    [],
  );
});

test('a story with a hero shares it: og:image, a large Twitter card and JSON-LD images in three shapes', () => {
  const build = buildFixture('site');
  assert.ok(build.ok, build.output);
  const html = readFileSync(join(build.outDir, 'client/articles/council-approves-new-budget/index.html'), 'utf8');
  const image = meta(html, 'og:image') ?? '';
  assert.match(image, /^https:\/\/news\.example\/_astro\/council-chamber\.[^"]+\.jpg$/);
  assert.equal(meta(html, 'og:image:alt'), 'The council chamber at night, its benches full');
  assert.equal(meta(html, 'og:image:width'), '1200');
  assert.equal(meta(html, 'og:image:height'), '675');
  assert.equal(meta(html, 'twitter:card'), 'summary_large_image');
  assert.equal(meta(html, 'twitter:image:alt'), 'The council chamber at night, its benches full');
  // X falls back to Open Graph for the title, the description and the picture; one copy of each.
  for (const name of ['title', 'description', 'image']) {
    assert.equal(meta(html, `twitter:${name}`), undefined, `twitter:${name} repeats og:${name}`);
  }
  assert.equal(meta(html, 'og:locale'), 'en_GB');
  const article = jsonLd(html);
  const images = article.image as string[];
  assert.equal(images.length, 3);
  assert.equal(images[0], image);
  const shapes = images.map((url) => {
    const file = join(build.outDir, 'client', new URL(url).pathname);
    const png = readFileSync(file);
    // JPEG: the size is in the first SOF marker; find it rather than parse the whole file.
    const sof = png.findIndex((byte, index) => byte === 0xff && png[index + 1] === 0xc0);
    return (png.readUInt16BE(sof + 7) / png.readUInt16BE(sof + 5)).toFixed(2);
  });
  assert.deepEqual(shapes, [(16 / 9).toFixed(2), (4 / 3).toFixed(2), '1.00']);
  assert.deepEqual(article.author, [
    { '@type': 'Person', name: 'Ada Reporter', url: 'https://news.example/authors/ada-reporter/' },
  ]);
  assert.equal(article.articleSection, 'Business');
  assert.equal(meta(html, 'article:section'), 'Business');
});

test('a story without a hero shares a card drawn from its headline, and other pages the site card', () => {
  const build = buildFixture('gfm-site');
  assert.ok(build.ok, build.output);
  const html = readFileSync(join(build.outDir, 'client/articles/markdown-features/index.html'), 'utf8');
  assert.equal(meta(html, 'og:image'), 'https://news.example/cards/articles/markdown-features/16x9.png');
  assert.equal(meta(html, 'og:image:alt'), 'Every Markdown feature an editor may use');
  assert.deepEqual(jsonLd(html).image, [
    'https://news.example/cards/articles/markdown-features/16x9.png',
    'https://news.example/cards/articles/markdown-features/4x3.png',
    'https://news.example/cards/articles/markdown-features/1x1.png',
  ]);
  const sizes = ['16x9', '4x3', '1x1'].map((ratio) => {
    const png = readFileSync(join(build.outDir, `client/cards/articles/markdown-features/${ratio}.png`));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    return `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
  });
  assert.deepEqual(sizes, ['1200x675', '1200x900', '1200x1200']);
  const front = readFileSync(join(build.outDir, 'client/index.html'), 'utf8');
  assert.equal(meta(front, 'og:image'), 'https://news.example/cards/site.png');
  assert.ok(existsSync(join(build.outDir, 'client/cards/site.png')));
});

test('bylines lead to author pages that list their stories, and the archive reaches every story', () => {
  const build = buildFixture('site');
  assert.ok(build.ok, build.output);
  const author = readFileSync(join(build.outDir, 'client/authors/ada-reporter/index.html'), 'utf8');
  assert.match(author, /<h1>Ada Reporter<\/h1>/);
  assert.match(author, /Local government correspondent/);
  for (const slug of ['council-approves-new-budget', 'floods-close-coastal-road', 'offshore-wind-farm-approved']) {
    assert.match(author, new RegExp(`href="/articles/${slug}/"`), slug);
  }
  assert.doesNotMatch(author, /href="\/articles\/harbour-reopens-after-repairs\/"/, "Ben's story");
  const archive = readFileSync(join(build.outDir, 'client/archive/index.html'), 'utf8');
  assert.match(archive, /<a href="\/archive\/2026\/11\/">November 2026<\/a>\s*<span class="meta">\s*8 stories/);
  const month = readFileSync(join(build.outDir, 'client/archive/2026/11/index.html'), 'utf8');
  assert.equal(month.match(/<article class="story-card">/g)?.length, 8);
});

for (const [fixture, file, problem] of [
  ['missing-image', 'lost-picture.mdx', /hero\.src: there is no image at \.\/images\/nowhere\.jpg/],
  ['missing-author-photo', 'ada-reporter.md', /photo\.src: there is no image at \.\/photos\/nowhere\.jpg/],
  ['missing-inline-image', 'lost-inline-picture.mdx', /Could not resolve '\.\/images\/gone\.jpg'/],
  [
    'image-without-alt',
    'silent-picture.mdx',
    /the image \.\.\/\.\.\/site\/articles\/images\/flood-map\.jpg needs alt text/,
  ],
  ['unknown-author', 'stranger-byline.mdx', /authors\.1: no author "ada-reportr" in authors\/; known: ada-reporter/],
] as const) {
  test(`${fixture}: the build stops naming the file and what is wrong`, () => {
    const build = buildFixture(fixture);
    assert.equal(build.ok, false, 'the build succeeded');
    assert.match(build.output, new RegExp(file.replace('.', '\\.')));
    assert.match(build.output, problem);
  });
}

test('every build indexes its published stories for search, and nothing else', () => {
  const build = buildFixture('gfm-site');
  assert.ok(build.ok, build.output);
  assert.match(build.output, /Indexed 1 story for search/);
  for (const file of ['pagefind.js', 'pagefind-worker.js', 'pagefind-entry.json']) {
    assert.ok(existsSync(join(build.outDir, 'client/pagefind', file)), file);
  }
});
