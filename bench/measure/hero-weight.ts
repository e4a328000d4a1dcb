/**
 * 6. The story's hero as a phone downloads it: one generated story whose hero is a photograph
 * (bench/photograph.ts), built, and loaded in Chromium 375 px wide at 2× (as most phones) and 3×;
 * the bytes of the file the browser chose from the srcset.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { runAstroBuild } from '../../src/server/build/astro-build.ts';
import { fail, progress, projectDir } from '../lib.ts';
import { drawPhotograph } from '../photograph.ts';
import { kilobytes, type Report } from '../report.ts';
import { CHROMIUM } from '../settings.ts';
import { generateStories, heroFile } from '../stories.ts';

const ORIGIN = 'http://ledger.bench';
const STORY_PATH = '/articles/benchmark-story-0001/';
const TARGET_BYTES = 60 * 1024;
const outDir = join('.tmp', 'bench-hero');
// Emptied before and after: Astro names a cached picture by its size and format, not by the
// encoder settings, so a picture cached before a change of settings would be measured.
const cacheDir = join('.tmp', 'bench-hero-cache');

interface Chosen {
  bytes: number;
  /** Its srcset entry: width and format, such as "720w avif". */
  entry: string;
}

/** Loads the story at 375 px and `density`, its files answered from the build; the hero's file. */
async function heroChosen(browser: Browser, staticDir: string, density: number): Promise<Chosen> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: density,
    isMobile: true,
  });
  try {
    const page = await context.newPage();
    await page.route(`${ORIGIN}/**`, async (route) => {
      let file = join(staticDir, decodeURIComponent(new URL(route.request().url()).pathname));
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!file.startsWith(staticDir) || !existsSync(file)) return route.fulfill({ status: 404 });
      return route.fulfill({ path: file });
    });
    await page.goto(`${ORIGIN}${STORY_PATH}`, { waitUntil: 'load' });
    const source = await page
      .locator('.story-hero img')
      .evaluate((image: HTMLImageElement) => (image.complete ? image.currentSrc : ''));
    if (source === '') fail('the hero did not load');
    const path = new URL(source).pathname;
    const width = new RegExp(`${path.replace(/[.]/g, '\\.')} (\\d+w)`).exec(
      await page.locator('.story-hero picture').innerHTML(),
    )?.[1];
    return { bytes: statSync(join(staticDir, path)).size, entry: `${width ?? '?'} ${path.split('.').at(-1)}` };
  } finally {
    await context.close();
  }
}

export async function measureHeroWeight(report: Report, workDir: string): Promise<void> {
  progress('hero', 'one story with a photograph for its hero, built and loaded at 375 px');
  const contentDir = join(workDir, 'hero-story');
  const articles = await generateStories(contentDir, 1);
  await drawPhotograph(heroFile(articles, 1), 1);
  const distDir = join(projectDir, outDir);
  rmSync(join(projectDir, cacheDir), { recursive: true, force: true });
  const build = runAstroBuild(
    { projectDir, distDir, siteOrigin: ORIGIN, contentDir, cacheDir: join(projectDir, cacheDir) },
    'capture',
  );
  if (!build.ok) fail(`the hero story did not build:\n${build.output.slice(-3000)}`);
  report.recordCommand(
    `hero: node -e "generateStories(<dir>, 1); drawPhotograph(<dir>/articles/images/hero-0001.jpg, 1)"; CONTENT_DIR=<dir> OUT_DIR=${outDir} CACHE_DIR=${cacheDir} astro build (cache emptied); Chromium 375 × 812 at 2× and 3× loads ${STORY_PATH}; size of the hero's currentSrc`,
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    const phone = await heroChosen(browser, join(distDir, 'client'), 2);
    const dense = await heroChosen(browser, join(distDir, 'client'), 3);
    report.addRow(
      'Story hero (a photograph) at 375 px: 2× (3×)',
      `${kilobytes(phone.bytes)}, ${phone.entry} (${kilobytes(dense.bytes)}, ${dense.entry})`,
      '≤ 60 KB at 2×',
      `${(phone.bytes / TARGET_BYTES).toFixed(2)} ×`,
      phone.bytes <= TARGET_BYTES ? '✅' : '❌',
    );
  } finally {
    await browser.close();
    rmSync(distDir, { recursive: true, force: true });
    rmSync(join(projectDir, cacheDir), { recursive: true, force: true });
  }
}
