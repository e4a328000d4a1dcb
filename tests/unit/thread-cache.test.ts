import assert from 'node:assert/strict';
import { join } from 'node:path';
import test, { type TestContext } from 'node:test';
import {
  loadCachedCommentSection,
  loadCommentSection,
  loadReaderSection,
} from '../../src/server/views/comment-section.ts';
import { deleteComment, editComment } from '../../src/server/comments/store.ts';
import { setLike } from '../../src/server/comments/likes.ts';
import { featureComment } from '../../src/server/moderation/decisions.ts';
import type { Database } from '../../src/server/db/database.ts';
import { migrate } from '../../src/server/db/migrate.ts';
import { openPostgresDatabase } from '../../src/server/db/postgres.ts';
import { openSqliteDatabase } from '../../src/server/db/sqlite.ts';
import { buildThread } from '../../src/server/comments/thread.ts';
import { createThreadCache, relativeTimesValidUntil, type ThreadCache } from '../../src/server/views/thread-cache.ts';
import { readDatabaseVersion } from '../../src/server/db/version.ts';
import { renderCommentSection, type ReaderPart } from '../../src/server/views/thread-html.ts';
import { addComment, addUser, NOW, STORY } from './fixtures.ts';
import { createTempDirectory, createTestSchema, testDatabaseUrl } from './test-db.ts';

const STORY_PAGE = { slug: STORY, path: `/articles/${STORY}/`, title: 'Budget vote', comments: 'open' as const };
const OPTIONS = {
  formAction: '/articles/budget-vote/comments/',
  returnTo: '/articles/budget-vote/',
  page: { sort: 'oldest', page: 1, expand: null },
} as const;

/** Two connections to one fresh database, as two server processes would have. */
async function twoConnections(t: TestContext): Promise<[Database, Database]> {
  if (testDatabaseUrl !== null) {
    const schema = await createTestSchema(testDatabaseUrl);
    const first = openPostgresDatabase(schema.url, { poolSize: 2 });
    const second = openPostgresDatabase(schema.url, { poolSize: 2 });
    t.after(async () => {
      await first.close();
      await second.close();
      await schema.drop();
    });
    await migrate(first);
    return [first, second];
  }
  const directory = await createTempDirectory();
  const first = openSqliteDatabase(join(directory.path, 'test.sqlite'));
  await migrate(first);
  const second = openSqliteDatabase(join(directory.path, 'test.sqlite'));
  t.after(async () => {
    await first.close();
    await second.close();
    await directory.cleanup();
  });
  return [first, second];
}

async function signedOutHtml(db: Database, threads: ThreadCache, now = NOW): Promise<string> {
  return (await loadCachedCommentSection(db, threads, STORY_PAGE, null, OPTIONS, now)).html;
}

/** A reader's part put into their standing's section as public/scripts/site.js puts it (applyReader). */
function withReaderPart(html: string, part: ReaderPart | null): string {
  if (part === null) return html;
  let out = html;
  for (const [id, own] of Object.entries(part.own)) {
    const comment = new RegExp(
      `(<article class="comment" id="comment-${id}"[^>]*>.*?<div class="comment-body">.*?</div>)(<div class="comment-actions">.*?</div>)?`,
    );
    assert.match(out, comment, `comment ${id} is on the page`);
    out = out.replace(comment, (_match, before: string) => `${before}${own}`);
  }
  for (const id of part.liked) {
    const unpressed = new RegExp(
      `(id="comment-${id}"[^>]*>.*?<div class="comment-body">.*?</div><div class="comment-actions"><form [^>]*class="comment-like">.*?)<button name="liked" value="true" class="like-button" aria-pressed="false">`,
    );
    out = out.replace(unpressed, '$1<button name="liked" value="false" class="like-button" aria-pressed="true">');
  }
  return out;
}

test('a comment posted in this process shows on the next read', async (t) => {
  const [db] = await twoConnections(t);
  const threads = createThreadCache();
  const ada = await addUser(db, 'ada');
  await addComment(db, ada, { body: 'First.' });
  assert.match(await signedOutHtml(db, threads), /First\./);
  await addComment(db, ada, { body: 'Second.' });
  assert.match(await signedOutHtml(db, threads), /Second\./);
});

test('edits and deletions show on the next read', async (t) => {
  const [db] = await twoConnections(t);
  const threads = createThreadCache();
  const ada = await addUser(db, 'ada');
  const { id } = await addComment(db, ada, { body: 'Before the edit.' });
  await addComment(db, ada, { body: 'Another one.' });
  assert.match(await signedOutHtml(db, threads), /Before the edit\./);
  assert.ok((await editComment(db, { commentId: id, userId: ada, body: 'After the edit.' }, NOW)).ok);
  assert.match(await signedOutHtml(db, threads), /After the edit\./);
  assert.ok((await deleteComment(db, { commentId: id, userId: ada }, NOW)).ok);
  assert.doesNotMatch(await signedOutHtml(db, threads), /After the edit\./);
});

test('a write by another process, such as a moderator hiding a comment, shows on the next read', async (t) => {
  const [mine, theirs] = await twoConnections(t);
  const threads = createThreadCache();
  const ada = await addUser(mine, 'ada');
  const { id } = await addComment(mine, ada, { body: 'Soon hidden.' });
  assert.match(await signedOutHtml(mine, threads), /Soon hidden\./);
  await theirs.run(`UPDATE comments SET status = 'hidden' WHERE id = ?`, [id]);
  assert.doesNotMatch(await signedOutHtml(mine, threads), /Soon hidden\./);
  await theirs.run(`UPDATE users SET username = 'ada_renamed' WHERE id = ?`, [ada]);
  await addComment(theirs, ada, { body: 'Visible again.' });
  assert.match(await signedOutHtml(mine, threads), /ada_renamed/);
});

test('a write elsewhere keeps the rendering, and a story’s rendering is shared', async (t) => {
  const [db] = await twoConnections(t);
  const threads = createThreadCache();
  const ada = await addUser(db, 'ada');
  await addComment(db, ada, { body: 'Kept.' });
  const first = await loadCachedCommentSection(db, threads, STORY_PAGE, null, OPTIONS, NOW);
  await addUser(db, 'grace');
  const second = await loadCachedCommentSection(db, threads, STORY_PAGE, null, OPTIONS, NOW);
  assert.equal(second, first);
});

test('a signed-in reader sees their own pending comment and controls; signed-out readers do not', async (t) => {
  const [db] = await twoConnections(t);
  const threads = createThreadCache();
  const ada = await addUser(db, 'ada');
  const grace = await addUser(db, 'grace');
  await addComment(db, grace, { body: 'Public words.' });
  await addComment(db, ada, { body: 'Waiting for a moderator.', status: 'pending' });
  const signedOut = await signedOutHtml(db, threads);
  const asAda = (
    await loadCachedCommentSection(db, threads, STORY_PAGE, { id: ada, username: 'ada', banned: false }, OPTIONS, NOW)
  ).html;
  const asGrace = (
    await loadCachedCommentSection(
      db,
      threads,
      STORY_PAGE,
      { id: grace, username: 'grace', banned: false },
      OPTIONS,
      NOW,
    )
  ).html;
  assert.doesNotMatch(signedOut, /Waiting for a moderator/);
  assert.match(asAda, /Waiting for a moderator/);
  assert.doesNotMatch(asGrace, /Waiting for a moderator/);
  assert.doesNotMatch(signedOut, /value="delete"/);
  assert.match(asGrace, /value="delete"/);
  assert.equal(await signedOutHtml(db, threads), signedOut);
});

test('a signed-in reader’s section from the shared page is the one made for them alone', async (t) => {
  const [db] = await twoConnections(t);
  const threads = createThreadCache();
  const ada = await addUser(db, 'ada');
  const grace = await addUser(db, 'grace');
  const first = await addComment(db, grace, { body: 'Grace starts.', at: NOW - 3600 });
  await addComment(db, ada, { body: 'Ada answers.', parentId: first.id, at: NOW - 60 });
  const gone = await addComment(db, ada, { body: 'Soon deleted.', at: NOW - 30 });
  await addComment(db, grace, { body: 'Under the deleted one.', parentId: gone.id, at: NOW - 20 });
  assert.ok((await deleteComment(db, { commentId: gone.id, userId: ada }, NOW)).ok);
  for (let index = 0; index < 25; index += 1) await addComment(db, grace, { body: `Root ${index}.`, at: NOW });
  assert.ok((await setLike(db, { userId: ada, commentId: first.id, liked: true }, NOW)).ok);
  const mod = await addUser(db, 'mod', { role: 'moderator' });
  assert.ok((await featureComment(db, { actorId: mod, commentId: first.id }, NOW)).ok);
  const story = { ...STORY_PAGE, id: STORY_PAGE.slug };
  for (const viewer of [
    { id: ada, username: 'ada', banned: false },
    { id: grace, username: 'grace', banned: false },
    { id: grace, username: 'grace', banned: true },
    { id: mod, username: 'mod', banned: false, staff: true },
    null,
  ]) {
    for (const page of [1, 2]) {
      const options = { ...OPTIONS, page: { ...OPTIONS.page, page } };
      const alone = await loadCommentSection(db, story, viewer, options, NOW);
      const shared = (await loadCachedCommentSection(db, threads, STORY_PAGE, viewer, options, NOW)).html;
      assert.equal(shared, alone, `${viewer?.username ?? 'signed out'}, page ${page}`);
      if (viewer === null) continue;
      const json = await loadReaderSection(db, threads, STORY_PAGE, viewer, options, NOW);
      const applied = withReaderPart(JSON.parse(`"${json.html}"`) as string, json.part);
      assert.equal(applied, alone, `${viewer.username}, page ${page}, as JSON with their part applied`);
    }
  }
  const asAda = await loadCachedCommentSection(
    db,
    threads,
    STORY_PAGE,
    { id: ada, username: 'ada', banned: false },
    OPTIONS,
    NOW,
  );
  assert.match(
    asAda.html,
    /<button name="liked" value="false" class="like-button" aria-pressed="true">Like<\/button> <span class="like-count">1 like<\/span>/,
  );
  const signedOut = await loadCachedCommentSection(db, threads, STORY_PAGE, null, OPTIONS, NOW);
  assert.match(signedOut.html, /<div class="comment-actions"><span class="like-count">1 like<\/span><\/div>/);
  assert.doesNotMatch(signedOut.html, /like-button/);
  assert.match(
    signedOut.html,
    /<section class="comment-featured" aria-labelledby="comment-featured-heading"><h3 id="comment-featured-heading">Featured<\/h3><article class="comment comment-featured-item"[^>]*>.*?Grace starts\./,
  );
  assert.match(signedOut.html, /id="comment-1-meta">.*?<span class="comment-featured-mark">Featured<\/span>/);
  assert.doesNotMatch(signedOut.html, /feature-button/);
  const asMod = await loadCachedCommentSection(
    db,
    threads,
    STORY_PAGE,
    { id: mod, username: 'mod', banned: false, staff: true },
    OPTIONS,
    NOW,
  );
  assert.match(
    asMod.html,
    /value="unfeature"><input type="hidden" name="comment_id" value="1">.*?<button class="feature-button">Unfeature<\/button>/,
  );
  assert.match(asMod.html, /value="feature"><input type="hidden" name="comment_id" value="2">/);
});

test('a long thread comes a page at a time, each with a link to the next', async (t) => {
  const [db] = await twoConnections(t);
  const threads = createThreadCache();
  const ada = await addUser(db, 'ada');
  const roots = [];
  for (let index = 1; index <= 45; index += 1) roots.push(await addComment(db, ada, { body: `Root ${index}.` }));
  for (let index = 1; index <= 7; index += 1)
    await addComment(db, ada, { body: `Reply ${index}.`, parentId: roots[0]!.id });
  const first = await signedOutHtml(db, threads);
  assert.match(first, /45 comments|52 comments/);
  assert.match(first, /Root 20\./);
  assert.doesNotMatch(first, /Root 21\./);
  assert.match(
    first,
    /href="\/articles\/budget-vote\/comments\/\?page=2&amp;sort=oldest" data-next-page="2">Show more comments</,
  );
  assert.match(first, /Reply 5\./);
  assert.doesNotMatch(first, /Reply 6\./);
  assert.match(
    first,
    new RegExp(`expand=${roots[0]!.id}#comment-${roots[0]!.id}" data-expand="${roots[0]!.id}">Show 2 more replies<`),
  );
  const options = { ...OPTIONS, page: { ...OPTIONS.page, page: 3 }, part: 'threads' as const };
  const last = (await loadCachedCommentSection(db, threads, STORY_PAGE, null, options, NOW)).html;
  assert.match(last, /Root 41\./);
  assert.doesNotMatch(last, /Show more comments|comment-count|Sign in/);
  const newest = { ...OPTIONS, page: { ...OPTIONS.page, sort: 'newest' as const } };
  assert.match(
    (await loadCachedCommentSection(db, threads, STORY_PAGE, null, newest, NOW)).html,
    /^(?:(?!Root 25\.).)*Root 45\./s,
  );
});

test('a comment that did not change stays the same object when another changes', async (t) => {
  const [db] = await twoConnections(t);
  const threads = createThreadCache();
  const ada = await addUser(db, 'ada');
  const kept = await addComment(db, ada, { body: 'Unchanged.' });
  const edited = await addComment(db, ada, { body: 'Before.' });
  const before = (await threads.load(db, STORY)).rows;
  assert.ok((await editComment(db, { commentId: edited.id, userId: ada, body: 'After.' }, NOW)).ok);
  const after = (await threads.load(db, STORY)).rows;
  assert.equal(
    after.find((row) => row.id === kept.id),
    before.find((row) => row.id === kept.id),
  );
  assert.notEqual(
    after.find((row) => row.id === edited.id),
    before.find((row) => row.id === edited.id),
  );
  assert.equal(after.find((row) => row.id === edited.id)?.body, 'After.');
});

test('a rendering ends when a relative time would read differently', async (t) => {
  const [db] = await twoConnections(t);
  const threads = createThreadCache();
  const ada = await addUser(db, 'ada');
  await addComment(db, ada, { body: 'Timed.' });
  assert.match(await signedOutHtml(db, threads, NOW + 30), /just now/);
  assert.match(await signedOutHtml(db, threads, NOW + 61), /1 minute ago/);
});

test('the relative times stay the same up to the second the cache gives them', () => {
  const ages = [-5, 0, 59, 60, 61, 3599, 3600, 3601, 7199, 86_399, 86_400, 90_000, 604_799, 604_800, 2_000_000];
  for (const age of ages) {
    const createdAt = NOW - age;
    const until = relativeTimesValidUntil([createdAt], NOW);
    const html = (now: number): string =>
      renderCommentSection({
        story: STORY_PAGE,
        formAction: OPTIONS.formAction,
        returnTo: OPTIONS.returnTo,
        viewer: null,
        now,
        thread: buildThread(
          [
            {
              id: 1,
              storySlug: STORY,
              parentId: null,
              authorId: 1,
              authorName: 'ada',
              body: 'Hello.',
              status: 'visible',
              depth: 0,
              hiddenReason: null,
              createdAt,
              editedAt: null,
              deletedAt: null,
            },
          ],
          null,
        ),
      });
    if (until === Infinity) {
      assert.equal(html(NOW + 10 * 365 * 86_400), html(NOW), `age ${age}`);
    } else {
      assert.ok(until > NOW, `age ${age}`);
      assert.equal(html(until - 1), html(NOW), `age ${age}`);
    }
  }
});

test("a reader's likes are read once per database version, and a like by them or in another process shows at the next", async (t) => {
  const [db, other] = await twoConnections(t);
  const threads = createThreadCache();
  const ada = await addUser(db, 'ada');
  const bob = await addUser(db, 'bob');
  const first = await addComment(db, ada, { body: 'First.' });
  const second = await addComment(db, ada, { body: 'Second.' });
  assert.ok((await setLike(db, { userId: bob, commentId: first.id, liked: true }, NOW)).ok);
  let reads = 0;
  const counting: Database = { ...db, all: (sql, params) => ((reads += 1), db.all(sql, params)) };
  const version = await readDatabaseVersion(db);
  assert.deepEqual([...(await threads.liked(counting, bob, STORY, version))], [first.id]);
  assert.deepEqual([...(await threads.liked(counting, bob, STORY, version))], [first.id]);
  assert.equal(reads, 1);

  assert.ok((await setLike(other, { userId: bob, commentId: second.id, liked: true }, NOW)).ok);
  const liked = await threads.liked(db, bob, STORY, await readDatabaseVersion(db));
  assert.deepEqual([...liked].sort(), [first.id, second.id].sort());
});

/** `db`, counting the reads of comments it is asked for. */
function countingReads(db: Database): { db: Database; reads: () => number } {
  let reads = 0;
  return { db: { ...db, all: (sql, params) => ((reads += 1), db.all(sql, params)) }, reads: () => reads };
}

/** Three stories of ten 100-character comments each: about 6 KB of rows apiece by the cache's estimate. */
async function threeStories(db: Database): Promise<string[]> {
  const ada = await addUser(db, 'ada');
  const stories = ['first-story', 'second-story', 'third-story'];
  for (const story of stories) {
    for (let n = 0; n < 10; n += 1) await addComment(db, ada, { story, body: `${story} ${n} `.padEnd(100, 'x') });
  }
  return stories;
}

test('beyond its byte budget the cache drops the least recently read stories, never the one being read', async (t) => {
  const [db] = await twoConnections(t);
  const [first, second, third] = await threeStories(db);
  const threads = createThreadCache({ maxBytes: 13_000 });
  const counting = countingReads(db);
  for (const story of [first!, second!, third!]) await threads.load(counting.db, story);
  const afterFilling = counting.reads();
  await threads.load(counting.db, third!);
  await threads.load(counting.db, second!);
  assert.equal(counting.reads(), afterFilling, 'the two most recently read are kept');
  await threads.load(counting.db, first!);
  assert.ok(counting.reads() > afterFilling, 'the first was dropped and is read again');

  const tiny = createThreadCache({ maxBytes: 1 });
  await tiny.load(db, first!);
  const before = counting.reads();
  await tiny.load(counting.db, first!);
  assert.equal(counting.reads(), before, 'a story larger than the budget is kept while it is the one read');
});

test("a story's renderings count towards the budget", async (t) => {
  const [db] = await twoConnections(t);
  const [first, second] = await threeStories(db);
  const threads = createThreadCache({ maxBytes: 13_000 });
  const counting = countingReads(db);
  await threads.load(counting.db, first!);
  const secondPage = { ...STORY_PAGE, slug: second!, path: `/articles/${second}/` };
  await loadCachedCommentSection(counting.db, threads, secondPage, null, OPTIONS, NOW);
  await threads.load(counting.db, second!);
  const before = counting.reads();
  await threads.load(counting.db, first!);
  assert.ok(counting.reads() > before, 'the first story made way for the second one’s rendering');
});
