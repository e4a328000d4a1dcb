/**
 * `GET /api/comment-counts?stories=a,b,c`: the number of visible comments on each story a page
 * lists, asked for once per page by public/scripts/site.js.
 */
import type { Services } from '../app/services.ts';

export const MAX_COUNTED_STORIES = 50;

export type CountRefusal = { ok: false; status: 400; error: string; message: string };

export type CountedStories = { ok: true; slugs: string[] } | CountRefusal;

function refuse(error: string, message: string): CountRefusal {
  return { ok: false, status: 400, error, message };
}

/** The `stories` parameter as a list of stories `isCountable` knows, each once, or why not. */
export function parseCountedStories(param: string | null, isCountable: (slug: string) => boolean): CountedStories {
  const slugs = [...new Set((param ?? '').split(',').filter((slug) => slug !== ''))];
  if (slugs.length === 0) {
    return refuse('missing-stories', 'Name the stories to count: /api/comment-counts?stories=first-story,second-story');
  }
  if (slugs.length > MAX_COUNTED_STORIES) {
    return refuse('too-many-stories', `Ask for at most ${MAX_COUNTED_STORIES} stories at a time.`);
  }
  const unknown = slugs.find((slug) => !isCountable(slug));
  if (unknown !== undefined) {
    const shown = unknown.length > 80 ? `${unknown.slice(0, 80)}…` : unknown;
    return refuse('unknown-story', `"${shown}" is not a published story with comments.`);
  }
  return { ok: true, slugs };
}

/** Visible comments on each story, from the process's short-lived counts. */
export async function readCommentCounts(
  { db, clock, commentCounts }: Pick<Services, 'db' | 'clock' | 'commentCounts'>,
  slugs: readonly string[],
): Promise<Record<string, number>> {
  return commentCounts.read(db, slugs, clock.now());
}
