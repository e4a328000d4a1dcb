import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const projectDir = resolve(import.meta.dirname, '../..');

function buildFixture(fixture: string): { status: number | null; output: string; outDir: string } {
  const outDir = join(projectDir, '.tmp', `fixture-${fixture}`);
  rmSync(outDir, { recursive: true, force: true });
  // The test's own Node runs Astro, whatever `node` comes first on PATH.
  const result = spawnSync(process.execPath, [join(projectDir, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: projectDir,
    env: {
      ...process.env,
      CONTENT_DIR: `tests/fixtures/${fixture}`,
      OUT_DIR: outDir,
      SITE_URL: 'https://news.example',
    },
    encoding: 'utf8',
  });
  // Colour codes would split the words the assertions look for.
  const output = (result.stdout + result.stderr).replace(/\u001b\[[0-9;]*m/g, '');
  return { status: result.status, output, outDir };
}

test('a fixture story renders GitHub-flavoured Markdown, and drafts and scheduled stories stay out', () => {
  const build = buildFixture('gfm-site');
  assert.equal(build.status, 0, build.output);
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
  assert.notEqual(build.status, 0);
  assert.match(build.output, /broken-story\.mdx/);
  assert.match(build.output, /section: section must be lower-case words joined by hyphens/);
});
