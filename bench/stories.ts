/** Generated stories for the build benchmark: the live story's length and features, varied by number. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectDir } from './lib.ts';

const SECTIONS = ['technology', 'politics', 'business', 'science', 'world', 'culture'];
const TAGS = ['elections', 'climate', 'markets', 'health', 'courts', 'energy', 'education', 'transport'];

const PARAGRAPH =
  'The ministry published its figures on Tuesday, and by Wednesday three independent analysts had ' +
  'questioned them. The gap, they said, comes from a change in how regional offices count projects ' +
  'that started but were never finished, which the report folds into the total without saying so.';

/** Writes `count` MDX stories into `<contentDir>/articles` and returns that folder. */
export function generateStories(contentDir: string, count: number): string {
  const articles = join(contentDir, 'articles');
  mkdirSync(articles, { recursive: true });
  const pullQuote = join(projectDir, 'src/components/PullQuote.astro');
  for (let index = 1; index <= count; index += 1) {
    const number = String(index).padStart(4, '0');
    const day = new Date(Date.UTC(2026, 0, 1) + index * 6 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const source = `---
title: "Benchmark story ${number}: regional budget figures questioned"
description: "Analysts say the ministry's totals count unfinished projects; story ${number} of ${count}."
publishedAt: ${day}
authors: ["Bench Reporter ${index % 7}"]
section: ${SECTIONS[index % SECTIONS.length]}
tags: [${TAGS[index % TAGS.length]}, ${TAGS[(index * 3 + 1) % TAGS.length]}]
comments: open
---
import PullQuote from '${pullQuote}';

${PARAGRAPH} Story ${number}.

${PARAGRAPH}

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
  }
  return articles;
}
