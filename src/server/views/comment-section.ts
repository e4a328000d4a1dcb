import type { StoryRef } from '../stories/story-ref.ts';
import { listStoryComments } from '../comments/store.ts';
import { listLikedComments, listStoryLikeCounts } from '../comments/likes.ts';
import { listStoryFeatured } from '../comments/featured.ts';
import type { CommentWithAuthor } from '../comments/comment.ts';
import { currentComments } from '../stories/comment-closing.ts';
import type { Role } from '../accounts/user.ts';
import { canModerate } from '../moderation/decisions.ts';
import type { Queryable } from '../db/database.ts';
import { buildThread, type Thread } from '../comments/thread.ts';
import { pageOfThread, type PageRequest } from '../comments/thread-page.ts';
import {
  renderCommentSection,
  renderSectionParts,
  sectionForReader,
  type CommentDraft,
  type SectionFormat,
  type SectionReader,
} from './thread-html.ts';
import {
  keepRendering,
  keptRendering,
  relativeTimesValidUntil,
  type Rendering,
  featuredComments,
  type SectionStory,
  type ThreadCache,
} from './thread-cache.ts';

export interface SectionViewer {
  id: number;
  username: string;
  /** Banned readers read the thread with a notice instead of forms. */
  banned: boolean;
  /** Moderators and admins, who may feature comments. */
  staff?: boolean;
}

/** What the section shows beside the thread: likes, and the featured comments. */
interface ThreadExtras {
  likes: ReadonlyMap<number, number>;
  featured: readonly CommentWithAuthor[];
}

export interface SectionOptions {
  formAction: string;
  returnTo: string;
  /** Which page of the thread, in which order. */
  page: PageRequest;
  /** 'threads': only the page's threads, for site.js to append under the ones it shows. */
  part?: 'section' | 'threads';
  draft?: CommentDraft | undefined;
  /** The comment whose report form is open on the comments page (?report=N). */
  reportFor?: number | undefined;
  /** The comment whose reply form is open on the comments page (?reply=N). */
  replyFor?: number | undefined;
  /** For a signed-in reader: 'json' gives the html as it goes inside a JSON string. */
  format?: SectionFormat;
}

/** The reader as the comment section needs them, from the signed-in user. */
export function sectionViewer(
  user: { id: number; username: string; role: Role; bannedAt: number | null } | null,
): SectionViewer | null {
  if (user === null) return null;
  return { id: user.id, username: user.username, banned: user.bannedAt !== null, staff: canModerate(user) };
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
  const extras = {
    likes: await listStoryLikeCounts(db, story.slug),
    featured: featuredComments(rows, await listStoryFeatured(db, story.slug)),
  };
  const thread = buildThread(rows, viewer === null ? null : viewer.id);
  return renderSection(thread, extras, story, await sectionReader(db, story.slug, viewer), options, now);
}

/** The reader with the comments of the story they like. */
async function sectionReader(
  db: Queryable,
  storySlug: string,
  viewer: SectionViewer | null,
): Promise<SectionReader | null> {
  return viewer === null ? null : { ...viewer, liked: await listLikedComments(db, viewer.id, storySlug) };
}

/**
 * The same from the process's thread cache, with what an endpoint may keep beside it. Every
 * reader of a page shares one rendering until the comments change or a relative time moves on
 * (thread-cache.ts); a signed-in reader's own controls go into its slots per request, which costs
 * little beside rendering the comments. Only a reader with a pending or hidden comment on the
 * story, whom the thread shows it, has theirs made whole.
 */
export async function loadCachedCommentSection(
  db: Queryable,
  threads: ThreadCache,
  story: SectionStory,
  viewer: SectionViewer | null,
  options: SectionOptions,
  now: number,
): Promise<Rendering> {
  const comments = await threads.load(db, story.slug);
  const reader = await sectionReader(db, story.slug, viewer);
  // The story may have been kept since before its age closed its comments.
  const current = { ...story, comments: currentComments(story, now) };
  const extras = { likes: comments.likes, featured: comments.featuredComments };
  if (options.draft !== undefined || (viewer !== null && comments.unlisted.has(viewer.id))) {
    const thread = buildThread(comments.rows, viewer === null ? null : viewer.id);
    const html = renderSection(thread, extras, current, reader, options, now);
    return ownRendering(options.format === 'json' ? JSON.stringify(html).slice(1, -1) : html, now);
  }
  const { sort, page, expand } = options.page;
  const key = [current.comments, story.title, options.formAction, options.returnTo, sort, page, expand, options.part];
  let shared = keptRendering(comments, key.join('\n'), now);
  if (shared === undefined) {
    const parts = renderSectionParts({
      story: sectionStoryFields(current),
      formAction: options.formAction,
      returnTo: options.returnTo,
      thread: pageOfThread(comments.thread, options.page, comments.likes),
      now,
      part: options.part ?? 'section',
      ...extras,
    });
    shared = {
      html: sectionForReader(parts, null),
      parts,
      renderedAt: now,
      validUntil: relativeTimesValidUntil(
        [...parts.comments.values(), ...extras.featured].map((comment) => comment.createdAt),
        now,
      ),
      bodies: new Map(),
    };
    keepRendering(comments, key.join('\n'), shared);
  }
  if (reader === null && options.format !== 'json') return shared;
  return ownRendering(sectionForReader(shared.parts!, reader, options.format), now);
}

/** What the section's HTML says of its story: its key, headline, and whether and when comments close. */
function sectionStoryFields({ slug, title, comments, closing }: SectionStory) {
  return { slug, title, comments, closing };
}

function ownRendering(html: string, now: number): Rendering {
  return { html, parts: null, renderedAt: now, validUntil: now + 1, bodies: new Map() };
}

function renderSection(
  thread: Thread,
  extras: ThreadExtras,
  story: SectionStory,
  viewer: SectionReader | null,
  options: SectionOptions,
  now: number,
): string {
  return renderCommentSection({
    story: sectionStoryFields(story),
    formAction: options.formAction,
    returnTo: options.returnTo,
    viewer,
    thread: pageOfThread(thread, options.page, extras.likes),
    now,
    part: options.part ?? 'section',
    ...extras,
    ...(options.draft === undefined ? {} : { draft: options.draft }),
    ...(options.reportFor === undefined ? {} : { reportFor: options.reportFor }),
    ...(options.replyFor === undefined ? {} : { replyFor: options.replyFor }),
  });
}
