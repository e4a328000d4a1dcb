/**
 * Each story's comments and their signed-out rendering, kept in this process and checked against
 * the database on every read, so that a write by any code path, in any process, shows at once.
 *
 * The check is one query that costs the same whatever the thread's size: the database's change
 * version (src/server/db/version.ts), which a caller that has read it for the request passes in.
 *
 * When the version moved, the story's comments and likes are read again and compared; if a
 * write touched other tables or stories, the renderings stay. A rendering also ends when one of
 * its relative times ("5 minutes ago") would change.
 *
 * Memory is bounded: the cache keeps the most recently read stories, at most MAX_STORIES of them
 * and as many as fit in `maxBytes` by estimate (its rows and its renderings), and for each the
 * MAX_RENDERINGS most recently used renderings (a page, sort and audience each); a story read
 * again after it was dropped is simply read from the database. The story being read stays
 * whatever its size. Readers' likes of a story are kept for one version, MAX_LIKED_READS of them.
 */
import type { CommentWithAuthor } from '../comments/comment.ts';
import { listLikedComments, listStoryLikeCounts } from '../comments/likes.ts';
import { listStoryFeatured } from '../comments/featured.ts';
import { listStoryComments } from '../comments/store.ts';
import { buildThread, type Thread } from '../comments/thread.ts';
import type { Queryable } from '../db/database.ts';
import { readDatabaseVersion } from '../db/version.ts';
import { createVersionedReads } from '../db/versioned-reads.ts';
import type { Closing } from '../stories/comment-closing.ts';
import type { SectionParts } from './thread-html.ts';

const MAX_STORIES = 64;
const MAX_RENDERINGS = 48;
const MAX_LIKED_READS = 10_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/**
 * Estimates, on the high side: a row's objects and its place in the thread, besides its text,
 * which is held twice (the body and its HTML, thread-html.ts); a rendering's html is held about
 * six times (the html, its parts, the texts each standing shares as HTML and as JSON).
 */
const ROW_BYTES = 400;
const RENDERING_COPIES = 6;

export interface Rendering {
  html: string;
  /** The same section with every reader's own parts left as slots; null when made for one reader. */
  parts: SectionParts | null;
  /** Unix second it was rendered at; it holds from then until `validUntil`. */
  renderedAt: number;
  /** Unix second from which the html may differ (a relative time moves on); Infinity if never. */
  validUntil: number;
  /** Encoded answers made from this html, kept with it by the endpoint that serves it. */
  bodies: Map<string, Uint8Array<ArrayBuffer>>;
}

export interface StoryComments {
  rows: readonly CommentWithAuthor[];
  /** The thread as a signed-out reader sees it, and as anyone not in `unlisted` does. */
  thread: Thread;
  /** Likes by comment number, for the comments that have any. */
  likes: ReadonlyMap<number, number>;
  /** The featured comments' numbers, the most recently featured first. */
  featured: readonly number[];
  /** Those of them everyone can read, in that order. */
  featuredComments: readonly CommentWithAuthor[];
  /** Authors of pending or hidden comments, who alone see them: their thread is their own. */
  unlisted: ReadonlySet<number>;
  /** Shared renderings of these rows, by whatever else the caller's output depends on. */
  renderings: Renderings;
}

/** A story's renderings, the least recently used first, and the bytes they hold by estimate. */
interface Renderings {
  byKey: Map<string, Rendering>;
  bytes: number;
}

/** Keeps `rendering` under `key`, dropping the least recently used beyond the bound. */
export function keepRendering(comments: StoryComments, key: string, rendering: Rendering): void {
  const renderings = comments.renderings;
  dropRendering(renderings, key);
  renderings.byKey.set(key, rendering);
  renderings.bytes += renderingBytes(rendering);
  if (renderings.byKey.size > MAX_RENDERINGS) dropRendering(renderings, renderings.byKey.keys().next().value!);
}

function dropRendering(renderings: Renderings, key: string): void {
  const dropped = renderings.byKey.get(key);
  if (dropped === undefined) return;
  renderings.byKey.delete(key);
  renderings.bytes -= renderingBytes(dropped);
}

function renderingBytes(rendering: Rendering): number {
  return rendering.html.length * RENDERING_COPIES;
}

/** A kept rendering still valid at `now`, marked as the most recently used. */
export function keptRendering(comments: StoryComments, key: string, now: number): Rendering | undefined {
  const byKey = comments.renderings.byKey;
  const kept = byKey.get(key);
  if (kept === undefined || now < kept.renderedAt || now >= kept.validUntil) return undefined;
  byKey.delete(key);
  byKey.set(key, kept);
  return kept;
}

interface Entry extends StoryComments {
  version: string;
  /** What its rows hold by estimate. */
  rowBytes: number;
}

/** One per process (src/server/app/services.ts), shared by the endpoint and the server's own answers. */
export interface ThreadCache {
  /**
   * The story's comments as `listStoryComments` gives them and their likes, from the cache while
   * they are current: while the database's version is `version`, read now unless given.
   */
  load(db: Queryable, storySlug: string, version?: string): Promise<StoryComments>;
  /** The story's comments `userId` likes (likes.ts), kept likewise; read now when no version is given. */
  liked(db: Queryable, userId: number, storySlug: string, version?: string): Promise<ReadonlySet<number>>;
  /**
   * Stories whose comment section the Astro endpoint has answered for, so the server can answer
   * signed-out readers of them itself (src/server/http/server.ts).
   */
  stories: Map<string, SectionStory>;
}

export interface SectionStory {
  /** The key of its comments (src/server/stories/story-ref.ts). */
  slug: string;
  /** Its page's address today. */
  path: string;
  title: string;
  comments: 'open' | 'closed';
  closing?: Closing | undefined;
}

interface StoryCache {
  entries: Map<string, Entry>;
  loading: Map<string, Promise<StoryComments>>;
}

export function createThreadCache(options: { maxBytes?: number } = {}): ThreadCache {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const cache: StoryCache = { entries: new Map(), loading: new Map() };
  const likedReads = createVersionedReads<ReadonlySet<number>>(MAX_LIKED_READS);
  return {
    stories: new Map(),
    liked: async (db, userId, storySlug, version) => {
      const read = (): Promise<ReadonlySet<number>> => listLikedComments(db, userId, storySlug);
      return version === undefined ? read() : likedReads.read(`${userId} ${storySlug}`, version, read);
    },
    load: async (db, storySlug, knownVersion) => {
      const version = knownVersion ?? (await readDatabaseVersion(db));
      const entry = cache.entries.get(storySlug);
      if (entry !== undefined && entry.version === version) {
        cache.entries.delete(storySlug);
        cache.entries.set(storySlug, entry);
        // Its renderings may have grown since it was last read.
        dropBeyondBudget(cache, storySlug, maxBytes);
        return entry;
      }
      // Requests that miss together share one read of the comments.
      const key = `${storySlug}\n${version}`;
      const pending = cache.loading.get(key);
      if (pending !== undefined) return pending;
      const loading = refresh(db, cache, storySlug, version)
        .then((comments) => (dropBeyondBudget(cache, storySlug, maxBytes), comments))
        .finally(() => cache.loading.delete(key));
      cache.loading.set(key, loading);
      return loading;
    },
  };
}

async function refresh(db: Queryable, cache: StoryCache, storySlug: string, version: string): Promise<StoryComments> {
  const previous = cache.entries.get(storySlug);
  const rows = keepUnchangedRows(previous?.rows ?? [], await listStoryComments(db, storySlug));
  const likes = await listStoryLikeCounts(db, storySlug);
  const featured = await listStoryFeatured(db, storySlug);
  const entry: Entry =
    previous !== undefined &&
    sameRows(previous.rows, rows) &&
    sameLikes(previous.likes, likes) &&
    previous.featured.join() === featured.join()
      ? { ...previous, version }
      : {
          version,
          rows,
          likes,
          featured,
          featuredComments: featuredComments(rows, featured),
          thread: buildThread(rows, null),
          unlisted: unlistedAuthors(rows),
          renderings: { byKey: new Map(), bytes: 0 },
          rowBytes: rowBytes(rows),
        };
  cache.entries.delete(storySlug);
  cache.entries.set(storySlug, entry);
  if (cache.entries.size > MAX_STORIES) cache.entries.delete(cache.entries.keys().next().value!);
  return entry;
}

/** Drops the least recently read stories but `kept` while the cache holds more than `maxBytes` by estimate. */
function dropBeyondBudget(cache: StoryCache, kept: string, maxBytes: number): void {
  let bytes = 0;
  for (const entry of cache.entries.values()) bytes += entry.rowBytes + entry.renderings.bytes;
  for (const [storySlug, entry] of cache.entries) {
    if (bytes <= maxBytes) return;
    if (storySlug === kept) continue;
    cache.entries.delete(storySlug);
    bytes -= entry.rowBytes + entry.renderings.bytes;
  }
}

function rowBytes(rows: readonly CommentWithAuthor[]): number {
  let bytes = 0;
  for (const row of rows) bytes += ROW_BYTES + 2 * row.body.length + row.authorName.length;
  return bytes;
}

/**
 * `rows`, with each comment that did not change kept as the object read before, so what was made
 * from it (its body's HTML, thread-html.ts) is made once per change of that comment.
 */
function keepUnchangedRows(
  previous: readonly CommentWithAuthor[],
  rows: readonly CommentWithAuthor[],
): CommentWithAuthor[] {
  const byId = new Map(previous.map((row) => [row.id, row]));
  return rows.map((row) => {
    const kept = byId.get(row.id);
    return kept !== undefined && sameRow(kept, row) ? kept : row;
  });
}

/** The featured comments everyone can read, in the order of `ids`. */
export function featuredComments(rows: readonly CommentWithAuthor[], ids: readonly number[]): CommentWithAuthor[] {
  if (ids.length === 0) return [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row !== undefined && row.status === 'visible' ? [row] : [];
  });
}

function unlistedAuthors(rows: readonly CommentWithAuthor[]): Set<number> {
  const authors = new Set<number>();
  for (const row of rows) if (row.status === 'pending' || row.status === 'hidden') authors.add(row.authorId);
  return authors;
}

function sameLikes(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, count] of a) if (b.get(id) !== count) return false;
  return true;
}

/** After keepUnchangedRows, equal rows are the same objects. */
function sameRows(a: readonly CommentWithAuthor[], b: readonly CommentWithAuthor[]): boolean {
  return a.length === b.length && a.every((row, index) => row === b[index]);
}

function sameRow(x: CommentWithAuthor, y: CommentWithAuthor): boolean {
  return (
    x.id === y.id &&
    x.storySlug === y.storySlug &&
    x.parentId === y.parentId &&
    x.authorId === y.authorId &&
    x.authorName === y.authorName &&
    x.body === y.body &&
    x.status === y.status &&
    x.depth === y.depth &&
    x.hiddenReason === y.hiddenReason &&
    x.createdAt === y.createdAt &&
    x.editedAt === y.editedAt &&
    x.deletedAt === y.deletedAt
  );
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/**
 * The first second, after `now`, at which a relative time of one of `createdAts` may read
 * differently: thread-html.ts counts minutes under an hour, hours under a day, days under a week,
 * and gives the date after that (tests/unit/thread-cache.test.ts holds the two together).
 */
export function relativeTimesValidUntil(createdAts: Iterable<number>, now: number): number {
  let until = Infinity;
  for (const createdAt of createdAts) {
    const age = now - createdAt;
    if (age >= WEEK) continue;
    const step = age < HOUR ? MINUTE : age < DAY ? HOUR : DAY;
    const next = age < 0 ? createdAt + MINUTE : createdAt + (Math.floor(age / step) + 1) * step;
    until = Math.min(until, next);
  }
  return until;
}
