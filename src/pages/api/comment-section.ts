import type { APIRoute } from 'astro';
import { findStoryRef } from '../../lib/stories.ts';
import { jsonError } from '../../server/http/responses.ts';
import {
  parseSectionQuery,
  sectionHeaders,
  signedInSectionAnswer,
  signedOutSectionBody,
} from '../../server/http/comment-section-answer.ts';
import { preferredEncoding } from '../../server/http/static-files.ts';

export const prerender = false;

/** The comment section a story page fetches when JavaScript runs (a page of it), and who is reading it. */
export const GET: APIRoute = async ({ url, locals, request }) => {
  const found = await findStoryRef(url.searchParams.get('story') ?? undefined, locals.services);
  if (found === null || found.comments === 'hidden') return jsonError(404, 'unknown-story', 'There is no such story.');
  const story = {
    slug: found.slug,
    path: found.path,
    title: found.title,
    comments: found.comments,
    closing: found.closing,
  };
  const { db, threads, config } = locals.services;
  const now = locals.services.clock.now();
  const query = parseSectionQuery(url.searchParams, config.commentSort);
  // From now on the server answers this story's readers itself (server.ts).
  threads.stories.set(story.slug, story);
  if (locals.user === null) {
    const encoding = preferredEncoding(request.headers.get('accept-encoding'));
    const body = await signedOutSectionBody(db, threads, story, query, encoding, now);
    return new Response(body, { headers: sectionHeaders(encoding, 'no-cache') });
  }
  const acceptEncoding = request.headers.get('accept-encoding');
  const { body, headers } = await signedInSectionAnswer(db, threads, story, query, locals.user, acceptEncoding, now);
  return new Response(body, { headers });
};
