import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWrittenDate, writtenField } from '../../src/server/stories/written-date.ts';

test('the text of a front matter field is found as the editor wrote it', () => {
  const source = [
    '---',
    'title: "A"',
    'publishedAt: 2026-13-45   # a typo',
    "updatedAt: '2026-11-31'",
    '---',
    'createdAt: 2026-01-01',
  ].join('\n');
  assert.equal(writtenField(source, 'publishedAt'), '2026-13-45');
  assert.equal(writtenField(source, 'updatedAt'), '2026-11-31');
  assert.equal(writtenField(source, 'createdAt'), null, 'a line of the story text is not front matter');
  assert.equal(writtenField('no front matter', 'publishedAt'), null);
});

test('a written date is refused when it is not on the calendar, and read as UTC otherwise', () => {
  assert.deepEqual(parseWrittenDate('2026-02-29'), { ok: false, reason: 'not-on-calendar' });
  assert.deepEqual(parseWrittenDate('2026-11-26T09:60:00Z'), { ok: false, reason: 'not-on-calendar' });
  assert.deepEqual(parseWrittenDate('26 November 2026'), { ok: false, reason: 'not-a-date' });
  assert.deepEqual(parseWrittenDate('2026-11-26 09:00:00 -5'), { ok: true, date: new Date('2026-11-26T14:00:00Z') });
  assert.deepEqual(parseWrittenDate('2026-11-26t09:00'), { ok: true, date: new Date('2026-11-26T09:00:00Z') });
});
