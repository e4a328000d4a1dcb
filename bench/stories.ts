/**
 * Generated stories for the build benchmark: the live story's length and features, varied by
 * number, each with a hero of its own and every fifth with a picture in its text, so the build
 * makes every size and format of every picture as it would for a newsroom's real ones.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { projectDir } from './lib.ts';
import { SECTION_IDS } from '../src/server/stories/sections.ts';

const AUTHORS = 7;
const TAGS = ['elections', 'climate', 'markets', 'health', 'courts', 'energy', 'education', 'transport'];

const PARAGRAPH =
  'The ministry published its figures on Tuesday, and by Wednesday three independent analysts had ' +
  'questioned them. The gap, they said, comes from a change in how regional offices count projects ' +
  'that started but were never finished, which the report folds into the total without saying so.';

/** A 1600 × 900 picture of its own for story `index`: sky, ground and shapes in colours of its number. */
async function drawPicture(path: string, index: number): Promise<void> {
  const hue = (index * 47) % 360;
  let shapes = '';
  for (let shape = 0; shape < 30; shape += 1) {
    const x = (shape * 397 + index * 13) % 1600;
    const y = 400 + ((shape * 131 + index * 7) % 480);
    shapes += `<circle cx="${x}" cy="${y}" r="${20 + ((shape * 53) % 90)}" fill="hsl(${(hue + shape * 9) % 360} 45% 45%)" opacity="0.6"/>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue} 50% 75%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360} 40% 30%)"/></linearGradient></defs><rect width="1600" height="900" fill="url(#g)"/>${shapes}</svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toFile(path);
}

/** Where generateStories puts the hero of story `index` (1 to count). */
export function heroFile(articles: string, index: number): string {
  return join(articles, 'images', `hero-${String(index).padStart(4, '0')}.jpg`);
}

/** Writes `count` MDX stories, their pictures and their authors into `contentDir`; returns its articles folder. */
export async function generateStories(contentDir: string, count: number): Promise<string> {
  const articles = join(contentDir, 'articles');
  const images = join(articles, 'images');
  const authors = join(contentDir, 'authors');
  mkdirSync(images, { recursive: true });
  mkdirSync(authors, { recursive: true });
  for (let author = 0; author < AUTHORS; author += 1) {
    writeFileSync(
      join(authors, `bench-reporter-${author}.md`),
      `---\nname: "Bench Reporter ${author}"\nrole: "Reporter"\nbio: "Writes the benchmark's stories."\n---\n`,
    );
  }
  const pullQuote = join(projectDir, 'src/components/PullQuote.astro');
  for (let index = 1; index <= count; index += 1) {
    const number = String(index).padStart(4, '0');
    const day = new Date(Date.UTC(2026, 0, 1) + index * 6 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const source = `---
title: "Benchmark story ${number}: regional budget figures questioned"
description: "Analysts say the ministry's totals count unfinished projects; story ${number} of ${count}."
publishedAt: ${day}
authors: [bench-reporter-${index % AUTHORS}]
section: ${SECTION_IDS[index % SECTION_IDS.length]}
tags: [${TAGS[index % TAGS.length]}, ${TAGS[(index * 3 + 1) % TAGS.length]}]
hero:
  src: ./images/hero-${number}.jpg
  alt: "The scene of story ${number}"
comments: open
---
import PullQuote from '${pullQuote}';

${PARAGRAPH} Story ${number}.

${PARAGRAPH}
${index % 5 === 0 ? `\n![A chart for story ${number}](./images/inline-${number}.jpg)\n` : ''}
## What the numbers say

| Region | Reported | Recounted |
| ------ | -------: | --------: |
| North  | ${100 + index} | ${90 + index} |
| South  | ${200 + index} | ${170 + index} |

<PullQuote cite="An analyst">The total counts projects that were never finished.</PullQuote>

${PARAGRAPH} See https://example.com/reports/${number} for the report.[^1]

- [x] figures checked
- [ ] ministry response

[^1]: Published by the ministry on its website.
`;
    writeFileSync(join(articles, `benchmark-story-${number}.mdx`), source);
    await drawPicture(heroFile(articles, index), index);
    if (index % 5 === 0) await drawPicture(join(images, `inline-${number}.jpg`), index + count);
  }
  return articles;
}
