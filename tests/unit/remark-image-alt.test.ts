import { test } from 'node:test';
import assert from 'node:assert/strict';
import { remarkImageAlt } from '../../src/server/stories/remark-image-alt.ts';

function check(alt: string | null): string | null {
  const tree = {
    type: 'root',
    children: [{ type: 'paragraph', children: [{ type: 'image', url: './map.jpg', alt }] }],
  };
  const file = {
    path: 'content/articles/a-story.mdx',
    fail(reason: string): never {
      throw new Error(reason);
    },
  };
  try {
    remarkImageAlt()(tree, file);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

test('a picture with alt text passes', () => {
  assert.equal(check('A map of the road'), null);
});

test('a picture without alt text, or with only spaces, stops the build naming the file and the picture', () => {
  const expected = 'content/articles/a-story.mdx: the image ./map.jpg needs alt text: ![what it shows](./map.jpg)';
  assert.equal(check(''), expected);
  assert.equal(check('   '), expected);
  assert.equal(check(null), expected);
});
