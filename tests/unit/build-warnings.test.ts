import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropHeadInjectWarning } from '../../src/server/build/build-warnings.ts';

test("only Rolldown's warning about Astro's head-inject directive is dropped", () => {
  const passed: string[] = [];
  const warn = (warning: { message: string }): void => {
    passed.push(warning.message);
  };
  const headInject =
    'The semantics of the module level directive "use astro:head-inject" in "a.mdx?astroPropagatedAssets" may not be preserved when bundling.';
  const useClient =
    'The semantics of the module level directive "use client" in "b.js" may not be preserved when bundling.';
  dropHeadInjectWarning({ code: 'MODULE_LEVEL_DIRECTIVE', message: headInject }, warn);
  dropHeadInjectWarning({ code: 'MODULE_LEVEL_DIRECTIVE', message: useClient }, warn);
  dropHeadInjectWarning({ code: 'CIRCULAR_DEPENDENCY', message: 'a -> b -> a' }, warn);
  assert.deepEqual(passed, [useClient, 'a -> b -> a']);
});
