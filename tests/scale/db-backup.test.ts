import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import test from 'node:test';
import { backupSqliteDatabase } from '../../src/server/db/backup.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { openSqliteDatabase } from '../../src/server/db/sqlite.ts';
import { postComment } from '../../src/server/comments/store.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { createTempDirectory } from '../unit/test-db.ts';

const projectDir = resolve(import.meta.dirname, '../..');
const story = 'anthropic-accuses-alibaba-of-illicit-ai-capability-extraction';

test('a backup taken while comments are being written holds a consistent, checked copy', async (t) => {
  const directory = await createTempDirectory();
  t.after(() => directory.cleanup());
  const path = join(directory.path, 'newsroom.sqlite');
  const db = openSqliteDatabase(path);
  t.after(() => db.close().catch(() => undefined));
  await migrate(db);
  const reader = await signUp(db, { username: 'ada', password: 'a long enough password', email: null }, 1);
  assert.ok(reader.ok);
  let writing = true;
  let written = 0;
  const writer = (async (): Promise<void> => {
    while (writing) {
      const posted = await postComment(
        db,
        { storySlug: story, parentId: null, authorId: reader.user.id, body: `Comment ${written + 1}` },
        written + 1,
      );
      assert.ok(posted.ok);
      written += 1;
      // node:sqlite answers within microtasks; yielding lets the backup below take its turn.
      await new Promise((wake) => setImmediate(wake));
    }
  })();
  const failed = writer.then(
    () => false,
    () => true,
  );

  while (written < 20) {
    assert.equal(await Promise.race([failed, new Promise((wake) => setTimeout(wake, 10, false))]), false);
  }
  const outcome = await backupSqliteDatabase(path, join(directory.path, 'backups'), new Date('2030-01-02T03:04:05Z'));
  writing = false;
  await writer;

  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  assert.equal(outcome.path, join(directory.path, 'backups', 'newsroom-2030-01-02T030405Z.sqlite'));
  const copy = new DatabaseSync(outcome.path, { readOnly: true });
  t.after(() => copy.close());
  assert.deepEqual(
    copy
      .prepare('PRAGMA integrity_check')
      .all()
      .map((row) => ({ ...row })),
    [{ integrity_check: 'ok' }],
  );
  const { count, last } = copy.prepare('SELECT COUNT(*) AS count, MAX(created_at) AS last FROM comments').get() as {
    count: number;
    last: number;
  };
  assert.ok(count >= 19, `the copy holds the comments written before it (${count})`);
  assert.equal(count, last, 'comment n was written at time n, so a consistent copy has exactly 1..n');
});

test('a backup never overwrites an earlier one, and a missing database is reported', async (t) => {
  const directory = await createTempDirectory();
  t.after(() => directory.cleanup());
  const path = join(directory.path, 'newsroom.sqlite');
  const db = openSqliteDatabase(path);
  await migrate(db);
  await db.close();
  const at = new Date('2030-01-02T03:04:05Z');
  const backups = join(directory.path, 'backups');

  assert.ok((await backupSqliteDatabase(path, backups, at)).ok);
  const again = await backupSqliteDatabase(path, backups, at);
  assert.equal(again.ok ? null : again.reason, 'exists');
  const missing = await backupSqliteDatabase(join(directory.path, 'nothing.sqlite'), backups, at);
  assert.equal(missing.ok ? null : missing.reason, 'no-database');
  assert.equal(existsSync(join(directory.path, 'nothing.sqlite')), false, 'no empty database is created');
});

test('npm run db:backup copies DATA_DIR/newsroom.sqlite and prints where', async (t) => {
  const directory = await createTempDirectory();
  t.after(() => directory.cleanup());
  const db = openSqliteDatabase(join(directory.path, 'newsroom.sqlite'));
  await migrate(db);
  await db.close();

  const child = spawn(process.execPath, ['scripts/db-backup.ts'], {
    cwd: projectDir,
    env: { ...process.env, DATA_DIR: directory.path, DATABASE_URL: '' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number];

  assert.equal(code, 0);
  const printed = output.trim();
  assert.match(printed, /backups\/newsroom-\d{4}-\d\d-\d\dT\d{6}Z\.sqlite$/);
  assert.ok(printed.startsWith(directory.path));
  assert.ok(existsSync(printed));
});
