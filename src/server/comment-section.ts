import type { StoryRef } from './comment-actions.ts';
import { listStoryComments } from './comments.ts';
import type { Queryable } from './db/database.ts';
import { buildThread } from './thread.ts';
import { renderCommentSection, type CommentDraft } from './thread-html.ts';

export interface SectionViewer {
  id: number;
  username: string;
}

/** The rendered comment section of an open or closed story, as `viewer` may see it. */
export async function loadCommentSection(
  db: Queryable,
  story: StoryRef & { comments: 'open' | 'closed' },
  viewer: SectionViewer | null,
  options: { formAction: string; returnTo: string; draft?: CommentDraft | undefined },
  now: number,
): Promise<string> {
  const rows = await listStoryComments(db, story.slug);
  const thread = buildThread(rows, viewer === null ? null : viewer.id);
  return renderCommentSection({
    story: { slug: story.slug, title: story.title, comments: story.comments },
    formAction: options.formAction,
    returnTo: options.returnTo,
    viewer,
    thread,
    now,
    ...(options.draft === undefined ? {} : { draft: options.draft }),
  });
}
