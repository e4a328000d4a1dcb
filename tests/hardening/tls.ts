/**
 * The TLS part (issue 11 item 1): the whole product as a deployment behind HTTPS runs it, through
 * deploy/nginx.conf with a throwaway certificate: a reader signs up and comments through the forms,
 * a moderator signs in and hides the comment. The scenario is tests/scale/nginx.test.ts's HTTPS test,
 * run here as it is so the two cannot drift apart; this part turns its outcome into a figure.
 */
import { spawnSync } from 'node:child_process';
import { PROJECT_DIR } from './harness.ts';

const run = spawnSync(
  process.execPath,
  ['--test', '--test-name-pattern=behind nginx over HTTPS', 'tests/scale/nginx.test.ts'],
  { cwd: PROJECT_DIR, encoding: 'utf8' },
);
const count = (label: string): number => Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(run.stdout)?.[1] ?? 0);
const [passed, failed, skipped] = [count('pass'), count('fail'), count('skipped')];
const steps = [...run.stdout.matchAll(/^\s*✔ (.+?) \(\d/gm)].length;

if (skipped > 0 || passed + failed === 0) {
  const reason = /# SKIP (.+)$/m.exec(run.stdout)?.[1] ?? 'the test did not run';
  console.log(`SKIP behind nginx over HTTPS: not tested (${reason})`);
  process.exit(0);
}
if (run.status === 0 && failed === 0) {
  console.log(`PASS behind nginx over HTTPS: sign up, comment and moderate through the forms, ${steps} steps passed`);
  process.exit(0);
}
console.log(run.stdout.slice(-4000));
console.log(`FAIL behind nginx over HTTPS: ${failed} failed (node --test tests/scale/nginx.test.ts)`);
process.exit(1);
