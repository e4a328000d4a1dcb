/**
 * `comments:export` then `comments:import --from ledger` (issue 16, item 7): a populated database
 * comes back row for row, ids included, in an empty one of the same kind; a database that is not
 * empty, and a malformed or wrong-version file, import nothing and say why; the file carries no
 * password hash or session token. Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test, { type TestContext } from 'node:test';
import { consumeToken } from '../../src/server/abuse/rate-limit.ts';
import { createSession } from '../../src/server/accounts/session.ts';
import { authenticate, signUp } from '../../src/server/accounts/user.ts';
import { deleteComment, editComment } from '../../src/server/comments/store.ts';
import type { Database } from '../../src/server/db/database.ts';
import { listColumns, listPrimaryKey, listTables } from '../../src/server/import/ledger-catalog.ts';
import { exportLedger } from '../../src/server/import/ledger-export.ts';
import { UNEXPORTED_TABLES } from '../../src/server/import/ledger-format.ts';
import { importLedger } from '../../src/server/import/ledger-import.ts';
import { approveComment, banUser, deleteCommentForGood, hideComment } from '../../src/server/moderation/decisions.ts';
import { reportComment } from '../../src/server/moderation/reports.ts';
import { NOW, addComment, addUser } from './fixtures.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { openSqliteDatabase } from '../../src/server/db/sqlite.ts';
import { createTempDirectory, freshDatabase, testDatabaseUrl } from './test-db.ts';

const databaseName = testDatabaseUrl === null ? 'SQLite' : 'PostgreSQL';
/** When the seeded history happens: after every account was made, at NOW. */
const LATER = NOW + 1000;
const rules = { reportHideThreshold: 3, reportMinAccountAgeHours: 0 };

interface Populated {
  password: string;
  tokens: string[];
  passwordHashes: string[];
  /** The largest comment number handed out, the newest comment having been deleted for good. */
  lastCommentNumber: number;
}

/** Every role, a ban, nested and edited comments, each status, placeholders, open and resolved reports, automatic hides. */
async function populate(db: Database): Promise<Populated> {
  const password = 'correct horse battery staple';
  const signedUp = await signUp(db, { username: 'Ada', email: 'ada@example.org', password }, NOW - 86_400);
  assert.ok(signedUp.ok, JSON.stringify(signedUp));
  const ada = signedUp.user.id;
  const admin = await addUser(db, 'editor', { role: 'admin' });
  const moderator = await addUser(db, 'mod', { role: 'moderator' });
  const readers = [await addUser(db, 'bo'), await addUser(db, 'cy'), await addUser(db, 'Dörte')];
  const troll = await addUser(db, 'troll');

  const top = await addComment(db, ada, { body: 'First “thought”, with <b>markup</b> & more', at: LATER - 600 });
  const reply = await addComment(db, readers[0] ?? 0, { parentId: top.id, at: LATER - 500 });
  const deeper = await addComment(db, ada, { parentId: reply.id, body: 'A reply to the reply', at: LATER - 400 });
  await addComment(db, readers[1] ?? 0, { status: 'pending', body: 'Waiting for a moderator', at: LATER - 300 });
  const edited = await addComment(db, readers[2] ?? 0, { story: 'harbour-plan', at: LATER - 200 });
  assert.ok(
    (await editComment(db, { commentId: edited.id, userId: readers[2] ?? 0, body: 'Edited text' }, LATER - 100)).ok,
  );
  // The author deletes a comment that has a reply: it stays as a placeholder.
  assert.deepEqual(await deleteComment(db, { commentId: reply.id, userId: readers[0] ?? 0 }, LATER - 90), { ok: true });

  // Reports count from readers who have a visible comment of their own.
  for (const reader of readers.slice(0, 2)) await addComment(db, reader, { story: 'harbour-plan', at: LATER - 85 });
  const hidden = await addComment(db, troll, { body: 'Rude', at: LATER - 80 });
  assert.ok(
    (await hideComment(db, { actorId: moderator, commentId: hidden.id, reason: 'Personal attack' }, LATER - 70)).ok,
  );
  // Three reports hide a comment automatically, with an audit entry no moderator made.
  const reported = await addComment(db, troll, { body: 'Buy pills', at: LATER - 60 });
  for (const reporter of readers) {
    assert.ok(
      (await reportComment(db, { commentId: reported.id, reporterId: reporter, reason: 'spam' }, rules, LATER - 50)).ok,
    );
  }
  // One report resolved by an approval, one left open.
  const disputed = await addComment(db, ada, { body: 'A fair point', at: LATER - 45 });
  assert.ok(
    (
      await reportComment(
        db,
        { commentId: disputed.id, reporterId: troll, reason: 'other', note: 'Hm' },
        rules,
        LATER - 44,
      )
    ).ok,
  );
  assert.ok((await approveComment(db, { actorId: moderator, commentId: disputed.id }, LATER - 43)).ok);
  assert.ok(
    (await reportComment(db, { commentId: deeper.id, reporterId: troll, reason: 'off-topic' }, rules, LATER - 42)).ok,
  );
  assert.ok((await banUser(db, { actorId: admin, userId: troll, reason: 'Spam' }, LATER - 40)).ok);
  // The newest comment is deleted for good: its number must not be given again after the import.
  const gone = await addComment(db, ada, { body: 'Soon gone', at: LATER - 30 });
  assert.ok((await deleteCommentForGood(db, { actorId: admin, commentId: gone.id }, LATER - 20)).ok);

  const tokens = [(await createSession(db, ada, NOW)).token, (await createSession(db, admin, NOW)).token];
  assert.ok((await consumeToken(db, 'comment:1', { capacity: 5, refillIntervalSeconds: 60 }, NOW)).ok);
  const hashes = await db.all<{ password_hash: string }>('SELECT password_hash FROM users');
  return { password, tokens, passwordHashes: hashes.map((row) => row.password_hash), lastCommentNumber: gone.id };
}

async function exportToFile(t: TestContext, db: Database): Promise<string> {
  const directory = await createTempDirectory();
  t.after(directory.cleanup);
  const path = join(directory.path, 'export.json');
  const chunks: string[] = [];
  await exportLedger(db, async (chunk) => void chunks.push(chunk), NOW);
  await writeFile(path, chunks.join(''));
  return path;
}

/** Every row of every exported table, in key order, with every column but the password hash. */
async function readAllRows(db: Database): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const table of await listTables(db)) {
    if (UNEXPORTED_TABLES.includes(table)) continue;
    const columns = (await listColumns(db, table)).filter((column) => column !== 'password_hash');
    const key = await listPrimaryKey(db, table);
    const order = (key.length > 0 ? key : columns).map((column) => `"${column}"`).join(', ');
    all[table] = await db.all(
      `SELECT ${columns.map((column) => `"${column}"`).join(', ')} FROM "${table}" ORDER BY ${order}`,
    );
  }
  return all;
}

test(`an export restores into an empty database row for row, ids included (${databaseName})`, async (t) => {
  const source = await freshDatabase(t);
  const populated = await populate(source);
  const path = await exportToFile(t, source);
  const target = await freshDatabase(t);

  const outcome = await importLedger(target, await readFile(path, 'utf8'));

  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  const before = await readAllRows(source);
  assert.deepEqual(await readAllRows(target), before);
  // What was compared holds every case the seeding made.
  const values = (table: string, column: string): unknown[] =>
    [...new Set((before[table] ?? []).map((row) => (row as Record<string, unknown>)[column]))].sort();
  assert.deepEqual(values('users', 'role'), ['admin', 'moderator', 'reader']);
  assert.deepEqual(values('comments', 'status'), ['deleted', 'hidden', 'pending', 'visible']);
  assert.ok(values('comments', 'edited_at').some((at) => at !== null) && values('comments', 'parent_id').length > 2);
  assert.ok(values('reports', 'resolved_at').includes(null) && values('reports', 'resolved_at').length > 1);
  assert.ok(values('users', 'banned_at').length > 1);
  assert.ok(
    values('audit_log', 'action').includes('hide-reported-comment') && values('audit_log', 'actor_id').includes(null),
  );
  assert.deepEqual(
    await target.all('SELECT COUNT(*) AS count FROM sessions UNION ALL SELECT COUNT(*) FROM rate_limits'),
    [{ count: 0 }, { count: 0 }],
  );
  // A restored account cannot sign in with its old password until an admin acts.
  assert.equal((await authenticate(source, 'Ada', populated.password)).ok, true);
  assert.equal((await authenticate(target, 'Ada', populated.password)).ok, false);
  // The next comment gets a number never used in the source, not the deleted newest one's.
  const ada = await target.get<{ id: number }>("SELECT id FROM users WHERE username = 'Ada'");
  const next = await addComment(target, Number(ada?.id));
  assert.equal(next.id, populated.lastCommentNumber + 1);
  const nextUser = await addUser(target, 'newcomer');
  assert.ok(nextUser > Math.max(...(before.users ?? []).map((row) => Number((row as { id: number }).id))));
});

test(
  'an export moves between SQLite and PostgreSQL both ways, row for row',
  {
    skip: testDatabaseUrl === null ? 'PostgreSQL only: TEST_DATABASE_URL is not set' : false,
  },
  async (t) => {
    const directory = await createTempDirectory();
    const sqlite = openSqliteDatabase(join(directory.path, 'newsroom.sqlite'));
    const again = openSqliteDatabase(join(directory.path, 'again.sqlite'));
    t.after(async () => {
      await Promise.all([sqlite.close(), again.close()]);
      await directory.cleanup();
    });
    await Promise.all([migrate(sqlite), migrate(again)]);
    await populate(sqlite);
    const postgres = await freshDatabase(t);

    const there = await importLedger(postgres, await readFile(await exportToFile(t, sqlite), 'utf8'));
    assert.ok(there.ok, there.ok ? '' : there.message);
    assert.deepEqual(await readAllRows(postgres), await readAllRows(sqlite));

    const returned = await importLedger(again, await readFile(await exportToFile(t, postgres), 'utf8'));
    assert.ok(returned.ok, returned.ok ? '' : returned.message);
    assert.deepEqual(await readAllRows(again), await readAllRows(sqlite));
  },
);

test(`the export holds no password hash, session or rate-limit data (${databaseName})`, async (t) => {
  const source = await freshDatabase(t);
  const populated = await populate(source);
  const text = await readFile(await exportToFile(t, source), 'utf8');

  for (const secret of [...populated.tokens, ...populated.tokens.map((token) => token.split('.')[0] ?? token)]) {
    assert.equal(text.includes(secret), false, 'a session token or id is in the export');
  }
  for (const hash of populated.passwordHashes)
    assert.equal(text.includes(hash), false, 'a password hash is in the export');
  assert.doesNotMatch(text, /argon2|password_hash|secret_hash|"sessions"|"rate_limits"|comment:1/);
  assert.match(text, /"format":"newsroom-comments-export","version":1/);
});

test(`importing into a database that is not empty is refused and writes nothing (${databaseName})`, async (t) => {
  const source = await freshDatabase(t);
  await populate(source);
  const text = await readFile(await exportToFile(t, source), 'utf8');
  const target = await freshDatabase(t);
  await addUser(target, 'already-here');
  const before = await readAllRows(target);

  const outcome = await importLedger(target, text);

  assert.deepEqual(outcome.ok ? null : outcome.reason, 'not-empty');
  assert.match(outcome.ok ? '' : outcome.message, /not empty \(users: 1 rows\)/);
  assert.deepEqual(await readAllRows(target), before);
});

test(`a malformed or wrong-version file imports nothing and says why (${databaseName})`, async (t) => {
  const source = await freshDatabase(t);
  await populate(source);
  const text = await readFile(await exportToFile(t, source), 'utf8');
  const file = JSON.parse(text) as {
    version: number;
    tables: { name: string; columns: string[]; rows: unknown[][] }[];
  };
  const target = await freshDatabase(t);
  const empty = await readAllRows(target);
  const comments = file.tables.find((table) => table.name === 'comments');
  assert.ok(comments !== undefined);

  const cases: [string, string, RegExp][] = [
    ['cut short', text.slice(0, Math.floor(text.length / 2)), /not valid JSON/],
    ['another version', JSON.stringify({ ...file, version: 2 }), /version 2; this version reads only version 1/],
    ['not an export', JSON.stringify({ comments: [] }), /not a comments export/],
    [
      'a newer schema',
      JSON.stringify({ ...file, schemaVersion: 999 }),
      /schema version 999, this database is at \d+: upgrade/,
    ],
    [
      'a table this database lacks',
      JSON.stringify({ ...file, tables: [...file.tables, { name: 'no_such_table', columns: ['id'], rows: [[1]] }] }),
      /has no table no_such_table/,
    ],
    [
      'a short row',
      JSON.stringify({
        ...file,
        tables: file.tables.map((table) => (table === comments ? { ...table, rows: [[1, 'x']] } : table)),
      }),
      /Table comments: row 1 does not have one value for each/,
    ],
    [
      // The last comment row names an author who is not in the file: the database refuses it halfway.
      'a reply to nobody',
      JSON.stringify({
        ...file,
        tables: file.tables.map((table) =>
          table === comments ? { ...table, rows: [...table.rows, orphanOf(comments)] } : table,
        ),
      }),
      /refused table comments, rows 1 to \d+/,
    ],
  ];
  for (const [name, broken, why] of cases) {
    const outcome = await importLedger(target, broken);
    assert.equal(outcome.ok, false, name);
    assert.match(outcome.ok ? '' : outcome.message, why, name);
    assert.deepEqual(await readAllRows(target), empty, `${name}: nothing was written`);
  }
});

/** A copy of the table's last comment under a new number, by an author who does not exist. */
function orphanOf(comments: { columns: string[]; rows: unknown[][] }): unknown[] {
  const last = comments.rows[comments.rows.length - 1] ?? [];
  return comments.columns.map((column, index) =>
    column === 'id' ? 99_999 : column === 'author_id' ? 54_321 : last[index],
  );
}
