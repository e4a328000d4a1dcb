/**
 * The answer to `GET /api/comment-section` for a signed-out reader, shared by the Astro endpoint
 * and the server's own fast path (server.ts), so that the two cannot differ.
 */
import type { Queryable } from '../db/database.ts';
import { parseCommentSort, parsePageNumber, type CommentSort, type PageRequest } from '../comments/thread-page.ts';
import { parseCommentId } from '../actions/comment-request.ts';
import { viewerAnswer } from '../views/account-nav.ts';
import { loadCachedCommentSection } from '../views/comment-section.ts';
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
  const storyPath = `/articles/${story.slug}/`;
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

/** Headers of that answer besides the security headers every response carries. */
export function signedOutSectionHeaders(encoding: ContentEncoding): Record<string, string> {
  return {
    'Cache-Control': 'no-cache',
    Vary: 'Accept-Encoding, Cookie',
    'Content-Type': 'application/json',
    ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
  };
}
