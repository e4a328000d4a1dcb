import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import type { Database, Queryable } from '../../src/server/db/database.ts';
import { importComments, TRUNCATION_NOTE } from '../../src/server/import/import-comments.ts';
import { MAX_COMMENT_LENGTH } from '../../src/server/comments/rules.ts';
import type { SourceFile } from '../../src/server/import/source.ts';
import { addUser, NOW } from './fixtures.ts';
import { countRows, importFixture, storedComments } from './import-helpers.ts';
import { createTempDirectory, freshDatabase } from './test-db.ts';

test('a malformed Disqus file imports nothing and names the line where it breaks', async (t) => {
  const db = await freshDatabase(t);
  await assert.rejects(
    importFixture(db, 'disqus', 'disqus-malformed.xml'),
    /^ImportFormatError: line 81: Unexpected close tag/,
  );
  assert.equal(await countRows(db, 'comments'), 0);
  assert.equal(await countRows(db, 'users'), 0);
});

test('a malformed WordPress file imports nothing and names the line where it breaks', async (t) => {
  const db = await freshDatabase(t);
  await assert.rejects(importFixture(db, 'wordpress', 'wordpress-malformed.xml'), /line 85: Unexpected close tag/);
  assert.equal(await countRows(db, 'comments'), 0);
});

test('a well-formed file that breaks the format names the element and its line', async (t) => {
  const db = await freshDatabase(t);
  const directory = await createTempDirectory();
  t.after(directory.cleanup);
  const path = join(directory.path, 'no-thread.xml');
  await writeFile(
    path,
    '<?xml version="1.0"?>\n<disqus xmlns:dsq="http://disqus.com/disqus-internals">\n' +
      '  <post dsq:id="1">\n    <message>hi</message>\n    <createdAt>2019-01-01T00:00:00Z</createdAt>\n  </post>\n</disqus>\n',
  );
  await assert.rejects(
    importFixture(db, 'disqus', path),
    (error: Error) => error.message === 'line 3: <post dsq:id="1"> names no <thread>',
  );
  assert.equal(await countRows(db, 'comments'), 0);
});

test('a failure halfway through the writes imports nothing', async (t) => {
  const db = await freshDatabase(t);
  const failing = failOnNthRecord(db, 5);
  await assert.rejects(importFixture(failing, 'disqus', 'disqus.xml', { map: 'map.csv' }), /disk gave out/);
  assert.equal(await countRows(db, 'comments'), 0);
  assert.equal(await countRows(db, 'users'), 0);
  assert.equal(await countRows(db, 'imported_comments'), 0);
  assert.equal(await countRows(db, 'imported_authors'), 0);
  const retried = await importFixture(db, 'disqus', 'disqus.xml', { map: 'map.csv' });
  assert.equal(retried.imported, 16);
});

test('running the same import twice imports nothing the second time', async (t) => {
  const db = await freshDatabase(t);
  await importFixture(db, 'disqus', 'disqus.xml', { map: 'map.csv' });
  await importFixture(db, 'wordpress', 'wordpress-1.2.xml');
  const before = await storedComments(db);
  const users = await countRows(db, 'users');

  const again = await importFixture(db, 'disqus', 'disqus.xml', { map: 'map.csv' });
  const wordpressAgain = await importFixture(db, 'wordpress', 'wordpress-1.2.xml');
  assert.deepEqual(await storedComments(db), before);
  assert.equal(await countRows(db, 'users'), users);
  assert.deepEqual([again.imported, again.skipped.get('already imported')], [0, 16]);
  assert.equal(wordpressAgain.imported, 0);
});

test("an imported name that an account already has gets a number, so nobody wears a reader's name", async (t) => {
  const db = await freshDatabase(t);
  await addUser(db, 'ana');
  await importFixture(db, 'disqus', 'disqus.xml');
  const names = await db.all<{ username: string }>(
    "SELECT username FROM users WHERE username_key LIKE 'ana%' ORDER BY id",
  );
  assert.deepEqual(
    names.map((row) => row.username),
    ['ana', 'Ana (2)'],
  );
});

test('a body over MAX_COMMENT_LENGTH is cut to fit, with a line saying so', async (t) => {
  const db = await freshDatabase(t);
  const file: SourceFile = {
    source: 'disqus',
    threads: [
      {
        externalId: 't',
        url: 'https://old.example.com/articles/harbour-festival-returns/',
        slug: null,
        title: 'Festival',
      },
    ],
    comments: [
      {
        externalId: 'long',
        threadId: 't',
        parentId: null,
        author: { key: 'name:Long', name: 'Long Writer', email: null },
        createdAt: NOW - 100,
        body: 'é'.repeat(MAX_COMMENT_LENGTH + 10),
        state: 'approved',
        line: 1,
      },
    ],
    skipped: new Map(),
  };
  const summary = await importComments(db, file, {
    storySlugs: new Set(['harbour-festival-returns']),
    storyMap: new Map(),
    now: NOW,
  });
  const [stored] = await storedComments(db);
  assert.equal(summary.truncated, 1);
  assert.equal([...(stored?.body ?? '')].length, MAX_COMMENT_LENGTH);
  assert.ok(stored?.body.endsWith(TRUNCATION_NOTE));
});

/** The database, except that the nth imported_comments row written fails as a full disk would. */
function failOnNthRecord(db: Database, n: number): Database {
  let written = 0;
  const wrap = (tx: Queryable): Queryable => ({
    dialect: tx.dialect,
    all: tx.all.bind(tx),
    get: tx.get.bind(tx),
    exec: tx.exec.bind(tx),
    async run(sql, params) {
      if (sql.startsWith('INSERT INTO imported_comments')) {
        written += 1;
        if (written === n) throw new Error('the disk gave out');
      }
      return tx.run(sql, params);
    },
  });
  return {
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    close: () => db.close(),
  };
}
