/**
 * The answer to `GET /api/comment-section`, shared by the Astro endpoint and the server's own
 * fast path (server.ts), so that the two cannot differ.
 */
import type { Queryable } from '../db/database.ts';
import { parseCommentSort, parsePageNumber, type CommentSort, type PageRequest } from '../comments/thread-page.ts';
import { parseCommentId } from '../actions/comment-request.ts';
import { viewerAnswer } from '../views/account-nav.ts';
import { loadCachedCommentSection, loadReaderSection, sectionViewer } from '../views/comment-section.ts';
import type { User } from '../accounts/user.ts';
import type { SectionStory, ThreadCache } from '../views/thread-cache.ts';
import { encodeOnce, preferredEncoding, type ContentEncoding } from './static-files.ts';
import { gzipHead, gzipWithTail } from './gzip-tail.ts';

/** What a section request asks for besides the story: `?page=2&sort=newest&expand=17&part=threads`. */
export interface SectionQuery {
  page: PageRequest;
  part: 'section' | 'threads';
}

export function parseSectionQuery(params: URLSearchParams, defaultSort: CommentSort): SectionQuery {
  return {
    page: {
      sort: parseCommentSort(params.get('sort')) ?? defaultSort,
      page: parsePageNumber(params.get('page')) ?? 1,
      expand: parseCommentId(params.get('expand') ?? undefined),
    },
    part: params.get('part') === 'threads' ? 'threads' : 'section',
  };
}

/**
 * The JSON body, encoded once per rendering. Both answers take the database's `version` when the
 * caller has read it for this request (src/server/views/thread-cache.ts).
 */
export async function signedOutSectionBody(
  db: Queryable,
  threads: ThreadCache,
  story: SectionStory,
  query: SectionQuery,
  encoding: ContentEncoding,
  now: number,
  version?: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const storyPath = story.path;
  const rendering = await loadCachedCommentSection(
    db,
    threads,
    story,
    null,
    { formAction: `${storyPath}comments/`, returnTo: storyPath, ...query },
    now,
    version,
  );
  return encodeOnce(rendering.bodies, encoding, () =>
    JSON.stringify({ ...viewerAnswer(null, storyPath), html: rendering.html }),
  );
}

/**
 * A signed-in reader's JSON answer: `html`, the section every reader of their standing shares,
 * encoded once per rendering, then what is theirs (the nav, and `reader`: their own comments'
 * controls and their likes, which site.js applies). Gzip when accepted: the shared head
 * compressed once, the reader's tail appended per request (gzip-tail.ts).
 */
export async function signedInSectionAnswer(
  db: Queryable,
  threads: ThreadCache,
  story: SectionStory,
  query: SectionQuery,
  user: User,
  acceptEncoding: string | null | undefined,
  now: number,
  version?: string,
): Promise<{ body: Uint8Array<ArrayBuffer>; headers: Record<string, string> }> {
  const storyPath = story.path;
  const section = await loadReaderSection(
    db,
    threads,
    story,
    sectionViewer(user),
    { formAction: `${storyPath}comments/`, returnTo: storyPath, ...query },
    now,
    version,
  );
  const encoding = preferredEncoding(acceptEncoding, ['gzip']);
  // A section made for this reader alone is encoded for this answer alone.
  const store = section.kept?.bodies ?? new Map<string, Uint8Array<ArrayBuffer>>();
  const key = `${section.kept?.key ?? 'own'} ${encoding}`;
  let head = store.get(key);
  if (head === undefined) {
    const text = Buffer.from(`{"html":"${section.html}",`);
    store.set(key, (head = encoding === 'gzip' ? gzipHead(text) : text));
  }
  const tail = Buffer.from(JSON.stringify({ ...viewerAnswer(user, storyPath), reader: section.part }).slice(1));
  return {
    body: encoding === 'gzip' ? gzipWithTail(head, tail) : Buffer.concat([head, tail]),
    headers: sectionHeaders(encoding, 'no-store'),
  };
}

/**
 * Headers of a section answer besides the security headers every response carries: a signed-out
 * one may be kept and revalidated, a signed-in one is never kept.
 */
export function sectionHeaders(
  encoding: ContentEncoding,
  cacheControl: 'no-cache' | 'no-store',
): Record<string, string> {
  return {
    'Cache-Control': cacheControl,
    Vary: 'Accept-Encoding, Cookie',
    'Content-Type': 'application/json',
    ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
  };
}
