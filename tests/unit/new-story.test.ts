import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
      match[2].replace(/^(\d{4}-\d{2}-\d{2})$/, '"$1"').replace(/^(?!true$|false$)([a-z][a-z0-9-]*)$/, '"$1"'),
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
  assert.equal(story.id, slug, 'renaming the file later keeps its comments');
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

test('npm run new-story lists the declared sections and the authors in content/authors/', () => {
  const contentDir = mkdtempSync(join(tmpdir(), 'new-story-'));
  try {
    mkdirSync(join(contentDir, 'articles'));
    const script = resolve(import.meta.dirname, '../../scripts/new-story.ts');
    const run = (headline: string): string =>
      String(
        spawnSync(process.execPath, [script, headline], {
          env: { ...process.env, CONTENT_DIR: contentDir },
          cwd: contentDir,
          encoding: 'utf8',
        }).stdout,
      );
    const first = run('First');
    assert.match(first, /^Sections: technology, business, world, opinion \(src\/server\/stories\/sections\.ts\)$/m);
    assert.match(first, /^Authors: none yet; add one as content\/authors\/<id>\.md$/m);

    mkdirSync(join(contentDir, 'authors'));
    writeFileSync(join(contentDir, 'authors/ada-reporter.md'), '---\nname: "Ada Reporter"\n---\n');
    writeFileSync(join(contentDir, 'authors/cai.md'), '---\nname: Cai Writer\n---\n');
    assert.match(run('Second'), /^Authors: ada-reporter \(Ada Reporter\), cai \(Cai Writer\)$/m);
  } finally {
    rmSync(contentDir, { recursive: true, force: true });
  }
});
