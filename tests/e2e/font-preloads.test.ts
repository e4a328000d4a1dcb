/**
 * A page preloads the faces of Newsreader its first screen sets, and no other: a face found only
 * in the CSS is fetched at the highest priority after the stylesheet, which holds up the first
 * paint (issue 15's Lighthouse score); a face preloaded and not used wastes the reader's data.
 */
import type { Page } from '@playwright/test';
import { test, expect, FIRST_STORY_SLUG } from './site.ts';

/** 'normal' and 'italic' for the faces the page's font preloads name. */
async function preloadedFaces(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('link[rel="preload"][as="font"]')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  return hrefs.map((href) => (href.includes('-italic') ? 'italic' : 'normal')).sort();
}

/** 'normal' and 'italic' for the Newsreader text painted in the first screen. */
async function firstScreenFaces(page: Page): Promise<string[]> {
  const faces = await page.evaluate(() => {
    const found = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const element = node.parentElement;
      if (element === null || node.textContent?.trim() === '') continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      if (box.height === 0 || box.top >= window.innerHeight) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || !style.fontFamily.startsWith('Newsreader')) continue;
      found.add(style.fontStyle === 'italic' ? 'italic' : 'normal');
    }
    return [...found];
  });
  return faces.sort();
}

const PAGES = [`/articles/${FIRST_STORY_SLUG}/`, '/', '/sections/technology/', '/about/', '/login/', '/archive/'];

for (const width of [412, 1280]) {
  test(`at ${width} px each page preloads exactly the faces of its first screen`, async ({ page }) => {
    await page.setViewportSize({ width, height: 823 });
    for (const path of PAGES) {
      await page.goto(path);
      expect(await preloadedFaces(page), path).toEqual(await firstScreenFaces(page));
    }
  });
}
