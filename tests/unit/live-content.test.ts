/**
 * The one test that builds the live stories in content/: every other suite builds
 * tests/fixtures/site, so an editor's new story cannot turn them red. This checks that the live
 * stories and authors, with two more stories beside them, build, and that each published one gets its page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runAstroBuild } from '../../src/server/build/astro-build.ts';
import { parseWrittenDate, writtenField } from '../../src/server/stories/written-date.ts';

const projectDir = resolve(import.meta.dirname, '../..');
const liveArticles = join(projectDir, 'content/articles');
const liveAuthors = join(projectDir, 'content/authors');

function extraStory(title: string, section: string): string {
  return `---\ntitle: "${title}"\ndescription: "A story added beside the live ones."\npublishedAt: 2026-01-15\nsection: ${section}\n---\n\nText.\n`;
}

function isPublished(source: string, now: Date): boolean {
  const publishedAt = parseWrittenDate(writtenField(source, 'publishedAt') ?? '');
  return writtenField(source, 'draft') !== 'true' && publishedAt.ok && publishedAt.date <= now;
}

test('the live stories build with two more stories beside them, each published one on its page', () => {
  // Inside the project so the build resolves node_modules; the live stories are linked, not
  // copied, so their imports (relative to content/articles) resolve as in a real build.
  const contentDir = join(projectDir, '.tmp/live-content');
  const distDir = join(projectDir, '.tmp/live-content-dist');
  rmSync(contentDir, { recursive: true, force: true });
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(join(contentDir, 'articles'), { recursive: true });
  const live = readdirSync(liveArticles).filter((name) => /\.mdx?$/.test(name));
  for (const name of live) symlinkSync(join(liveArticles, name), join(contentDir, 'articles', name));
  symlinkSync(liveAuthors, join(contentDir, 'authors'));
  writeFileSync(join(contentDir, 'articles/zz-extra-story-one.md'), extraStory('An Extra Story', 'world'));
  writeFileSync(join(contentDir, 'articles/zz-extra-story-two.mdx'), extraStory('Another Extra Story', 'business'));

  const build = runAstroBuild({ projectDir, distDir, siteOrigin: 'https://news.example', contentDir }, 'capture');
  assert.ok(build.ok, build.output);
  const now = new Date();
  const expected = [
    ...live.filter((name) => isPublished(readFileSync(join(liveArticles, name), 'utf8'), now)),
    'zz-extra-story-one.md',
    'zz-extra-story-two.mdx',
  ].map((name) => name.replace(/\.mdx?$/, ''));
  const missing = expected.filter((slug) => !existsSync(join(distDir, 'client/articles', slug, 'index.html')));
  assert.deepEqual(missing, [], 'published stories without a page');
  const feed = readFileSync(join(distDir, 'client/rss.xml'), 'utf8');
  assert.equal(feed.match(/<item>/g)?.length, expected.length, 'stories in the feed');
  rmSync(contentDir, { recursive: true, force: true });
  rmSync(distDir, { recursive: true, force: true });
});
