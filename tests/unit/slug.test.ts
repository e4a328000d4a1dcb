import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slugify } from '../../src/server/stories/slug.ts';

test('a headline becomes lower-case words joined by hyphens', () => {
  assert.equal(
    slugify('Anthropic Accuses Alibaba of Illicit AI Capability Extraction'),
    'anthropic-accuses-alibaba-of-illicit-ai-capability-extraction',
  );
});

test('apostrophes vanish, accents fold and punctuation separates words', () => {
  assert.equal(slugify("Europe's Café Owners: Prices Up 5%!"), 'europes-cafe-owners-prices-up-5');
});

test('a long headline is cut at a word boundary', () => {
  const slug = slugify('word '.repeat(40));
  assert.ok(slug.length <= 80);
  assert.doesNotMatch(slug, /-$/);
  assert.match(slug, /^(word-)*word$/);
});

test('a headline with no letters or digits gives an empty slug', () => {
  assert.equal(slugify('!!! ???'), '');
});
