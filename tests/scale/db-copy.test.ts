import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import test, { describe, type TestContext } from 'node:test';
import type { Database } from '../../src/server/db/database.ts';
import { startEmailVerification } from '../../src/server/mail/email-verification.ts';
import { mailSecretKey } from '../../src/server/mail/mail-secret.ts';
import { requestPasswordReset } from '../../src/server/mail/password-reset.ts';
import { copyDatabase, listTablesToCopy } from '../../src/server/db/copy.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { migrationChecksum } from '../../src/server/db/migration.ts';
import { migrations } from '../../src/server/db/migrations.ts';
import { openPostgresDatabase } from '../../src/server/db/postgres.ts';
import { openSqliteDatabase } from '../../src/server/db/sqlite.ts';
import { postComment } from '../../src/server/comments/store.ts';
import { createSession, validateSessionToken } from '../../src/server/accounts/session.ts';
import { signUp } from '../../src/server/accounts/user.ts';
import { createTempDirectory, createTestSchema, testDatabaseUrl } from '../unit/test-db.ts';

const projectDir = resolve(import.meta.dirname, '../..');
const skip = testDatabaseUrl === null ? 'PostgreSQL only: TEST_DATABASE_URL is not set (.ci/run sets it up)' : false;
const now = 1_800_000_000;
const story = 'anthropic-accuses-alibaba-of-illicit-ai-capability-extraction';

interface Seeded {
  path: string;
  db: Database;
  token: string;
  replyId: number;
}

/** A SQLite database with a row in every table: two readers, a session, a thread, moderation history, an import. */
async function seedSqlite(t: TestContext): Promise<Seeded> {
  const directory = await createTempDirectory();
  const path = join(directory.path, 'newsroom.sqlite');
  const db = openSqliteDatabase(path);
  t.after(async () => {
    await db.close().catch(() => undefined);
    await directory.cleanup();
  });
  await migrate(db);
  const ada = await signUp(db, { username: 'ada', password: 'a long enough password', email: null }, now);
  const bo = await signUp(db, { username: 'bob', password: 'another long passphrase', email: 'bob@example.org' }, now);
  assert.ok(ada.ok && bo.ok);
  const { token } = await createSession(db, ada.user.id, now);
  const first = await postComment(db, { storySlug: story, parentId: null, authorId: ada.user.id, body: 'First' }, now);
  assert.ok(first.ok);
  const reply = await postComment(
    db,
    { storySlug: story, parentId: first.comment.id, authorId: bo.user.id, body: 'A reply' },
    now + 1,
  );
  assert.ok(reply.ok);
  await db.run('INSERT INTO reports (comment_id, reporter_id, reason, note, created_at) VALUES (?, ?, ?, ?, ?)', [
    first.comment.id,
    bo.user.id,
    'spam',
    'looks like an advert',
    now + 2,
  ]);
  await db.run(
    'INSERT INTO audit_log (actor_id, action, target_type, target_id, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [null, 'comment.hide', 'comment', first.comment.id, 'reported', now + 3],
  );
  await db.run('INSERT INTO rate_limits (key, count, since) VALUES (?, ?, ?)', ['sign-in:user:ada', 4, now]);
  await db.run('INSERT INTO imported_comments (source, external_id, comment_id, imported_at) VALUES (?, ?, ?, ?)', [
    'disqus',
    '1001',
    first.comment.id,
    now + 4,
  ]);
  await db.run('INSERT INTO featured_comments (comment_id, featured_by, featured_at) VALUES (?, ?, ?)', [
    first.comment.id,
    ada.user.id,
    now + 6,
  ]);
  await db.run('INSERT INTO likes (user_id, comment_id, created_at) VALUES (?, ?, ?)', [
    bo.user.id,
    first.comment.id,
    now + 5,
  ]);
  await db.run('INSERT INTO imported_authors (source, external_key, user_id) VALUES (?, ?, ?)', [
    'disqus',
    'bob@example.org',
    bo.user.id,
  ]);
  await db.run('INSERT INTO two_factor (user_id, totp_key, recovery_code_hash, created_at) VALUES (?, ?, ?, ?)', [
    bo.user.id,
    new Uint8Array(20).fill(1),
    new Uint8Array(32).fill(2),
    now + 5,
  ]);
  // Mail (migration 007): bob's code waits, a reset link and its email are queued, the key is made.
  await db.transaction((tx) => startEmailVerification(tx, bo.user.id, 'bob@example.org', now + 5));
  await db.run('UPDATE users SET email_verified_at = ? WHERE id = ?', [now + 6, bo.user.id]);
  assert.equal(await requestPasswordReset(db, 'bob@example.org', now + 7), 1);
  await mailSecretKey(db, null);
  return { path, db, token, replyId: reply.comment.id };
}

async function openTargetSchema(t: TestContext): Promise<{ db: Database; url: string }> {
  const schema = await createTestSchema(testDatabaseUrl ?? '');
  const db = openPostgresDatabase(schema.url, { poolSize: 2 });
  t.after(async () => {
    await db.close().catch(() => undefined);
    await schema.drop();
  });
  return { db, url: schema.url };
}

describe('copying SQLite into PostgreSQL', { skip }, () => {
  test('every row arrives, sessions still sign readers in, and new ids follow the copied ones', async (t) => {
    const source = await seedSqlite(t);
    const target = await openTargetSchema(t);

    const outcome = await copyDatabase(source.db, target.db);

    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    for (const count of outcome.counts) assert.equal(count.target, count.source, count.table);
    assert.deepEqual(
      outcome.counts.filter((count) => count.source > 0).map((count) => count.table),
      await listTablesToCopy(source.db),
      'the seed puts a row in every table',
    );
    assert.deepEqual(
      await target.db.all('SELECT version, checksum FROM schema_migrations ORDER BY version'),
      migrations.map((migration) => ({
        version: migration.version,
        checksum: migrationChecksum(migration, 'postgres'),
      })),
      'the target records the migrations it ran itself',
    );
    const validation = await validateSessionToken(target.db, source.token, now + 10);
    assert.equal(validation?.user.username, 'ada');
    const reply = await target.db.get<{ parent_id: number; body: string }>(
      'SELECT parent_id, body FROM comments WHERE id = ?',
      [source.replyId],
    );
    assert.deepEqual(reply, { parent_id: source.replyId - 1, body: 'A reply' });
    const next = await postComment(
      target.db,
      { storySlug: story, parentId: null, authorId: 1, body: 'Posted after the move' },
      now + 20,
    );
    assert.ok(next.ok);
    assert.equal(next.comment.id, source.replyId + 1);
    const newReader = await signUp(target.db, { username: 'cyd', password: 'a third long password', email: null }, now);
    assert.ok(newReader.ok);
    assert.equal(newReader.user.id, 3);
  });

  test('a target that already holds rows is refused and left as it was', async (t) => {
    const source = await seedSqlite(t);
    const target = await openTargetSchema(t);
    await migrate(target.db);
    await signUp(target.db, { username: 'zed', password: 'a long enough password', email: null }, now);

    const outcome = await copyDatabase(source.db, target.db);

    assert.equal(outcome.ok, false);
    assert.equal(outcome.ok ? null : outcome.reason, 'target-not-empty');
    assert.match(outcome.ok ? '' : outcome.message, /users: 1 rows/);
    const users = await target.db.all<{ username: string }>('SELECT username FROM users');
    assert.deepEqual(users, [{ username: 'zed' }]);
  });

  test('a table in the source that the migrations do not make is refused, named, and nothing is copied', async (t) => {
    const source = await seedSqlite(t);
    await source.db.exec('CREATE TABLE scratch_notes (id INTEGER PRIMARY KEY, body TEXT)');
    const target = await openTargetSchema(t);

    const outcome = await copyDatabase(source.db, target.db);

    assert.equal(outcome.ok ? null : outcome.reason, 'target-lacks-tables');
    assert.match(outcome.ok ? '' : outcome.message, /no table for scratch_notes/);

    assert.deepEqual(await target.db.all('SELECT id FROM users'), []);
  });

  test('npm run db:copy prints the row counts, and refuses to copy twice', async (t) => {
    const source = await seedSqlite(t);
    await source.db.close();
    const target = await openTargetSchema(t);
    const copy = (): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, ['scripts/db-copy.ts', '--from', source.path, '--to', target.url], {
        cwd: projectDir,
        encoding: 'utf8',
      });

    const first = copy();
    assert.equal(first.status, 0, String(first.stderr));
    assert.match(String(first.stdout), /^comments\s+2\s+2$/m);
    assert.match(String(first.stdout), /^audit_log\s+1\s+1$/m);

    const second = copy();
    assert.equal(second.status, 1);
    assert.match(String(second.stderr), /not empty/);
  });
});
