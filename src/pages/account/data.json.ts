import type { APIRoute } from 'astro';
import { getPublishedStories } from '../../lib/stories.ts';
import { performDataDownload } from '../../server/actions/download-data.ts';

export const prerender = false;

export const GET: APIRoute = async ({ locals, redirect }) => {
  if (locals.user === null) return redirect('/login/?return_to=%2Faccount%2F', 303);
  const titles = new Map((await getPublishedStories()).map((story) => [story.id, story.data.title]));
  const download = await performDataDownload(locals.services, locals.user, titles);
  if (download === null) return new Response(null, { status: 404 });
  return new Response(download.json, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${download.filename}"`,
    },
  });
};
