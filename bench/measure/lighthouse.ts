/** 6. Lighthouse's four scores for the story page, each the median of the runs. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, median, progress, projectDir } from '../lib.ts';
import type { Report } from '../report.ts';
import { CHROMIUM, RUNS } from '../settings.ts';

const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const flags = '--headless=new --no-sandbox --disable-gpu --disable-background-networking';

function lighthouseArgs(storyUrl: string, output: string): string[] {
  return [
    '-y',
    'lighthouse@12.2.3',
    storyUrl,
    '--quiet',
    '--output=json',
    `--output-path=${output}`,
    `--only-categories=${categories.join(',')}`,
    `--chrome-flags=${flags}`,
  ];
}

export function measureLighthouse(report: Report, storyUrl: string, workDir: string): void {
  const scores: Record<(typeof categories)[number], number[]> = {
    performance: [],
    accessibility: [],
    'best-practices': [],
    seo: [],
  };
  report.recordCommand(
    `Lighthouse: CHROME_PATH=${CHROMIUM} npx ${lighthouseArgs(storyUrl, 'report.json')
      .map((arg) => (arg.includes(' ') ? `"${arg}"` : arg))
      .join(' ')}`,
  );
  for (let run = 1; run <= RUNS; run += 1) {
    const output = join(workDir, `lighthouse-${run}.json`);
    const result = spawnSync('npx', lighthouseArgs(storyUrl, output), {
      cwd: projectDir,
      encoding: 'utf8',
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      timeout: 180_000,
    });
    if (result.status !== 0 || !existsSync(output)) fail(`Lighthouse failed:\n${result.stderr}`);
    const lighthouseReport = JSON.parse(readFileSync(output, 'utf8')) as {
      categories: Record<string, { score: number | null }>;
    };
    for (const category of categories)
      scores[category].push(Math.round((lighthouseReport.categories[category]?.score ?? 0) * 100));
    progress(
      'weight',
      `Lighthouse run ${run}/${RUNS}: ${categories.map((category) => `${category} ${scores[category].at(-1)}`).join(', ')}`,
    );
  }
  for (const category of categories) {
    const score = median(scores[category]);
    report.addRow(`Lighthouse ${category} (median of ${RUNS})`, String(score), '100', '', score === 100 ? '✅' : '❌');
  }
}
