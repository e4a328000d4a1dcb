/**
 * The answer to `GET /api/comment-section`, shared by the Astro endpoint and the server's own
 * fast path (server.ts), so that the two cannot differ.
 */
import type { Queryable } from '../db/database.ts';
import { parseCommentSort, parsePageNumber, type CommentSort, type PageRequest } from '../comments/thread-page.ts';
import { parseCommentId } from '../actions/comment-request.ts';
import { viewerAnswer } from '../views/account-nav.ts';
import { loadCachedCommentSection, sectionViewer } from '../views/comment-section.ts';
import type { User } from '../accounts/user.ts';
import type { SectionStory, ThreadCache } from '../views/thread-cache.ts';
import { encodeOnce, type ContentEncoding } from './static-files.ts';

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

/** The JSON body, encoded once per rendering. */
export async function signedOutSectionBody(
  db: Queryable,
  threads: ThreadCache,
  story: SectionStory,
  query: SectionQuery,
  encoding: ContentEncoding,
  now: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const storyPath = story.path;
  const rendering = await loadCachedCommentSection(
    db,
    threads,
    story,
    null,
    { formAction: `${storyPath}comments/`, returnTo: storyPath, ...query },
    now,
  );
  return encodeOnce(rendering.bodies, encoding, () =>
    JSON.stringify({ ...viewerAnswer(null, storyPath), html: rendering.html }),
  );
}

/**
 * A signed-in reader's JSON body: the page everyone shares with their own controls in it
 * (comment-section.ts), made per request and never kept by a cache.
 */
export async function signedInSectionBody(
  db: Queryable,
  threads: ThreadCache,
  story: SectionStory,
  query: SectionQuery,
  user: User,
  now: number,
): Promise<string> {
  const storyPath = `/articles/${story.slug}/`;
  const rendering = await loadCachedCommentSection(
    db,
    threads,
    story,
    sectionViewer(user),
    { formAction: `${storyPath}comments/`, returnTo: storyPath, ...query, format: 'json' },
    now,
  );
  // The html comes escaped for JSON already (most of it escaped once, for every reader).
  return `${JSON.stringify(viewerAnswer(user, storyPath)).slice(0, -1)},"html":"${rendering.html}"}`;
}

export const SIGNED_IN_SECTION_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  Vary: 'Accept-Encoding, Cookie',
  'Content-Type': 'application/json',
};

/** Headers of the signed-out answer besides the security headers every response carries. */
export function signedOutSectionHeaders(encoding: ContentEncoding): Record<string, string> {
  return {
    'Cache-Control': 'no-cache',
    Vary: 'Accept-Encoding, Cookie',
    'Content-Type': 'application/json',
    ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
  };
}
