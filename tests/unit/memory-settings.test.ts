import assert from 'node:assert/strict';
import test from 'node:test';
import { memorySettingsCommand } from '../../src/server/app/memory-settings.ts';

const started = {
  platform: 'linux' as const,
  execPath: '/usr/bin/node',
  execArgv: [],
  argv: ['/usr/bin/node', '/srv/newsroom/scripts/start.ts'],
  env: { PORT: '4321' },
};

test('the server starts again with a 1.5 GiB heap, 16 MiB semi-spaces, its collector exposed and large allocations mapped', () => {
  const command = memorySettingsCommand(started);
  assert.deepEqual(command?.args, [
    '/usr/bin/node',
    '--max-semi-space-size=16',
    '--max-old-space-size=1536',
    '--expose-gc',
    '/srv/newsroom/scripts/start.ts',
  ]);
  assert.deepEqual(command?.env, { PORT: '4321', MALLOC_MMAP_THRESHOLD_: '1048576' });
});

test('once started with its settings, the server does not start again', () => {
  const command = memorySettingsCommand(started);
  assert.ok(command !== null);
  const again = memorySettingsCommand({ ...started, execArgv: command.args.slice(1, -1), env: command.env });
  assert.equal(again, null);
});

test("an operator's own heap limit, in NODE_OPTIONS or on the command line, is kept", () => {
  const fromEnv = memorySettingsCommand({ ...started, env: { NODE_OPTIONS: '--max-old-space-size=4096' } });
  assert.deepEqual(fromEnv?.args, [
    '/usr/bin/node',
    '--max-semi-space-size=16',
    '--expose-gc',
    '/srv/newsroom/scripts/start.ts',
  ]);
  const fromCommandLine = memorySettingsCommand({ ...started, execArgv: ['--max_old_space_size=2048'] });
  assert.deepEqual(fromCommandLine?.args, [
    '/usr/bin/node',
    '--max-semi-space-size=16',
    '--expose-gc',
    '--max_old_space_size=2048',
    '/srv/newsroom/scripts/start.ts',
  ]);
});

test("an operator's own mmap threshold is kept, and the heap flags are still added", () => {
  const command = memorySettingsCommand({ ...started, env: { MALLOC_MMAP_THRESHOLD_: '65536' } });
  assert.equal(command?.env.MALLOC_MMAP_THRESHOLD_, '65536');
  assert.ok(command?.args.includes('--max-old-space-size=1536'));
});

test('off Linux the server runs as started', () => {
  assert.equal(memorySettingsCommand({ ...started, platform: 'darwin' }), null);
});
