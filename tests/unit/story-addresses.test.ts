import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { readStorySlugs } from '../../src/server/import/story-map.ts';
import { storyAddresses, storyKey } from '../../src/server/stories/story-addresses.ts';

const story = (slug: string, id?: string, redirectFrom: string[] = []): Parameters<typeof storyKey>[0] => ({
  slug,
  id,
  redirectFrom,
});

test("a story's comments are keyed by its id, else by its file name", () => {
  assert.equal(storyKey(story('ferry-returns', 'ferry-resumes')), 'ferry-resumes');
  assert.equal(storyKey(story('budget')), 'budget');
});

test('a renamed story answers at its id and every address it redirects from', () => {
  const result = storyAddresses([
    story('ferry-returns-after-repairs', 'ferry-resumes', ['ferry-back']),
    story('budget'),
    story('floods', 'floods'),
  ]);
  assert.ok(result.ok);
  assert.deepEqual(
    [...result.moved],
    [
      ['ferry-resumes', 'ferry-returns-after-repairs'],
      ['ferry-back', 'ferry-returns-after-repairs'],
    ],
  );
});

test('two stories with one id are refused: they would share their comments', () => {
  const result = storyAddresses([story('a', 'shared'), story('b', 'shared')]);
  assert.deepEqual(result, { ok: false, problems: ['a and b both have the id "shared"'] });
});

test("an old address that is another story's, or two stories' old address, is refused", () => {
  const taken = storyAddresses([story('a'), story('b', undefined, ['a'])]);
  assert.deepEqual(taken, { ok: false, problems: ['b redirects from "a", the address of another story'] });
  const twice = storyAddresses([story('a', undefined, ['old']), story('b', undefined, ['old'])]);
  assert.deepEqual(twice, { ok: false, problems: ['a and b both redirect from "old"'] });
});

test("comments:import files an old page's comments under a renamed story's id", async () => {
  const contentDir = mkdtempSync(join(tmpdir(), 'story-keys-'));
  try {
    mkdirSync(join(contentDir, 'articles'));
    writeFileSync(join(contentDir, 'articles/ferry-returns.mdx'), '---\ntitle: x\nid: ferry-resumes\n---\n');
    writeFileSync(join(contentDir, 'articles/budget.md'), '---\ntitle: y\n---\n');
    assert.deepEqual([...(await readStorySlugs(contentDir))].sort(), ['budget', 'ferry-resumes']);
  } finally {
    rmSync(contentDir, { recursive: true, force: true });
  }
});
