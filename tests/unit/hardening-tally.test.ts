import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFigure, tallyFigures } from '../support/hardening-tally.ts';

const figures = [
  'PASS xss: 0 of 3,000 payloads ran',
  'FAIL overload: p99 2.1 s',
  'SKIP read-only database: not tested (chattr +i failed: Operation not supported)',
];

test('a check that could not run is counted as skipped, not passed', () => {
  assert.deepEqual(figures.map(isFigure), [true, true, true]);
  assert.equal(isFigure('  failed: the form post answered 500'), false);
  assert.equal(tallyFigures(figures, ['overload'], false).summary, 'hardening: 1 passed, 1 failed, 1 skipped');
});

test('a skip passes a run on a developer machine and fails it under CI', () => {
  const skippedOnly = [figures[0] ?? '', figures[2] ?? ''];
  assert.equal(tallyFigures(skippedOnly, [], false).ok, true);
  const ci = tallyFigures(skippedOnly, [], true);
  assert.equal(ci.ok, false);
  assert.equal(ci.summary, 'hardening: 1 passed, 0 failed, 1 skipped');
  assert.equal(tallyFigures([figures[0] ?? ''], [], true).ok, true);
});
