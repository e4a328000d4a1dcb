/**
 * Server time to render a story's comment section with 200 comments (20% replies), without any
 * cache: read the rows, build the thread, render the HTML. Median of 20 runs, for a signed-out
 * and a signed-in reader. Run: node bench/thread-render.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/server/db/open.ts';
import { listStoryComments, postComment } from '../src/server/comments/store.ts';
import { buildThread } from '../src/server/comments/thread.ts';
import { renderCommentSection } from '../src/server/views/thread-html.ts';
import { signUp } from '../src/server/accounts/user.ts';

const STORY = { slug: 'a-story', title: 'A story', comments: 'open' } as const;
const dataDir = mkdtempSync(join(tmpdir(), 'thread-render-'));
const db = await openDatabase({ dataDir });
const now = Math.floor(Date.now() / 1000);
const authors: number[] = [];
for (let index = 0; index < 20; index += 1) {
  const user = await signUp(db, { username: `reader_${index}`, password: 'a long enough password' }, now);
  if (!user.ok) throw new Error(user.message);
  authors.push(user.user.id);
}
const ids: number[] = [];
for (let index = 0; index < 200; index += 1) {
  const parentId = index % 5 === 4 ? (ids[Math.floor(ids.length / 2)] ?? null) : null;
  const body = `Comment ${index}: a considered paragraph about the story, with a link to https://example.org/${index} and enough words to look like what readers write.`;
  const posted = await postComment(
    db,
    { storySlug: STORY.slug, parentId, authorId: authors[index % 20] ?? 1, body },
    now - 3600,
  );
  if (!posted.ok) throw new Error(posted.reason);
  ids.push(posted.comment.id);
}

async function renderOnce(viewer: { id: number; username: string } | null): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const rows = await listStoryComments(db, STORY.slug);
  const html = renderCommentSection({
    story: STORY,
    formAction: '/articles/a-story/comments/',
    returnTo: '/articles/a-story/',
    viewer,
    thread: buildThread(rows, viewer === null ? null : viewer.id),
    now,
  });
  return { ms: performance.now() - started, bytes: Buffer.byteLength(html) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

for (const [label, viewer] of [
  ['signed out', null],
  ['signed in', { id: authors[0] ?? 1, username: 'reader_0' }],
] as const) {
  await renderOnce(viewer);
  const runs: number[] = [];
  let bytes = 0;
  for (let run = 0; run < 20; run += 1) {
    const result = await renderOnce(viewer);
    runs.push(result.ms);
    bytes = result.bytes;
  }
  console.log(`200 comments, ${label}: median ${median(runs).toFixed(2)} ms over 20 renders, ${bytes} bytes of HTML`);
}
await db.close();
rmSync(dataDir, { recursive: true, force: true });
