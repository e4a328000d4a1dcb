/**
 * The answer to `GET /api/comment-section` for a signed-out reader, shared by the Astro endpoint
 * and the server's own fast path (server.ts), so that the two cannot differ.
 */
import type { Queryable } from '../db/database.ts';
import { viewerAnswer } from '../views/account-nav.ts';
import { loadCachedCommentSection } from '../views/comment-section.ts';
import type { SectionStory, ThreadCache } from '../views/thread-cache.ts';
import { encodeOnce, type ContentEncoding } from './static-files.ts';

/** The JSON body, encoded once per rendering. */
export async function signedOutSectionBody(
  db: Queryable,
  threads: ThreadCache,
  story: SectionStory,
  encoding: ContentEncoding,
  now: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const storyPath = story.path;
  const rendering = await loadCachedCommentSection(
    db,
    threads,
    story,
    null,
    { formAction: `${storyPath}comments/`, returnTo: storyPath },
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
