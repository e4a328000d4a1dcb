import type { APIRoute } from 'astro';
import { commentsKey, getPublishedStories } from '../../lib/stories.ts';
import { parseCountedStories, readCommentCounts } from '../../server/actions/comment-counts.ts';
import { COMMENT_COUNTS_HEADERS, commentCountsBody } from '../../server/http/comment-counts-answer.ts';
import { jsonError } from '../../server/http/responses.ts';

export const prerender = false;

/** GET ?stories=a,b,c: visible comments on each; the server answers repeat requests itself (server.ts). */
export const GET: APIRoute = async ({ url, locals }) => {
  const countable = new Set(
    (await getPublishedStories()).filter((story) => story.data.comments !== 'hidden').map(commentsKey),
  );
  const stories = parseCountedStories(url.searchParams.get('stories'), (slug) => countable.has(slug));
  if (!stories.ok) return jsonError(stories.status, stories.error, stories.message);
  for (const slug of stories.slugs) locals.services.commentCounts.countable.add(slug);
  const counts = await readCommentCounts(locals.services, stories.slugs);
  return new Response(commentCountsBody(counts), { headers: COMMENT_COUNTS_HEADERS });
};
