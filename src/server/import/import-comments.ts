/**
 * Writes what an export file holds into our comments, all in one transaction: a failure anywhere
 * rolls every row back. Each comment's source id goes into imported_comments and each author's
 * into imported_authors, so a second run of the same file (or a later, longer export) adds only
 * what is new.
 *
 * Decisions (README "Moving in"):
 * - Authors become accounts that cannot sign in: usernames stay unique, and claiming an account
 *   (by its email) can come later. Their password_hash is a marker that is no argon2id hash, so
 *   verifyPasswordHash never accepts any password for it. A name an account already has gets
 *   " (2)", so nobody imported wears a reader's or an editor's name.
 * - States: approved is visible, pending waits in the queue, spam is hidden with reason "spam",
 *   deleted is the placeholder removeComment leaves when it has replies and nothing otherwise.
 * - Nesting deeper than MAX_DEPTH is attached as postComment attaches it: a sibling of its parent.
 * - A body over MAX_COMMENT_LENGTH is cut, with a line saying so, rather than left out: leaving it
 *   out would cut its replies off their thread.
 */
import type { Database, Queryable } from '../db/database.ts';
import { MAX_COMMENT_LENGTH, MAX_DEPTH } from '../comments/rules.ts';
import { ImportFormatError, type SourceComment, type SourceFile, type SourceThread } from './source.ts';
import { matchStory } from './story-map.ts';

export const IMPORTED_PASSWORD_HASH = '!imported: cannot sign in until claimed';
export const TRUNCATION_NOTE = '\n\n[Cut to fit on import.]';
const maxUsernameLength = 40;

export interface ImportOptions {
  storySlugs: ReadonlySet<string>;
  storyMap: ReadonlyMap<string, string>;
  now: number;
  /** Called every `progressEvery` comments written (5,000 unless set). */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

export interface UnmatchedThread {
  thread: SourceThread;
  comments: number;
  reason: string;
}

export interface ImportSummary {
  source: SourceFile['source'];
  threads: number;
  threadsMatched: number;
  comments: number;
  imported: number;
  authorsCreated: number;
  truncated: number;
  /** Replies whose parent is not in the file, kept as top-level comments. */
  parentMissing: number;
  skipped: Map<string, number>;
  unmatched: UnmatchedThread[];
}

interface Placement {
  id: number;
  storySlug: string;
  depth: number;
  parentId: number | null;
}

export async function importComments(db: Database, file: SourceFile, options: ImportOptions): Promise<ImportSummary> {
  const threads = new Map(file.threads.map((thread) => [thread.externalId, thread]));
  const stories = new Map<string, ReturnType<typeof matchStory>>();
  for (const thread of file.threads)
    stories.set(thread.externalId, matchStory(thread, options.storySlugs, options.storyMap));
  const order = insertionOrder(file.comments);
  const kept = keptComments(file.comments);

  return db.transaction(async (tx): Promise<ImportSummary> => {
    const summary: ImportSummary = {
      source: file.source,
      threads: file.threads.length,
      threadsMatched: [...stories.values()].filter((match) => match.ok).length,
      comments: file.comments.length,
      imported: 0,
      authorsCreated: 0,
      truncated: 0,
      parentMissing: 0,
      skipped: new Map(file.skipped),
      unmatched: [],
    };
    const skip = (reason: string): void => {
      summary.skipped.set(reason, (summary.skipped.get(reason) ?? 0) + 1);
    };
    const unmatchedCounts = new Map<string, number>();
    const placements = await previouslyImported(tx, file.source);
    const authors = await importedAuthors(tx, file.source);
    const suffixes = new Map<string, number>();
    const every = options.progressEvery ?? 5000;

    for (const [index, comment] of order.entries()) {
      if ((index + 1) % every === 0) options.onProgress?.(index + 1, order.length);
      if (placements.has(comment.externalId)) {
        skip('already imported');
        continue;
      }
      const story = stories.get(comment.threadId);
      if (story === undefined) {
        skip('its thread is not in the file');
        continue;
      }
      if (!story.ok) {
        skip('no story for its thread');
        unmatchedCounts.set(comment.threadId, (unmatchedCounts.get(comment.threadId) ?? 0) + 1);
        continue;
      }
      if (!kept.has(comment.externalId)) {
        skip(comment.state === 'deleted' ? 'deleted, with no replies' : 'no text, with no replies');
        continue;
      }
      const parent = comment.parentId === null ? undefined : placements.get(comment.parentId);
      if (comment.parentId !== null && (parent === undefined || parent.storySlug !== story.slug)) {
        summary.parentMissing += 1;
      }
      const placement = place(parent?.storySlug === story.slug ? parent : undefined);
      const authorId = await authorFor(tx, file.source, comment, { authors, suffixes }, options.now, () => {
        summary.authorsCreated += 1;
      });
      const content = contentOf(comment);
      if (content.truncated) summary.truncated += 1;
      const row = await tx.get<{ id: number | bigint | string }>(
        `INSERT INTO comments (story_slug, parent_id, author_id, body, status, depth, hidden_reason, created_at, deleted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING id`,
        [
          story.slug,
          placement.parentId,
          authorId,
          content.body,
          content.status,
          placement.depth,
          content.hiddenReason,
          comment.createdAt,
          content.status === 'deleted' ? options.now : null,
        ],
      );
      if (row === null) throw new Error('INSERT ... RETURNING gave no row.');
      const id = Number(row.id);
      await tx.run('INSERT INTO imported_comments (source, external_id, comment_id, imported_at) VALUES (?, ?, ?, ?)', [
        file.source,
        comment.externalId,
        id,
        options.now,
      ]);
      placements.set(comment.externalId, {
        id,
        storySlug: story.slug,
        depth: placement.depth,
        parentId: placement.parentId,
      });
      summary.imported += 1;
    }
    for (const [threadId, comments] of unmatchedCounts) {
      const thread = threads.get(threadId);
      const story = stories.get(threadId);
      if (thread !== undefined && story !== undefined && !story.ok) {
        summary.unmatched.push({ thread, comments, reason: story.reason });
      }
    }
    return summary;
  });
}

/** Where a reply goes, as postComment decides it: at the cap, beside its parent. */
function place(parent: Placement | undefined): { parentId: number | null; depth: number } {
  if (parent === undefined) return { parentId: null, depth: 0 };
  const atCap = parent.depth >= MAX_DEPTH && parent.parentId !== null;
  return atCap ? { parentId: parent.parentId, depth: MAX_DEPTH } : { parentId: parent.id, depth: parent.depth + 1 };
}

function contentOf(comment: SourceComment): {
  body: string;
  status: 'visible' | 'pending' | 'hidden' | 'deleted';
  hiddenReason: string | null;
  truncated: boolean;
} {
  const text = comment.body.toWellFormed().replaceAll('\u0000', '').trim();
  if (comment.state === 'deleted' || text === '') {
    return { body: '', status: 'deleted', hiddenReason: null, truncated: false };
  }
  const characters = [...text];
  const truncated = characters.length > MAX_COMMENT_LENGTH;
  const body = truncated
    ? characters
        .slice(0, MAX_COMMENT_LENGTH - TRUNCATION_NOTE.length)
        .join('')
        .trimEnd() + TRUNCATION_NOTE
    : text;
  if (comment.state === 'spam') return { body, status: 'hidden', hiddenReason: 'spam', truncated };
  return { body, status: comment.state === 'pending' ? 'pending' : 'visible', hiddenReason: null, truncated };
}

/**
 * Oldest first, as the comments were written, except that a reply always comes after its parent
 * (clocks disagree). A reply whose parent is not in the file starts a thread of its own; a loop
 * of parents is refused.
 */
function insertionOrder(comments: readonly SourceComment[]): SourceComment[] {
  const byId = new Map<string, SourceComment>();
  for (const comment of comments) {
    if (byId.has(comment.externalId)) {
      throw new ImportFormatError(`comment ${comment.externalId} appears twice`, comment.line);
    }
    byId.set(comment.externalId, comment);
  }
  const order: SourceComment[] = [];
  const placed = new Set<string>();
  for (const comment of [...comments].sort((a, b) => a.createdAt - b.createdAt)) {
    const waiting: SourceComment[] = [];
    let next: SourceComment | undefined = comment;
    while (next !== undefined && !placed.has(next.externalId)) {
      if (waiting.includes(next))
        throw new ImportFormatError(`comment ${next.externalId} is its own ancestor`, next.line);
      waiting.push(next);
      next = next.parentId === null ? undefined : byId.get(next.parentId);
    }
    for (const ready of waiting.reverse()) {
      placed.add(ready.externalId);
      order.push(ready);
    }
  }
  return order;
}

/** Comments with words, and every ancestor of one (a deleted ancestor stays as a placeholder). */
function keptComments(comments: readonly SourceComment[]): Set<string> {
  const parents = new Map(comments.map((comment) => [comment.externalId, comment.parentId]));
  const kept = new Set<string>();
  for (const comment of comments) {
    if (comment.state === 'deleted' || comment.body.trim() === '') continue;
    let id: string | null | undefined = comment.externalId;
    while (id !== null && id !== undefined && !kept.has(id)) {
      kept.add(id);
      id = parents.get(id);
    }
  }
  return kept;
}

async function previouslyImported(tx: Queryable, source: string): Promise<Map<string, Placement>> {
  const rows = await tx.all<{
    external_id: string;
    comment_id: number | bigint | string;
    story_slug: string | null;
    depth: number | null;
    parent_id: number | bigint | string | null;
  }>(
    `SELECT ic.external_id, ic.comment_id, c.story_slug, c.depth, c.parent_id
     FROM imported_comments ic LEFT JOIN comments c ON c.id = ic.comment_id
     WHERE ic.source = ?`,
    [source],
  );
  return new Map(
    rows.map((row) => [
      row.external_id,
      {
        id: Number(row.comment_id),
        // A comment deleted for good since: its replies start threads of their own.
        storySlug: row.story_slug ?? '',
        depth: Number(row.depth ?? 0),
        parentId: row.parent_id === null ? null : Number(row.parent_id),
      },
    ]),
  );
}

async function importedAuthors(tx: Queryable, source: string): Promise<Map<string, number>> {
  const rows = await tx.all<{ external_key: string; user_id: number | bigint | string }>(
    `SELECT ia.external_key, ia.user_id FROM imported_authors ia JOIN users u ON u.id = ia.user_id
     WHERE ia.source = ?`,
    [source],
  );
  return new Map(rows.map((row) => [row.external_key, Number(row.user_id)]));
}

async function authorFor(
  tx: Queryable,
  source: string,
  comment: SourceComment,
  { authors, suffixes }: { authors: Map<string, number>; suffixes: Map<string, number> },
  now: number,
  onCreated: () => void,
): Promise<number> {
  const known = authors.get(comment.author.key);
  if (known !== undefined) return known;
  const base = [...comment.author.name.replace(/\s+/g, ' ').trim()].slice(0, maxUsernameLength).join('') || 'Anonymous';
  // The suffix last given to a name is remembered, so a thousand "Guest"s cost a thousand inserts.
  for (let attempt = suffixes.get(base.toLowerCase()) ?? 1; ; attempt += 1) {
    suffixes.set(base.toLowerCase(), attempt + 1);
    const username = attempt === 1 ? base : `${base} (${attempt})`;
    const row = await tx.get<{ id: number | bigint | string }>(
      `INSERT INTO users (username, username_key, email, password_hash, created_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (username_key) DO NOTHING
       RETURNING id`,
      [username, username.toLowerCase(), comment.author.email, IMPORTED_PASSWORD_HASH, now],
    );
    if (row === null) continue;
    const id = Number(row.id);
    await tx.run('INSERT INTO imported_authors (source, external_key, user_id) VALUES (?, ?, ?)', [
      source,
      comment.author.key,
      id,
    ]);
    authors.set(comment.author.key, id);
    onCreated();
    return id;
  }
}
