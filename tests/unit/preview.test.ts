import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import test from 'node:test';
import { withBuildLock } from '../../src/server/build/build-lock.ts';

const projectDir = resolve(import.meta.dirname, '../..');

interface Page {
  status: number;
  html: string;
}

/** The preview of tests/fixtures/preview-site, what it printed and what `paths` answered. */
function preview(paths: string[]): { output: string; pages: Record<string, Page> } {
  // The preview writes the same .astro/ folder as a build (build-lock.ts).
  const run = withBuildLock(projectDir, () =>
    spawnSync(process.execPath, [join(import.meta.dirname, 'preview-run.ts'), ...paths], {
      cwd: projectDir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, CONTENT_DIR: join(projectDir, 'tests/fixtures/preview-site'), FORCE_COLOR: '0' },
    }),
  );
  const output = `${run.stdout}${run.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
  const line = output.split('\n').find((each) => each.startsWith('PAGES '));
  assert.ok(line !== undefined, `the preview did not answer:\n${output}`);
  return { output, pages: JSON.parse(line.slice('PAGES '.length)) as Record<string, Page> };
}

const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

test('the preview starts despite a front-matter mistake and names it in the terminal and the page', () => {
  const { output, pages } = preview(['/', '/articles/a-story-in-draft/', '/articles/a-story-with-a-bad-section/']);
  const mistake =
    'section: no section &quot;Business News&quot;; the sections are technology, business, world, opinion';

  assert.match(output, /a-story-with-a-bad-section\.mdx: .*does not match collection schema/);
  assert.match(output, /section: no section "Business News"; the sections are technology, business, world, opinion/);
  assert.doesNotMatch(output, /\*\*/, 'no Markdown bold in the terminal');

  const front = pages['/'];
  assert.equal(front?.status, 200);
  assert.ok(front.html.includes('role="alert"'), 'the page raises the mistake');
  assert.ok(text(front.html).includes('Left out of the preview: front matter to fix'));
  assert.ok(text(front.html).includes('a-story-with-a-bad-section.mdx'));
  assert.ok(front.html.includes(mistake), front.html);
  assert.doesNotMatch(front.html, /\*\*/);
  assert.ok(text(front.html).includes('A Finished Story'));
  assert.equal(pages['/articles/a-story-with-a-bad-section/']?.status, 404);
});

test('a draft shows in the preview marked as a draft, on its page and in the lists', () => {
  const { pages } = preview(['/', '/articles/a-story-in-draft/', '/articles/a-finished-story/']);
  const draft = pages['/articles/a-story-in-draft/'];
  assert.equal(draft?.status, 200);
  assert.match(draft.html, /<header class="story-header"[^>]*>\s*<p class="draft-marker"[^>]*>Draft<\/p>/);
  assert.equal(pages['/']?.html.match(/class="draft-marker"/g)?.length, 1, 'the draft, not the finished story');
  const finished = pages['/articles/a-finished-story/']?.html ?? '';
  const header = finished.slice(
    finished.indexOf('<header class="story-header"'),
    finished.indexOf('</header>', finished.indexOf('class="story-header"')),
  );
  assert.ok(header.includes('A Finished Story'));
  assert.doesNotMatch(header, /class="draft-marker"/);
});
