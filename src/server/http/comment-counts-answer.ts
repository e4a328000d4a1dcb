/**
 * The answer to `GET /api/comment-counts`, shared by the Astro endpoint and the server's own fast
 * path (server.ts), so that the two cannot differ. Counts are the same for every reader, so a CDN
 * may keep them for a short while.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../app/services.ts';
import { parseCountedStories, readCommentCounts } from '../actions/comment-counts.ts';
import { getQuery, sendWhenReady } from './fast-answer.ts';

export const COMMENT_COUNTS_HEADERS = {
  'Cache-Control': 'public, max-age=30',
  'Content-Type': 'application/json',
} as const;

export function commentCountsBody(counts: Record<string, number>): string {
  return JSON.stringify({ counts });
}

const COMMENT_COUNTS_PATH = '/api/comment-counts?';

/**
 * Answers for stories the endpoint has already found countable, without Astro's per-request work;
 * anything else, a refusal included, goes to the endpoint.
 */
export function answerCommentCounts(
  req: IncomingMessage,
  res: ServerResponse,
  services: Services,
  headerList: readonly (readonly [string, string])[],
): boolean {
  const query = getQuery(req, COMMENT_COUNTS_PATH);
  if (query === null) return false;
  const { countable } = services.commentCounts;
  const stories = parseCountedStories(query.get('stories'), (slug) => countable.has(slug));
  if (!stories.ok) return false;
  const headers = [...headerList, ...Object.entries(COMMENT_COUNTS_HEADERS)];
  sendWhenReady(
    res,
    readCommentCounts(services, stories.slugs).then((counts) => ({ body: commentCountsBody(counts), headers })),
  );
  return true;
}
