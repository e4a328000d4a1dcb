import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { resolve } from 'node:path';
import test, { type TestContext } from 'node:test';
import { listAuditLog } from '../../src/server/moderation/audit-log.ts';
import { openDatabase } from '../../src/server/db/open.ts';
import { findUserByUsername } from '../../src/server/accounts/user.ts';
import { addUser } from './fixtures.ts';
import { createTempDirectory } from './test-db.ts';

const script = resolve(import.meta.dirname, '../../scripts/user.ts');

async function dataDirWithUser(t: TestContext): Promise<string> {
  const directory = await createTempDirectory();
  t.after(directory.cleanup);
  const db = await openDatabase({ dataDir: directory.path });
  await addUser(db, 'Ada');
  await db.close();
  return directory.path;
}

function runUser(dataDir: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [script, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
  });
}

test('npm run user -- role sets the role, says so and records it with no actor', async (t) => {
  const dataDir = await dataDirWithUser(t);
  const result = runUser(dataDir, 'role', 'ada', 'admin');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'Ada is now an admin (was a reader).\n');

  const db = await openDatabase({ dataDir });
  t.after(() => db.close());
  assert.equal((await findUserByUsername(db, 'ada'))?.role, 'admin');
  const [entry] = await listAuditLog(db, { limit: 1 });
  assert.deepEqual(
    [entry?.actorId, entry?.action, entry?.reason],
    [null, 'set-role', 'reader to admin: from the command line'],
  );
});

test('setting the role a user already has says so', async (t) => {
  const dataDir = await dataDirWithUser(t);
  const result = runUser(dataDir, 'role', 'Ada', 'reader');
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'Ada was already a reader.\n');
});

test('an unknown user, an unknown role or a wrong command exits non-zero with a clear message', async (t) => {
  const dataDir = await dataDirWithUser(t);
  const unknownUser = runUser(dataDir, 'role', 'bob', 'moderator');
  assert.equal(unknownUser.status, 1);
  assert.equal(unknownUser.stderr, 'No account is called "bob".\n');

  const unknownRole = runUser(dataDir, 'role', 'ada', 'editor');
  assert.equal(unknownRole.status, 1);
  assert.match(unknownRole.stderr, /^"editor" is not a role\. Choose reader, moderator or admin\./);

  for (const args of [[], ['promote', 'ada'], ['role', 'ada'], ['role', 'ada', 'admin', 'extra']]) {
    const wrong = runUser(dataDir, ...args);
    assert.equal(wrong.status, 1, args.join(' '));
    assert.equal(wrong.stderr, 'Usage: npm run user -- role <username> reader|moderator|admin\n');
  }
});
