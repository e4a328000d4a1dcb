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
  readerPart,
  renderCommentSection,
  renderSectionParts,
  sectionForReader,
  sectionForStanding,
  type CommentDraft,
  type ReaderPart,
  type SectionReader,
} from './thread-html.ts';
import {
  keepRendering,
  keptRendering,
  relativeTimesValidUntil,
  type Rendering,
  featuredComments,
  type SectionStory,
  type StoryComments,
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
}

interface ViewerUser {
  id: number;
  username: string;
  role: Role;
  bannedAt: number | null;
}

/** The reader as the comment section needs them, from the signed-in user. */
export function sectionViewer(user: ViewerUser): SectionViewer;
export function sectionViewer(user: ViewerUser | null): SectionViewer | null;
export function sectionViewer(user: ViewerUser | null): SectionViewer | null {
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
 * story, whom the thread shows it, has theirs made whole. `version`: the database's, when the
 * caller has read it for this request (ThreadCache.load).
 */
export async function loadCachedCommentSection(
  db: Queryable,
  threads: ThreadCache,
  story: SectionStory,
  viewer: SectionViewer | null,
  options: SectionOptions,
  now: number,
  version?: string,
): Promise<Rendering> {
  const comments = await threads.load(db, story.slug, version);
  const reader = await sectionReader(db, story.slug, viewer);
  // The story may have been kept since before its age closed its comments.
  const current = { ...story, comments: currentComments(story, now) };
  if (options.draft !== undefined || (viewer !== null && comments.unlisted.has(viewer.id))) {
    return ownRendering(renderOwnSection(comments, current, reader, options, now), now);
  }
  const shared = sharedRendering(comments, current, options, now);
  return reader === null ? shared : ownRendering(sectionForReader(shared.parts!, reader), now);
}

/**
 * A signed-in reader's section for site.js: the html every reader of their standing shares, as
 * it goes inside a JSON string, and their own part (thread-html.ts `readerPart`), which site.js
 * applies to it. `kept` is where an endpoint may keep answers made from that html, under `key`.
 * A reader with a pending or hidden comment on the story gets theirs made whole, and no part.
 */
export interface ReaderSection {
  html: string;
  part: ReaderPart | null;
  kept: { bodies: Map<string, Uint8Array<ArrayBuffer>>; key: string } | null;
}

export async function loadReaderSection(
  db: Queryable,
  threads: ThreadCache,
  story: SectionStory,
  viewer: SectionViewer,
  options: SectionOptions,
  now: number,
  version?: string,
): Promise<ReaderSection> {
  const comments = await threads.load(db, story.slug, version);
  // Nobody's likes on a story none of whose comments has one: the query is spared.
  const liked = comments.likes.size === 0 ? new Set<number>() : await threads.liked(db, viewer.id, story.slug, version);
  const reader = { ...viewer, liked };
  const current = { ...story, comments: currentComments(story, now) };
  if (options.draft !== undefined || comments.unlisted.has(viewer.id)) {
    const html = renderOwnSection(comments, current, reader, options, now);
    return { html: JSON.stringify(html).slice(1, -1), part: null, kept: null };
  }
  const shared = sharedRendering(comments, current, options, now);
  const section = sectionForStanding(shared.parts!, reader, 'json');
  return {
    html: section.text,
    part: readerPart(shared.parts!, reader),
    kept: { bodies: shared.bodies, key: section.standing },
  };
}

/** The section made whole for one reader, from the thread as they see it. */
function renderOwnSection(
  comments: StoryComments,
  story: SectionStory,
  reader: SectionReader | null,
  options: SectionOptions,
  now: number,
): string {
  const thread = buildThread(comments.rows, reader === null ? null : reader.id);
  const extras = { likes: comments.likes, featured: comments.featuredComments };
  return renderSection(thread, extras, story, reader, options, now);
}

/** The rendering every reader of this page shares, made on first use and kept with the comments. */
function sharedRendering(
  comments: StoryComments,
  story: SectionStory,
  options: SectionOptions,
  now: number,
): Rendering {
  const { sort, page, expand } = options.page;
  const key = [story.comments, story.title, options.formAction, options.returnTo, sort, page, expand, options.part];
  const kept = keptRendering(comments, key.join('\n'), now);
  if (kept !== undefined) return kept;
  const parts = renderSectionParts({
    story: sectionStoryFields(story),
    formAction: options.formAction,
    returnTo: options.returnTo,
    thread: pageOfThread(comments.thread, options.page, comments.likes),
    now,
    part: options.part ?? 'section',
    likes: comments.likes,
    featured: comments.featuredComments,
  });
  const shared = {
    html: sectionForReader(parts, null),
    parts,
    renderedAt: now,
    validUntil: relativeTimesValidUntil(
      [...parts.comments.values(), ...comments.featuredComments].map((comment) => comment.createdAt),
      now,
    ),
    bodies: new Map(),
  };
  keepRendering(comments, key.join('\n'), shared);
  return shared;
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
