import type { APIRoute } from 'astro';
import { findStoryRef } from '../../lib/stories.ts';
import { jsonError } from '../../server/http/responses.ts';
import { loadCachedCommentSection, sectionViewer } from '../../server/views/comment-section.ts';
import {
  parseSectionQuery,
  signedOutSectionBody,
  signedOutSectionHeaders,
} from '../../server/http/comment-section-answer.ts';
import { preferredEncoding } from '../../server/http/static-files.ts';
import { viewerAnswer } from '../../server/views/account-nav.ts';

export const prerender = false;

/** The comment section a story page fetches when JavaScript runs (a page of it), and who is reading it. */
export const GET: APIRoute = async ({ url, locals, request }) => {
  const found = await findStoryRef(url.searchParams.get('story') ?? undefined);
  if (found === null || found.comments === 'hidden') return jsonError(404, 'unknown-story', 'There is no such story.');
  const story = { slug: found.slug, title: found.title, comments: found.comments };
  const { db, threads, config } = locals.services;
  const now = locals.services.clock.now();
  const query = parseSectionQuery(url.searchParams, config.commentSort);
  if (locals.user === null) {
    threads.stories.set(story.slug, story);
    const encoding = preferredEncoding(request.headers.get('accept-encoding'));
    const body = await signedOutSectionBody(db, threads, story, query, encoding, now);
    return new Response(body, { headers: signedOutSectionHeaders(encoding) });
  }
  const storyPath = `/articles/${story.slug}/`;
  const rendering = await loadCachedCommentSection(
    db,
    threads,
    story,
    sectionViewer(locals.user),
    { formAction: `${storyPath}comments/`, returnTo: storyPath, ...query },
    now,
  );
  return Response.json(
    { ...viewerAnswer(locals.user, storyPath), html: rendering.html },
    { headers: { 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding, Cookie' } },
  );
};
