import { test } from 'node:test';
import assert from 'node:assert/strict';
import { archiveMonths } from '../../src/server/stories/archive.ts';

const story = (id: string, publishedAt: string): { id: string; data: { publishedAt: Date } } => ({
  id,
  data: { publishedAt: new Date(publishedAt) },
});

test('the archive groups stories by the UTC month they were published in, newest month first', () => {
  const months = archiveMonths([
    story('new-year', '2027-01-01T00:30:00+01:00'),
    story('late-november', '2026-11-30T23:00:00Z'),
    story('early-november', '2026-11-01'),
    story('october', '2026-10-15'),
  ]);
  assert.deepEqual(
    months.map((month) => [month.path, month.label, month.stories.map((entry) => entry.id)]),
    [
      ['2026/12', 'December 2026', ['new-year']],
      ['2026/11', 'November 2026', ['late-november', 'early-november']],
      ['2026/10', 'October 2026', ['october']],
    ],
  );
});

test('no stories make no months', () => {
  assert.deepEqual(archiveMonths([]), []);
});
