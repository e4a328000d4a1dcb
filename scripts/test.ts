/**
 * `npm test`: type checks, formatting, unit tests (again on PostgreSQL when TEST_DATABASE_URL is
 * set), then browser tests, and a closing line that
 * counts every test run: "tests: N passed, N failed".
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const projectDir = resolve(import.meta.dirname, '..');
const bin = (name: string): string => resolve(projectDir, 'node_modules/.bin', name);
const playwrightReport = resolve(projectDir, 'test-results/playwright.json');

interface Outcome {
  ok: boolean;
  output: string;
}

function run(title: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  console.log(`\n== ${title}`);
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: projectDir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('close', (code) => done({ ok: code === 0, output }));
  });
}

function countNodeTests(output: string): { passed: number; failed: number } {
  const count = (label: string): number => Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') };
}

function countPlaywrightTests(): { passed: number; failed: number } {
  try {
    const { stats } = JSON.parse(readFileSync(playwrightReport, 'utf8')) as {
      stats: { expected: number; unexpected: number; flaky: number };
    };
    return { passed: stats.expected + stats.flaky, failed: stats.unexpected };
  } catch {
    return { passed: 0, failed: 0 };
  }
}

rmSync(playwrightReport, { force: true });
const check = await run('Type check (astro check)', bin('astro'), ['check']);
const format = await run('Formatting (prettier --check)', bin('prettier'), ['--check', '.']);
const unitArgs = ['--test', '--test-concurrency=2', 'tests/unit/**/*.test.ts'];
// tests/scale: the nginx and backup tests run here; the PostgreSQL ones say why they skip.
const unit = await run('Unit tests (node --test)', process.execPath, [...unitArgs, 'tests/scale/*.test.ts'], {
  TEST_DATABASE_URL: undefined,
});
const postgresUnit =
  process.env.TEST_DATABASE_URL === undefined || process.env.TEST_DATABASE_URL === ''
    ? null
    : await run('Unit tests on PostgreSQL (node --test, TEST_DATABASE_URL)', process.execPath, [
        ...unitArgs,
        'tests/scale/two-processes.test.ts',
        'tests/scale/db-copy.test.ts',
      ]);
if (postgresUnit === null) {
  console.log('\nPostgreSQL storage tests skipped: TEST_DATABASE_URL is not set (.ci/run sets it up).');
}
const browser = await run('Browser tests (Playwright)', process.execPath, ['scripts/playwright.ts', 'test'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
});

const unitCounts = countNodeTests(unit.output);
const postgresCounts = countNodeTests(postgresUnit?.output ?? '');
const browserCounts = countPlaywrightTests();
const passed = unitCounts.passed + postgresCounts.passed + browserCounts.passed;
const failed =
  unitCounts.failed +
  postgresCounts.failed +
  browserCounts.failed +
  (unit.ok || unitCounts.failed > 0 ? 0 : 1) +
  (postgresUnit === null || postgresUnit.ok || postgresCounts.failed > 0 ? 0 : 1) +
  (browser.ok || browserCounts.failed > 0 ? 0 : 1);
const problems = [!check.ok && 'type check', !format.ok && 'formatting'].filter(Boolean);
if (problems.length > 0) console.log(`\nFailed: ${problems.join(', ')}.`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(check.ok && format.ok && unit.ok && postgresUnit?.ok !== false && browser.ok ? 0 : 1);
