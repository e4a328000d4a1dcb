import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'astro/zod';
import { authorSchema, readAuthorIds } from '../../src/server/stories/authors.ts';

const schema = authorSchema(() => z.string());
const valid = { name: 'Ada Reporter', role: 'Correspondent', bio: 'Ada covers the council.' };

function issues(input: object): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

test('an author needs a name, a role and a short bio; links default to none', () => {
  assert.deepEqual(schema.parse(valid).links, []);
  assert.deepEqual(issues({ ...valid, name: ' ' }), ['name: the name is empty']);
  assert.deepEqual(issues({ ...valid, bio: 'x'.repeat(301) }), ['bio: the short bio is over 300 characters']);
  assert.deepEqual(issues({ ...valid, photo: { src: './ada.jpg' } }), [
    'photo.alt: the photo needs alt text describing it',
  ]);
});

test("an author's links are http(s) addresses with labels", () => {
  const links = [{ label: 'Email', url: 'https://news.example/contact' }];
  assert.deepEqual(schema.parse({ ...valid, links }).links, links);
  assert.deepEqual(issues({ ...valid, links: [{ label: 'Script', url: 'javascript:alert(1)' }] }), [
    'links.0.url: a link must be an http(s) address',
  ]);
});

test('author ids are the names of the Markdown files in authors/, and no folder means none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'authors-'));
  mkdirSync(join(dir, 'photos'));
  for (const name of ['ada-reporter.md', 'ben-editor.md', 'notes.txt', 'Not An Id.md'])
    writeFileSync(join(dir, name), '');
  assert.deepEqual([...readAuthorIds(dir)].sort(), ['ada-reporter', 'ben-editor']);
  assert.deepEqual([...readAuthorIds(join(dir, 'missing'))], []);
  rmSync(dir, { recursive: true, force: true });
});
