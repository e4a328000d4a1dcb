import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'astro/zod';
import { storySchema as makeStorySchema } from '../../src/server/stories/story-schema.ts';
import { compareNewestFirst, isPublished } from '../../src/server/stories/publishing.ts';

const valid = {
  title: 'A headline',
  description: 'A standfirst.',
  publishedAt: '2026-11-26',
  section: 'technology',
};

/** Astro's image() checks and sizes the file at build time (tests/unit/story-build.test.ts); a path here. */
const storySchema = makeStorySchema(() => z.string(), new Set(['ada-reporter', 'ben-editor']));

function issues(input: object): string[] {
  const result = storySchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

test('a minimal story gets the documented defaults', () => {
  const story = storySchema.parse(valid);
  assert.deepEqual(story.publishedAt, new Date('2026-11-26T00:00:00Z'));
  assert.deepEqual(story.authors, []);
  assert.deepEqual(story.tags, []);
  assert.equal(story.draft, false);
  // Left out, comments follow COMMENTS_CLOSE_AFTER_DAYS (comment-closing.ts), so no default is filled in.
  assert.equal(story.comments, undefined);
});

test('each bad field is named with what is wrong', () => {
  assert.deepEqual(issues({ ...valid, title: '  ' }), ['title: the headline is empty']);
  assert.deepEqual(issues({ ...valid, publishedAt: 'yesterday' }), [
    'publishedAt: publishedAt must be a date such as 2026-11-26',
  ]);
  assert.deepEqual(issues({ ...valid, comments: 'maybe' }).length, 1);
  assert.match(issues({ ...valid, comments: 'maybe' })[0] ?? '', /^comments: /);
  assert.deepEqual(issues({ ...valid, hero: { src: './a.jpg', alt: '' } }), [
    'hero.alt: the hero image needs alt text describing it',
  ]);
  assert.deepEqual(issues({ ...valid, hero: { src: './a.jpg' } }), [
    'hero.alt: the hero image needs alt text describing it',
  ]);
  assert.deepEqual(issues({ ...valid, updatedAt: '2026-11-01' }), ['updatedAt: updatedAt is before publishedAt']);
});

test('a date that is not on the calendar is refused as written, not rolled over', () => {
  assert.deepEqual(issues({ ...valid, publishedAt: '2026-13-45' }), [
    'publishedAt: publishedAt 2026-13-45 is not a date on the calendar',
  ]);
  assert.deepEqual(issues({ ...valid, publishedAt: '2026-11-31' }), [
    'publishedAt: publishedAt 2026-11-31 is not a date on the calendar',
  ]);
  assert.deepEqual(issues({ ...valid, updatedAt: '2027-02-29T09:00:00Z' }), [
    'updatedAt: updatedAt 2027-02-29T09:00:00Z is not a date on the calendar',
  ]);
  assert.deepEqual(issues({ ...valid, publishedAt: '2026-11-26T24:30:00Z' }), [
    'publishedAt: publishedAt 2026-11-26T24:30:00Z is not a date on the calendar',
  ]);
});

test('dates are read as YAML writes them: a time without a zone is UTC', () => {
  const at = (publishedAt: string | Date): Date => storySchema.parse({ ...valid, publishedAt }).publishedAt;
  assert.deepEqual(at('2028-02-29'), new Date('2028-02-29T00:00:00Z'));
  assert.deepEqual(at('2026-12-01T09:00:00Z'), new Date('2026-12-01T09:00:00Z'));
  assert.deepEqual(at('2026-12-01 09:00:00'), new Date('2026-12-01T09:00:00Z'));
  assert.deepEqual(at('2026-12-01T09:00:00.250+01:00'), new Date('2026-12-01T08:00:00.250Z'));
  assert.deepEqual(at(new Date('2026-12-01T09:00:00Z')), new Date('2026-12-01T09:00:00Z'));
});

test('a misspelt field is refused rather than ignored', () => {
  const found = issues({ ...valid, publishedat: '2026-11-26' });
  assert.equal(found.length, 1);
  assert.match(found[0] ?? '', /publishedat/);
});

test('drafts and stories dated in the future are not published', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  assert.equal(isPublished({ draft: false, publishedAt: new Date('2026-11-26') }, now), true);
  assert.equal(isPublished({ draft: true, publishedAt: new Date('2026-11-26') }, now), false);
  assert.equal(isPublished({ draft: false, publishedAt: new Date('2026-11-28T12:00:01Z') }, now), false);
  assert.equal(isPublished({ draft: false, publishedAt: now }, now), true);
});

test('stories sort newest first, then by headline', () => {
  const stories = [
    { title: 'B', publishedAt: new Date('2026-11-01') },
    { title: 'A', publishedAt: new Date('2026-11-01') },
    { title: 'C', publishedAt: new Date('2026-11-20') },
  ];
  assert.deepEqual(
    stories.sort(compareNewestFirst).map((story) => story.title),
    ['C', 'A', 'B'],
  );
});

test('a section not declared in sections.ts is refused with the list of valid ones', () => {
  assert.deepEqual(issues({ ...valid, section: 'busines' }), [
    'section: no section "busines"; the sections are technology, business, world, opinion',
  ]);
  assert.equal(storySchema.parse({ ...valid, section: 'business' }).section, 'business');
});

test('authors are named by the id of their file in authors/, and an unknown id is refused', () => {
  assert.deepEqual(storySchema.parse({ ...valid, authors: ['ben-editor', 'ada-reporter'] }).authors, [
    'ben-editor',
    'ada-reporter',
  ]);
  assert.deepEqual(issues({ ...valid, authors: ['ada-reporter', 'Ada Reporter'] }), [
    'authors.1: no author "Ada Reporter" in authors/; known: ada-reporter, ben-editor',
  ]);
  const noAuthors = makeStorySchema(() => z.string(), new Set());
  assert.equal(noAuthors.safeParse({ ...valid, authors: ['ada-reporter'] }).success, false);
});
