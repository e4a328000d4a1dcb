import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'astro/zod';
import { storySchema } from '../../src/server/stories/story-schema.ts';
import { storyTemplate } from '../../src/server/stories/story-template.ts';

function frontMatter(source: string): Record<string, unknown> {
  const block = /^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? '';
  const fields: Record<string, unknown> = {};
  for (const line of block.split('\n')) {
    const match = /^(\w+):\s*(.*)$/.exec(line);
    if (match === null || match[1] === undefined || match[2] === undefined) continue;
    fields[match[1]] = JSON.parse(
      match[2].replace(/^(\d{4}-\d{2}-\d{2})$/, '"$1"').replace(/^(?!true$|false$)([a-z]+)$/, '"$1"'),
    );
  }
  return fields;
}

test("the skeleton's front matter passes the story schema, dated today, as a draft", () => {
  const { slug, source } = storyTemplate('Council Approves "Bold" Budget', new Date('2026-11-28T10:00:00Z'));
  assert.equal(slug, 'council-approves-bold-budget');
  const story = storySchema(() => z.string(), new Set()).parse(frontMatter(source));
  assert.equal(story.title, 'Council Approves "Bold" Budget');
  assert.deepEqual(story.publishedAt, new Date('2026-11-28'));
  assert.equal(story.draft, true);
});

test('npm run new-story writes the file, prints its path and refuses to overwrite it', () => {
  const contentDir = mkdtempSync(join(tmpdir(), 'new-story-'));
  const script = resolve(import.meta.dirname, '../../scripts/new-story.ts');
  const run = (): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, [script, 'Floods Close Coastal Road'], {
      env: { ...process.env, CONTENT_DIR: contentDir },
      cwd: contentDir,
      encoding: 'utf8',
    });
  const first = run();
  assert.equal(first.status, 0, String(first.stderr));
  assert.match(String(first.stdout), /articles\/floods-close-coastal-road\.mdx/);
  assert.match(
    readFileSync(join(contentDir, 'articles/floods-close-coastal-road.mdx'), 'utf8'),
    /Floods Close Coastal Road/,
  );
  const second = run();
  assert.equal(second.status, 1);
  assert.match(String(second.stderr), /already has that address/);
  rmSync(contentDir, { recursive: true, force: true });
});
