/** 6. Lighthouse's four scores for the story page and the front page, each the median of the runs. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, median, progress, projectDir } from '../lib.ts';
import type { Report } from '../report.ts';
import { CHROMIUM, DIST_DIR, RUNS } from '../settings.ts';

const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const flags = '--headless=new --no-sandbox --disable-gpu --disable-background-networking';

export interface LighthousePage {
  name: string;
  url: string;
  /** Markup the built page must have to be the page issue 15 names, e.g. a story's hero picture. */
  mustContain: string;
}

function lighthouseArgs(url: string, output: string): string[] {
  return [
    '-y',
    'lighthouse@12.2.3',
    url,
    '--quiet',
    '--output=json',
    `--output-path=${output}`,
    `--only-categories=${categories.join(',')}`,
    `--chrome-flags=${flags}`,
  ];
}

/**
 * One run into `output`. A run whose trace came out broken (NO_NAVSTART, seen on a busy machine)
 * is made again once, as Lighthouse's message asks; any other failure stops the bench.
 */
function runLighthouse(url: string, output: string): void {
  for (let attempt = 1; ; attempt += 1) {
    const result = spawnSync('npx', lighthouseArgs(url, output), {
      cwd: projectDir,
      encoding: 'utf8',
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      timeout: 180_000,
    });
    if (result.status === 0 && existsSync(output)) return;
    if (attempt > 1 || !result.stderr.includes('NO_NAVSTART')) fail(`Lighthouse failed:\n${result.stderr}`);
    progress('weight', `Lighthouse's trace of ${url} came out broken (NO_NAVSTART); running it again`);
  }
}

function checkPage(page: LighthousePage): void {
  const html = readFileSync(join(DIST_DIR, 'client', new URL(page.url).pathname, 'index.html'), 'utf8');
  if (!html.includes(page.mustContain))
    fail(`The ${page.name} has no ${page.mustContain}: Lighthouse would not read the page issue 15 names.`);
}

function measurePage(report: Report, page: LighthousePage, workDir: string): void {
  checkPage(page);
  const scores: Record<(typeof categories)[number], number[]> = {
    performance: [],
    accessibility: [],
    'best-practices': [],
    seo: [],
  };
  report.recordCommand(
    `Lighthouse, ${page.name}: CHROME_PATH=${CHROMIUM} npx ${lighthouseArgs(page.url, 'report.json')
      .map((arg) => (arg.includes(' ') ? `"${arg}"` : arg))
      .join(' ')}`,
  );
  for (let run = 1; run <= RUNS; run += 1) {
    const output = join(workDir, `lighthouse-${page.name.replaceAll(' ', '-')}-${run}.json`);
    runLighthouse(page.url, output);
    const lighthouseReport = JSON.parse(readFileSync(output, 'utf8')) as {
      categories: Record<string, { score: number | null }>;
    };
    for (const category of categories)
      scores[category].push(Math.round((lighthouseReport.categories[category]?.score ?? 0) * 100));
    progress(
      'weight',
      `Lighthouse, ${page.name}, run ${run}/${RUNS}: ${categories.map((category) => `${category} ${scores[category].at(-1)}`).join(', ')}`,
    );
  }
  for (const category of categories) {
    const score = median(scores[category]);
    report.addRow(
      `Lighthouse ${category}, ${page.name} (median of ${RUNS})`,
      String(score),
      '100',
      '',
      score === 100 ? '✅' : '❌',
    );
  }
}

export function measureLighthouse(report: Report, pages: readonly LighthousePage[], workDir: string): void {
  for (const page of pages) measurePage(report, page, workDir);
}
