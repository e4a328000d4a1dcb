import type { APIRoute } from 'astro';
import { findStoryRef } from '../../lib/stories.ts';
import { jsonError } from '../../lib/responses.ts';
import { loadCommentSection } from '../../server/comment-section.ts';

export const prerender = false;

/** The comment section a story page fetches when JavaScript runs, and who is reading it. */
export const GET: APIRoute = async ({ url, locals }) => {
  const story = await findStoryRef(url.searchParams.get('story') ?? undefined);
  if (story === null || story.comments === 'hidden') return jsonError(404, 'unknown-story', 'There is no such story.');
  const storyPath = `/articles/${story.slug}/`;
  const html = await loadCommentSection(
    locals.services.db,
    { ...story, comments: story.comments },
    locals.user,
    { formAction: `${storyPath}comments/`, returnTo: storyPath },
    Math.floor(Date.now() / 1000),
  );
  const viewer = locals.user === null ? null : { username: locals.user.username };
  return Response.json({ viewer, html }, { headers: { 'Cache-Control': 'no-cache', Vary: 'Cookie' } });
};
