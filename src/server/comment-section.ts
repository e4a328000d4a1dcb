import type { StoryRef } from './comment-actions.ts';
import { listStoryComments } from './comments.ts';
import type { Queryable } from './db/database.ts';
import { encodeOnce, type ContentEncoding } from './http/static-files.ts';
import { buildThread } from './thread.ts';
import { renderCommentSection, type CommentDraft } from './thread-html.ts';
import { relativeTimesValidUntil, type Rendering, type SectionStory, type ThreadCache } from './thread-cache.ts';
import type { CommentWithAuthor } from './comments.ts';

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
  if (viewer !== null || options.draft !== undefined) {
    return {
      html: renderSection(rows, story, viewer, options, now),
      renderedAt: now,
      validUntil: now + 1,
      bodies: new Map(),
    };
  }
  const key = `${story.comments}\n${story.title}\n${options.formAction}\n${options.returnTo}`;
  const kept = renderings.get(key);
  if (kept !== undefined && now >= kept.renderedAt && now < kept.validUntil) return kept;
  const rendering: Rendering = {
    html: renderSection(rows, story, null, options, now),
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

/**
 * The JSON body of `GET /api/comment-section` for a signed-out reader, encoded once per rendering.
 * The endpoint and the server's own answer for known stories (src/server/http/server.ts) both
 * use it, so they cannot differ.
 */
export async function signedOutSectionBody(
  db: Queryable,
  threads: ThreadCache,
  story: SectionStory,
  encoding: ContentEncoding,
  now: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const storyPath = `/articles/${story.slug}/`;
  const rendering = await loadCachedCommentSection(
    db,
    threads,
    story,
    null,
    { formAction: `${storyPath}comments/`, returnTo: storyPath },
    now,
  );
  return encodeOnce(rendering.bodies, encoding, () => JSON.stringify({ viewer: null, html: rendering.html }));
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

function renderSection(
  rows: readonly CommentWithAuthor[],
  story: SectionStory,
  viewer: SectionViewer | null,
  options: SectionOptions,
  now: number,
): string {
  return renderCommentSection({
    story: { slug: story.slug, title: story.title, comments: story.comments },
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
