import type { StoryRef } from '../stories/story-ref.ts';
import { listStoryComments } from '../comments/store.ts';
import type { Queryable } from '../db/database.ts';
import { buildThread } from '../comments/thread.ts';
import { renderCommentSection, type CommentDraft } from './thread-html.ts';
import { relativeTimesValidUntil, type Rendering, type SectionStory, type ThreadCache } from './thread-cache.ts';
import type { CommentWithAuthor } from '../comments/comment.ts';
import { currentComments } from '../stories/comment-closing.ts';

export interface SectionViewer {
  id: number;
  username: string;
  /** Banned readers read the thread with a notice instead of forms. */
  banned: boolean;
}

export interface SectionOptions {
  formAction: string;
  returnTo: string;
  draft?: CommentDraft | undefined;
  /** The comment whose report form is open on the comments page (?report=N). */
  reportFor?: number | undefined;
  /** The comment whose reply form is open on the comments page (?reply=N). */
  replyFor?: number | undefined;
}

/** The reader as the comment section needs them, from the signed-in user. */
export function sectionViewer(
  user: { id: number; username: string; bannedAt: number | null } | null,
): SectionViewer | null {
  return user === null ? null : { id: user.id, username: user.username, banned: user.bannedAt !== null };
}

/** The rendered comment section of an open or closed story, as `viewer` may see it. */
export async function loadCommentSection(
  db: Queryable,
  story: StoryRef & { comments: 'open' | 'closed' },
  viewer: SectionViewer | null,
  options: SectionOptions,
  now: number,
): Promise<string> {
  const rows = await listStoryComments(db, story.slug);
  return renderSection(rows, story, viewer, options, now);
}

/**
 * The same from the process's thread cache, with what an endpoint may keep beside it. Every
 * signed-out reader of a story shares one rendering until the comments change or a relative time
 * moves on (thread-cache.ts); a signed-in reader sees their own controls and pending comments, so
 * theirs is made per request, from the cached comments.
 */
export async function loadCachedCommentSection(
  db: Queryable,
  threads: ThreadCache,
  story: SectionStory,
  viewer: SectionViewer | null,
  options: SectionOptions,
  now: number,
): Promise<Rendering> {
  const { rows, renderings } = await threads.load(db, story.slug);
  // The story may have been kept since before its age closed its comments.
  const current = { ...story, comments: currentComments(story, now) };
  if (viewer !== null || options.draft !== undefined) {
    return {
      html: renderSection(rows, current, viewer, options, now),
      renderedAt: now,
      validUntil: now + 1,
      bodies: new Map(),
    };
  }
  const key = `${current.comments}\n${story.title}\n${options.formAction}\n${options.returnTo}`;
  const kept = renderings.get(key);
  if (kept !== undefined && now >= kept.renderedAt && now < kept.validUntil) return kept;
  const rendering: Rendering = {
    html: renderSection(rows, current, null, options, now),
    renderedAt: now,
    validUntil: relativeTimesValidUntil(
      rows.map((row) => row.createdAt),
      now,
    ),
    bodies: new Map(),
  };
  renderings.set(key, rendering);
  return rendering;
}

function renderSection(
  rows: readonly CommentWithAuthor[],
  story: SectionStory,
  viewer: SectionViewer | null,
  options: SectionOptions,
  now: number,
): string {
  return renderCommentSection({
    story: { slug: story.slug, title: story.title, comments: story.comments, closing: story.closing },
    formAction: options.formAction,
    returnTo: options.returnTo,
    viewer,
    thread: buildThread(rows, viewer === null ? null : viewer.id),
    now,
    ...(options.draft === undefined ? {} : { draft: options.draft }),
    ...(options.reportFor === undefined ? {} : { reportFor: options.reportFor }),
    ...(options.replyFor === undefined ? {} : { replyFor: options.replyFor }),
  });
}
