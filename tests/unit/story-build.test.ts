import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
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
  assert.match(html, /<p class="byline">By Ada Reporter and Ben Editor<\/p>/, 'byline');
  assert.equal(existsSync(join(build.outDir, 'client/articles/a-draft-story')), false, 'draft published');
  assert.equal(existsSync(join(build.outDir, 'client/articles/a-scheduled-story')), false, 'future story published');
  const feed = readFileSync(join(build.outDir, 'client/rss.xml'), 'utf8');
  assert.doesNotMatch(feed, /draft nobody|next century/);
});

test('a story with bad front matter fails the build naming the file, the field and the problem', () => {
  const build = buildFixture('bad-front-matter');
  assert.equal(build.ok, false, 'the build succeeded');
  assert.match(build.output, /broken-story\.mdx/);
  assert.match(build.output, /section: section must be lower-case words joined by hyphens/);
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

test('every build indexes its published stories for search, and nothing else', () => {
  const build = buildFixture('gfm-site');
  assert.ok(build.ok, build.output);
  assert.match(build.output, /Indexed 1 story for search/);
  for (const file of ['pagefind.js', 'pagefind-worker.js', 'pagefind-entry.json']) {
    assert.ok(existsSync(join(build.outDir, 'client/pagefind', file)), file);
  }
});
