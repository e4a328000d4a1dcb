import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pictureWidths } from '../../src/server/stories/picture-widths.ts';

const BREAKPOINTS = [360, 720, 1080];

test('a story picture drawn at a breakpoint gets every breakpoint', () => {
  assert.deepEqual(pictureWidths(720, 1600, BREAKPOINTS), [360, 720, 1080]);
});

test('a width the original does not reach becomes the original width, never enlarged', () => {
  assert.deepEqual(pictureWidths(720, 1000, BREAKPOINTS), [360, 720, 1000]);
  assert.deepEqual(pictureWidths(720, 600, BREAKPOINTS), [360, 600]);
  assert.deepEqual(pictureWidths(720, 300, BREAKPOINTS), [300]);
});

test('the width a picture is drawn at is always among its widths', () => {
  assert.deepEqual(pictureWidths(500, 1600, BREAKPOINTS), [360, 500, 720, 1080]);
});

test('a picture drawn narrower than the first breakpoint gets its 1× and 2×', () => {
  assert.deepEqual(pictureWidths(160, 800, BREAKPOINTS), [160, 320]);
  assert.deepEqual(pictureWidths(160, 200, BREAKPOINTS), [160, 200]);
});
