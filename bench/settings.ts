/** What every measurement of `npm run bench` shares: the story it reads, how long and how often it runs. */
import { join } from 'node:path';

/** The stories the server under test serves (tests/fixtures/site), never the live content/. */
export const CONTENT_DIR = join(import.meta.dirname, '..', 'tests/fixtures/site');
/** Their build, apart from npm start's dist/. */
export const DIST_DIR = join(import.meta.dirname, '..', '.tmp/bench-dist');
/** The fixture's lead story. */
export const STORY = 'anthropic-accuses-alibaba-of-illicit-ai-capability-extraction';
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const RUNS = 3;
export const BUILD_SIZES = (process.env.BENCH_BUILD_SIZES ?? '100,1000').split(',').map(Number);
export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
