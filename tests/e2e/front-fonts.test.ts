/**
 * A front sets no italic, so it fetches only the roman face of Newsreader, the one every page
 * preloads: the italic face is 65 KB that Lighthouse counts before the lead picture's paint
 * (issue 15). A story, whose standfirst is italic, fetches both.
 */
import type { Browser } from '@playwright/test';
import { test, expect, FIRST_STORY_SLUG } from './site.ts';

/** 'normal' and 'italic' for the Newsreader files a first visit fetches. */
async function fetchedFaces(browser: Browser, url: string, width: number): Promise<string[]> {
  const context = await browser.newContext({ viewport: { width, height: 823 } });
  const page = await context.newPage();
  const faces = new Set<string>();
  page.on('request', (request) => {
    const file = /newsreader-[\w-]+-(normal|italic)\.[\w-]+\.woff2$/.exec(request.url());
    if (file !== null) faces.add(file[1]!);
  });
  // A face is asked for when text set in it is laid out, well before the network goes quiet.
  const response = await page.goto(url, { waitUntil: 'networkidle' });
  expect(response?.status(), url).toBe(200);
  await context.close();
  return [...faces].sort();
}

for (const width of [412, 1280]) {
  test(`at ${width} px a front fetches only the roman face, and a story the italic too`, async ({ browser, site }) => {
    for (const path of ['/', '/sections/technology/']) {
      expect(await fetchedFaces(browser, new URL(path, site.url).href, width), path).toEqual(['normal']);
    }
    expect(await fetchedFaces(browser, new URL(`/articles/${FIRST_STORY_SLUG}/`, site.url).href, width)).toEqual([
      'italic',
      'normal',
    ]);
  });
}
