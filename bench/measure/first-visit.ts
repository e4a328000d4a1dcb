/** 6. A first visit to the story in Chromium (bench/first-visit.ts): requests, bytes, and reading without JavaScript. */
import { spawnSync } from 'node:child_process';
import { fail, progress, projectDir } from '../lib.ts';
import { kilobytes, type Report } from '../report.ts';
import { CHROMIUM } from '../settings.ts';

interface FirstVisit {
  requests: number;
  bytes: number;
  types: Record<string, number>;
  readsWithoutJs: boolean;
  wordsWithoutJs: number;
}

export function measureFirstVisit(report: Report, storyUrl: string): void {
  progress('weight', 'first visit in Chromium (Playwright), with and without JavaScript');
  const visit = spawnSync(process.execPath, ['bench/first-visit.ts', storyUrl, CHROMIUM], {
    cwd: projectDir,
    encoding: 'utf8',
  });
  if (visit.status !== 0) fail(`first visit failed:\n${visit.stdout}\n${visit.stderr}`);
  report.recordCommand(`first visit: node bench/first-visit.ts ${storyUrl} ${CHROMIUM}`);
  const firstVisit = JSON.parse(visit.stdout.trim().split('\n').at(-1)!) as FirstVisit;
  report.addRow(
    'Requests on a first visit (transferred)',
    `${firstVisit.requests} (${Object.entries(firstVisit.types)
      .map(([type, count]) => `${count} ${type}`)
      .join(', ')}); ${kilobytes(firstVisit.bytes)}`,
  );
  report.addRow(
    'Story readable with JavaScript off',
    firstVisit.readsWithoutJs ? `yes (${firstVisit.wordsWithoutJs} words in the article)` : 'no',
    'yes',
    '',
    firstVisit.readsWithoutJs ? '✅' : '❌',
  );
}
