import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import test from 'node:test';
import { createTempDirectory } from './test-db.ts';

const scripts = resolve(import.meta.dirname, '../../scripts');

function run(script: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(scripts, script), ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    encoding: 'utf8',
  });
}

test('a wrong setting stops each database script with its own exit code, saying what is wrong', async (t) => {
  const directory = await createTempDirectory();
  t.after(directory.cleanup);
  const output = join(directory.path, 'export.json');
  const env = { DATA_DIR: directory.path, PORT: 'abc' };
  const said = 'PORT must be a whole number from 0 to 65535, not "abc".\n';
  const cases: [string, string[], number][] = [
    ['comments-export.ts', [output], 2],
    ['comments-import.ts', ['--from', 'disqus', join(directory.path, 'export.xml')], 1],
    ['user.ts', ['role', 'ada', 'admin'], 1],
  ];
  for (const [script, args, status] of cases) {
    const result = run(script, args, env);
    assert.deepEqual([result.status, result.stderr], [status, said], script);
  }
  assert.equal(existsSync(output), false, 'no export file');
  assert.equal(existsSync(`${output}.partial`), false, 'no partial export file');
});

test('a missing argument stops the export and the copy with their usage and exit code 2', () => {
  const exported = run('comments-export.ts', []);
  assert.deepEqual([exported.status, exported.stderr], [2, 'Usage: npm run comments:export -- <file.json>\n']);
  const copied = run('db-copy.ts', ['--from', 'missing.sqlite']);
  assert.equal(copied.status, 2);
  assert.match(copied.stderr, /^Usage: npm run db:copy -- --from <sqlite file> --to <postgres:\/\/ URL>\n$/);
});
