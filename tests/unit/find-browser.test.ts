import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installDebianChromium, type AptGetRun } from '../support/find-browser.ts';

const LOCKED: AptGetRun = {
  status: 100,
  stderr: 'E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4171 (unattended-upgr)\n',
};
const DONE: AptGetRun = { status: 0, stderr: '' };

/** An apt-get that answers `updates` in turn to `update` and `install` to `install`, recording each command line. */
function fakeAptGet(
  updates: AptGetRun[],
  install: AptGetRun = DONE,
): { calls: string[]; aptGet: (args: string[]) => AptGetRun } {
  const calls: string[] = [];
  return {
    calls,
    aptGet: (args) => {
      calls.push(args.join(' '));
      return args.includes('update') ? (updates.shift() ?? DONE) : install;
    },
  };
}

test('apt-get install waits up to five minutes for the dpkg lock instead of giving up', () => {
  const { calls, aptGet } = fakeAptGet([DONE]);
  assert.equal(
    installDebianChromium(
      aptGet,
      () => {},
      () => {},
    ),
    true,
  );
  assert.deepEqual(calls, ['update -qq', '-o DPkg::Lock::Timeout=300 install -y -qq chromium']);
});

test('apt-get update, which ignores that setting, is tried again while another process holds the lists lock', () => {
  const waits: number[] = [];
  const { calls, aptGet } = fakeAptGet([LOCKED, LOCKED, DONE]);
  assert.equal(
    installDebianChromium(
      aptGet,
      (ms) => waits.push(ms),
      () => {},
    ),
    true,
  );
  assert.deepEqual(calls.slice(0, 3), ['update -qq', 'update -qq', 'update -qq']);
  assert.deepEqual(waits, [5000, 5000]);
});

test('an update that fails for another reason, or stays locked past five minutes, is not retried for ever', () => {
  const offline = fakeAptGet([{ status: 100, stderr: 'E: Failed to fetch http://deb.debian.org/...\n' }]);
  assert.equal(
    installDebianChromium(
      offline.aptGet,
      () => {},
      () => {},
    ),
    false,
  );
  assert.deepEqual(offline.calls, ['update -qq']);
  const stuck = fakeAptGet(Array.from({ length: 100 }, () => LOCKED));
  let waited = 0;
  assert.equal(
    installDebianChromium(
      stuck.aptGet,
      (ms) => (waited += ms),
      () => {},
    ),
    false,
  );
  assert.equal(waited, 300_000);
});
