import { EDIT_WINDOW_SECONDS, MAX_COMMENT_LENGTH } from '../comments/rules.ts';
import { commentTextMarkup } from '../comments/text.ts';
import type { CommentWithAuthor } from '../comments/comment.ts';
import { markup, type Markup } from '../markup/html.ts';
import type { Thread, ThreadNode } from '../comments/thread.ts';
import { COMMENT_SORTS, COMMENT_SORT_LABELS, type ThreadPage } from '../comments/thread-page.ts';
import { MAX_REPORT_NOTE_LENGTH, REPORT_REASONS, REPORT_REASON_LABELS } from '../moderation/reports.ts';
import { renderField } from './field.ts';
import { closedSentence, type Closing } from '../stories/comment-closing.ts';

export interface CommentDraft {
  parentId: number | null;
  commentId?: number;
  body: string;
  error: string;
}

export interface CommentSectionInput {
  story: { slug: string; title: string; comments: 'open' | 'closed'; closing?: Closing | undefined };
  formAction: string;
  returnTo: string;
  viewer: SectionReader | null;
  /** A page of the thread brings its sort control and its links to the other pages. */
  thread: Thread | ThreadPage;
  now: number;
  /** 'threads': only the page's threads and the link to the next, for site.js to append. */
  part?: 'section' | 'threads';
  /** Likes by comment number, for the comments that have any. */
  likes?: ReadonlyMap<number, number>;
  /** The featured comments everyone can read, shown first (on a thread's first page) and marked in place. */
  featured?: readonly CommentWithAuthor[];
  draft?: CommentDraft;
  /** The comment whose report form is open (the comments page's ?report=N). */
  reportFor?: number;
  /** The comment whose reply form is open (the comments page's ?reply=N). */
  replyFor?: number;
}

export interface SectionReader {
  id: number;
  username: string;
  banned?: boolean;
  /** The comments of the story this reader likes. */
  liked?: ReadonlySet<number>;
  /** Moderators and admins may feature comments from the thread. */
  staff?: boolean;
}

/**
 * A section rendered once for every reader, with a slot where each reader's own part goes: the
 * form at the top, the templates, and each comment's row of actions (sectionForReader fills them).
 */
export interface SectionParts {
  /** Text, then a slot name, then text... as `String.split` with a capture group gives them. */
  pieces: string[];
  comments: Map<number, CommentWithAuthor>;
  input: Omit<CommentSectionInput, 'viewer' | 'thread'>;
  pageQuery: string;
  /**
   * What readers share, made on first use: the text between slots in each format, and each slot
   * as it reads for everyone but the comment's author, by the reader's standing and like.
   */
  shared: Map<string, string>;
}

/** 'json': the text as it goes inside a JSON string, so an answer need not escape it per request. */
export type SectionFormat = 'html' | 'json';

interface RenderContext {
  viewerId: number | null;
  canWrite: boolean;
  /** The opening of every form but the top one, hidden `return_to` included. */
  formStart: Markup;
  returnTo: string;
  now: number;
  draft: CommentDraft | undefined;
  draftShown: boolean;
  formAction: string;
  reportFor: number | undefined;
  replyFor: number | undefined;
  /** While rendering parts: where each comment's actions slot was left, by comment number. */
  slots: Map<number, CommentWithAuthor> | null;
  /** The page's query for links that stay on it (sort, page). */
  pageQuery: string;
  likes: ReadonlyMap<number, number>;
  liked: ReadonlySet<number>;
  featured: ReadonlySet<number>;
  staff: boolean;
}

interface CommentField {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
}

const PLACEHOLDER_TEXT = {
  deleted: 'Comment deleted',
  hidden: 'Comment removed',
  pending: 'Comment awaiting moderation',
  visible: 'Comment unavailable',
} as const;

const SECONDS_PER_DAY = 24 * 60 * 60;

/** The top form's anchor: the section's sign-in links return the reader there (site.js focuses its field). */
const COMMENT_FORM_ID = 'comment-form';

/** Stands for the comment's number in the section's templates; site.js puts the number in. */
const TEMPLATE_ID = '__ID__';

/**
 * The comment section under a story's "Add new comment" heading: the count, the form (or an
 * invitation to sign in, or the closed notice), then the thread. Forms post without JavaScript;
 * a draft that failed validation comes back open, next to its field, with the text kept.
 *
 * Under each comment, a row of links (Reply, Edit, Delete, Report) and below it the panels they
 * open, so an open form never splits the row. Edit and Delete's panels are on the page and open
 * as the link's `:target` without JavaScript; Reply and Report open on the comments page
 * (?reply=N, ?report=N) or, with site.js, in place from the section's two templates.
 */
export function renderCommentSection(input: CommentSectionInput): string {
  const context = contextFor(input, null);
  // The thread goes first: a draft it shows does not come back in the form at the top.
  const thread = renderThread(input, context);
  if (input.part === 'threads') return thread.toString();
  const top = renderTopOfThread(input, context);
  return markup`${sectionHead(input)}${top}${featuredOnFirstPage(input)}${thread}${renderTemplates(context)}`.toString();
}

/** The section as every reader shares it, with the slots each reader fills (no draft, no open form). */
export function renderSectionParts(input: Omit<CommentSectionInput, 'viewer'>): SectionParts {
  const slots = new Map<number, CommentWithAuthor>();
  const context = contextFor({ ...input, viewer: null }, slots);
  const thread = renderThread(input, context);
  const html =
    input.part === 'threads'
      ? thread.toString()
      : markup`${sectionHead(input)}<!--slot:top-->${featuredOnFirstPage(input)}${thread}<!--slot:templates-->`.toString();
  const { thread: _thread, ...rest } = input;
  return { pieces: html.split(SLOT), comments: slots, input: rest, pageQuery: context.pageQuery, shared: new Map() };
}

/**
 * The shared section with `reader`'s own parts in its slots. Only the controls of the reader's
 * own comments are made for them; everything else every reader of their standing shares.
 */
export function sectionForReader(parts: SectionParts, reader: SectionReader | null): string {
  return joinSection(parts, reader, 'html', contextForReader(parts, reader));
}

/**
 * The section as every reader of `reader`'s standing (writer or not, staff or not) shares it:
 * their own comments' controls as anyone else's, no like of theirs pressed. `readerPart` gives
 * what sets it right for them.
 */
export function sectionForStanding(
  parts: SectionParts,
  reader: SectionReader | null,
  format: SectionFormat,
): StandingSection {
  const context = { ...contextForReader(parts, reader), viewerId: null, liked: NO_LIKES_GIVEN };
  const standing = standingOf(reader, context);
  const key = `${format} ${standing} section`;
  let text = parts.shared.get(key);
  if (text === undefined) parts.shared.set(key, (text = joinSection(parts, reader, format, context)));
  return { standing, text };
}

export interface StandingSection {
  /** Which standing: 'out', 'writer', 'reader', either with '+staff'. */
  standing: string;
  text: string;
}

/** What a signed-in reader's section has beyond their standing's (sectionForStanding). */
export interface ReaderPart {
  /** Each of their comments on the page: the row of actions and panels that goes after its text. */
  own: Record<string, string>;
  /** Their likes among the page's comments, whose Like buttons are pressed. */
  liked: number[];
}

export function readerPart(parts: SectionParts, reader: SectionReader): ReaderPart {
  const context = contextForReader(parts, reader);
  const own: Record<string, string> = {};
  const liked: number[] = [];
  for (const comment of parts.comments.values()) {
    if (comment.authorId === reader.id) own[comment.id] = String(renderActions(comment, context) ?? '');
    else if (context.liked.has(comment.id)) liked.push(comment.id);
  }
  return { own, liked };
}

function contextForReader(parts: SectionParts, reader: SectionReader | null): RenderContext {
  return { ...contextFor({ ...parts.input, viewer: reader }, null), pageQuery: parts.pageQuery };
}

/** The parts joined, with what readers share kept in `parts.shared`; `context.viewerId`'s own slots made anew. */
function joinSection(
  parts: SectionParts,
  reader: SectionReader | null,
  format: SectionFormat,
  context: RenderContext,
): string {
  const encode = format === 'html' ? (text: string): string => text : jsonText;
  const standing = standingOf(reader, context);
  const shared = (key: string, make: () => string): string => {
    let text = parts.shared.get(key);
    if (text === undefined) parts.shared.set(key, (text = encode(make())));
    return text;
  };
  let out = '';
  for (let index = 0; index < parts.pieces.length; index += 1) {
    const piece = parts.pieces[index]!;
    if (index % 2 === 0) {
      out += shared(`${format} ${index}`, () => piece);
    } else if (piece === 'top') {
      out += shared(`${format} ${standing} top`, () =>
        renderTopOfThread({ ...parts.input, viewer: reader }, context).toString(),
      );
    } else if (piece === 'templates') {
      out += shared(`${format} ${standing} templates`, () => String(renderTemplates(context) || ''));
    } else {
      const comment = parts.comments.get(Number(piece))!;
      const actions = (): string => String(renderActions(comment, context) ?? '');
      if (comment.authorId === context.viewerId) out += encode(actions());
      else out += shared(`${format} ${standing} ${context.liked.has(comment.id)} ${piece}`, actions);
    }
  }
  return out;
}

function standingOf(reader: SectionReader | null, context: RenderContext): string {
  return reader === null ? 'out' : `${context.canWrite ? 'writer' : 'reader'}${context.staff ? '+staff' : ''}`;
}

function jsonText(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

const NO_LIKES: ReadonlyMap<number, number> = new Map();
const NO_LIKES_GIVEN: ReadonlySet<number> = new Set();

const SLOT = /<!--slot:(top|templates|\d+)-->/;

function contextFor(
  input: Omit<CommentSectionInput, 'thread'> & { thread?: Thread | ThreadPage },
  slots: Map<number, CommentWithAuthor> | null,
): RenderContext {
  const page = input.thread !== undefined && 'page' in input.thread ? input.thread : null;
  return {
    viewerId: input.viewer === null ? null : input.viewer.id,
    canWrite: input.story.comments === 'open' && input.viewer !== null && input.viewer.banned !== true,
    formStart: formStart(input.formAction, input.returnTo, null),
    returnTo: input.returnTo,
    now: input.now,
    draft: input.draft,
    draftShown: false,
    formAction: input.formAction,
    reportFor: input.reportFor,
    replyFor: input.replyFor,
    slots,
    pageQuery: page === null ? '' : `page=${page.page}&sort=${page.sort}&`,
    likes: input.likes ?? NO_LIKES,
    liked: input.viewer?.liked ?? NO_LIKES_GIVEN,
    featured: new Set((input.featured ?? []).map((comment) => comment.id)),
    staff: input.viewer?.staff === true,
  };
}

function sectionHead(input: Pick<CommentSectionInput, 'thread' | 'formAction'>): Markup {
  const count = markup`<p class="comment-count">${countLabel(input.thread.visibleCount)}</p>`;
  if (!('page' in input.thread) || input.thread.visibleCount === 0) return count;
  const current = input.thread.sort;
  const options = COMMENT_SORTS.map(
    (sort) =>
      markup`<option value="${sort}"${sort === current && markup` selected`}>${COMMENT_SORT_LABELS[sort]}</option>`,
  );
  return markup`<div class="comment-head">${count}<form method="get" action="${input.formAction}" class="comment-sort"><label for="comment-sort">Sort by</label> <select name="sort" id="comment-sort">${options}</select> <button class="button button-secondary">Sort</button></form></div>`;
}

function featuredOnFirstPage(input: Pick<CommentSectionInput, 'thread' | 'featured' | 'now'>): Markup | null {
  const first = !('page' in input.thread) || input.thread.page === 1;
  return first ? renderFeatured(input.featured ?? [], input.now) : null;
}

function renderThread(input: Pick<CommentSectionInput, 'thread' | 'formAction'>, context: RenderContext): Markup {
  const nodes = input.thread.roots.map((node) => renderNode(node, context));
  if (!('page' in input.thread)) return markup`${nodes}`;
  const { page, pageCount, sort } = input.thread;
  const previous =
    page > 1 &&
    markup`<p class="comment-pages"><a href="${input.formAction}?page=${page - 1}&amp;sort=${sort}">Previous comments</a></p>`;
  const next =
    page < pageCount &&
    markup`<p class="comment-pages comment-next"><a class="button button-secondary" href="${input.formAction}?page=${page + 1}&amp;sort=${sort}" data-next-page="${page + 1}">Show more comments</a></p>`;
  return markup`${previous}${nodes}${next}`;
}

function renderTemplates(context: RenderContext): Markup | false {
  return (
    context.canWrite &&
    markup`<template id="reply-template">${renderReplyForm(TEMPLATE_ID, undefined, context)}</template><template id="report-template">${renderReportForm(TEMPLATE_ID, context)}</template>`
  );
}

/** Ticking it turns on the account's reply emails (issue 13.4); leaving it empty changes nothing. */
const NOTIFY_REPLIES_BOX = markup`<label class="checkbox"><input type="checkbox" name="notify_replies"> Email me when someone replies to me</label>`;

function formStart(action: string, returnTo: string, id: string | null): Markup {
  return markup`<form method="post" action="${action}" class="comment-form"${id !== null && markup` id="${id}"`}><input type="hidden" name="return_to" value="${returnTo}">`;
}

function renderTopOfThread(
  input: Pick<CommentSectionInput, 'story' | 'viewer' | 'returnTo'>,
  context: RenderContext,
): Markup {
  if (input.story.comments === 'closed') {
    return markup`<p class="comment-closed">${closedSentence(input.story.closing)}</p>`;
  }
  if (input.viewer === null) {
    const returnTo = encodeURIComponent(`${input.returnTo.split('#')[0]}#${COMMENT_FORM_ID}`);
    return markup`<p class="comment-invitation">Sign in or create an account to join the discussion.</p><p class="comment-invitation-links"><a class="button" href="/login/?return_to=${returnTo}" rel="nofollow">Sign in</a> <a class="button button-secondary" href="/signup/?return_to=${returnTo}" rel="nofollow">Create account</a></p>`;
  }
  if (input.viewer.banned === true) {
    return markup`<p class="comment-closed">Your account can no longer post comments. You can still read them.</p>`;
  }
  // A reply or edit whose comment is no longer on the page brings its text and error back here.
  const draft = context.draft !== undefined && !context.draftShown ? context.draft : undefined;
  const field = renderCommentField({
    id: 'comment-new',
    label: 'Comment',
    value: draft?.body ?? '',
    error: draft?.error,
  });
  const start = formStart(context.formAction, context.returnTo, COMMENT_FORM_ID);
  return markup`${start}<input type="hidden" name="intent" value="post">${field}<div class="form-buttons"><button>Post comment</button>${NOTIFY_REPLIES_BOX}</div></form>`;
}

function renderNode(node: ThreadNode, context: RenderContext): Markup {
  const id = node.kind === 'comment' ? node.comment.id : node.id;
  const more = node.moreReplies ?? 0;
  const replies =
    node.replies.length > 0 &&
    markup`<div class="replies">${node.replies.map((reply) => renderNode(reply, context))}${
      more > 0 &&
      markup`<p class="comment-more"><a href="${context.formAction}?${context.pageQuery}expand=${id}#comment-${id}" data-expand="${id}">Show ${more} more ${more === 1 ? 'reply' : 'replies'}</a></p>`
    }</div>`;
  if (node.kind === 'placeholder') {
    return markup`<article class="comment comment-placeholder" id="comment-${node.id}" aria-labelledby="comment-${node.id}-meta"><p class="comment-meta" id="comment-${node.id}-meta">${PLACEHOLDER_TEXT[node.status]}</p>${replies}</article>`;
  }
  const comment = node.comment;
  const meta = renderMeta(comment, context.now, context.featured.has(comment.id));
  const actions = context.slots === null ? renderActions(comment, context) : slotFor(comment, context.slots);
  return markup`<article class="comment" id="comment-${id}" aria-labelledby="comment-${id}-meta">${meta}<div class="comment-body">${bodyMarkup(comment)}</div>${actions}${replies}</article>`;
}

/** Kept per comment object: the thread cache keeps a comment's object until the comment changes. */
const bodies = new WeakMap<CommentWithAuthor, Markup>();

function bodyMarkup(comment: CommentWithAuthor): Markup {
  let body = bodies.get(comment);
  if (body === undefined) bodies.set(comment, (body = commentTextMarkup(comment.body)));
  return body;
}

function slotFor(comment: CommentWithAuthor, slots: Map<number, CommentWithAuthor>): Markup {
  slots.set(comment.id, comment);
  return markup`<!--slot:${comment.id}-->`;
}

function renderMeta(comment: CommentWithAuthor, now: number, featured: boolean): Markup {
  const edited = comment.editedAt !== null && markup` <span class="comment-edited">edited</span>`;
  const pending = comment.status === 'pending' && markup` <span class="comment-pending">awaiting moderation</span>`;
  const reason = comment.hiddenReason === null || comment.hiddenReason === '' ? '' : `: ${comment.hiddenReason}`;
  const hidden =
    comment.status === 'hidden' && markup` <span class="comment-pending">hidden by a moderator${reason}</span>`;
  const datetime = new Date(comment.createdAt * 1000).toISOString().replace('.000Z', 'Z');
  const time = relativeTime(comment.createdAt, now);
  return markup`<header class="comment-meta" id="comment-${comment.id}-meta"><span class="comment-author"><a href="/users/${encodeURIComponent(comment.authorName)}/">${comment.authorName}</a></span> <a href="#comment-${comment.id}"><time datetime="${datetime}">${time}</time></a>${featured && markup` <span class="comment-featured-mark">Featured</span>`}${edited}${pending}${hidden}</header>`;
}

function renderActions(comment: CommentWithAuthor, context: RenderContext): Markup | null {
  const forms = [renderLike(comment, context), renderFeature(comment, context)].filter((form) => form !== null);
  if (!context.canWrite) return forms.length === 0 ? null : markup`<div class="comment-actions">${forms}</div>`;
  const id = comment.id;
  const links: Markup[] = forms;
  const panels: Markup[] = [];
  if (comment.status === 'visible') {
    links.push(
      markup`<a class="comment-action" href="${context.formAction}?${context.pageQuery}reply=${id}#comment-${id}" data-reply="${id}">Reply</a>`,
    );
    const draft = takeDraft(context, (draft) => draft.commentId === undefined && draft.parentId === id);
    if (draft !== undefined || context.replyFor === id) panels.push(renderReplyForm(String(id), draft, context));
  }
  if (comment.authorId === context.viewerId) {
    if (context.now - comment.createdAt <= EDIT_WINDOW_SECONDS) {
      const draft = takeDraft(context, (draft) => draft.commentId === id);
      links.push(markup`<a class="comment-action" href="#comment-${id}-edit" data-panel>Edit</a>`);
      const field = renderCommentField({
        id: `edit-${id}`,
        label: 'Edit comment',
        value: draft?.body ?? comment.body,
        error: draft?.error,
      });
      const inputs = markup`<input type="hidden" name="intent" value="edit"><input type="hidden" name="comment_id" value="${id}">`;
      const button = markup`<button>Save</button>`;
      panels.push(
        renderPanel(
          { id: `${id}`, kind: 'edit', open: draft !== undefined, fields: markup`${inputs}${field}`, button },
          context,
        ),
      );
    }
    links.push(markup`<a class="comment-action" href="#comment-${id}-delete" data-panel>Delete</a>`);
    const inputs = markup`<input type="hidden" name="intent" value="delete"><input type="hidden" name="comment_id" value="${id}">`;
    const question = markup`<p class="confirm-question">Delete this comment? This cannot be undone.</p>`;
    const button = markup`<button class="button-danger">Delete comment</button>`;
    panels.push(
      renderPanel({ id: `${id}`, kind: 'delete', open: false, fields: markup`${inputs}${question}`, button }, context),
    );
  } else if (comment.status === 'visible') {
    links.push(
      markup`<a class="comment-action" href="${context.formAction}?${context.pageQuery}report=${id}#comment-${id}" data-report="${id}">Report</a>`,
    );
    if (context.reportFor === id) panels.push(renderReportForm(String(id), context));
  }
  return links.length === 0 ? null : markup`<div class="comment-actions">${links}</div>${panels}`;
}

/**
 * A reader's Like on someone else's comment: a toggle button (aria-pressed) in a form that asks
 * for the other state, so it works without JavaScript; elsewhere only the count, if any.
 */
function renderLike(comment: CommentWithAuthor, context: RenderContext): Markup | null {
  if (comment.status !== 'visible') return null;
  const count = context.likes.get(comment.id) ?? 0;
  const label = markup`<span class="like-count">${count === 1 ? '1 like' : `${count} likes`}</span>`;
  if (!context.canWrite || comment.authorId === context.viewerId) return count === 0 ? null : label;
  const pressed = context.liked.has(comment.id);
  // No return_to: the comments page, where the form posts, is where it comes back to.
  return markup`<form method="post" action="${context.formAction}" class="comment-like"><input type="hidden" name="intent" value="like"><input type="hidden" name="comment_id" value="${comment.id}"><button name="liked" value="${pressed ? 'false' : 'true'}" class="like-button" aria-pressed="${pressed ? 'true' : 'false'}">Like</button> ${label}</form>`;
}

/** Staff's Feature or Unfeature, a moderation form that comes back to the comment. */
function renderFeature(comment: CommentWithAuthor, context: RenderContext): Markup | null {
  if (!context.staff || comment.status !== 'visible') return null;
  const featured = context.featured.has(comment.id);
  return markup`<form method="post" action="/moderation/" class="comment-feature"><input type="hidden" name="intent" value="${featured ? 'unfeature' : 'feature'}"><input type="hidden" name="comment_id" value="${comment.id}"><input type="hidden" name="return_to" value="${context.returnTo}"><button class="feature-button">${featured ? 'Unfeature' : 'Feature'}</button></form>`;
}

/**
 * The featured comments, first on a thread's first page: each with its author, time and text, and
 * a link to its place in the thread, where it is shown as well.
 */
function renderFeatured(featured: readonly CommentWithAuthor[], now: number): Markup | null {
  if (featured.length === 0) return null;
  const items = featured.map((comment) => {
    const datetime = new Date(comment.createdAt * 1000).toISOString().replace('.000Z', 'Z');
    return markup`<article class="comment comment-featured-item" aria-labelledby="featured-${comment.id}-meta"><header class="comment-meta" id="featured-${comment.id}-meta"><span class="comment-author">${comment.authorName}</span> <time datetime="${datetime}">${relativeTime(comment.createdAt, now)}</time></header><div class="comment-body">${bodyMarkup(comment)}</div><p class="comment-more"><a href="/comments/${comment.id}/">See it in the thread</a></p></article>`;
  });
  return markup`<section class="comment-featured" aria-labelledby="comment-featured-heading"><h3 id="comment-featured-heading">Featured</h3>${items}</section>`;
}

interface Panel {
  /** The comment's number. */
  id: string;
  kind: 'reply' | 'edit' | 'delete' | 'report';
  /** A draft sent back, or the comments page's ?reply=N and ?report=N. */
  open: boolean;
  fields: Markup;
  button: Markup;
}

/**
 * A form under a comment, `comment-N-kind`: shown when open or when it is the page's `:target`;
 * its Cancel goes back to the comment with every panel closed.
 */
function renderPanel(panel: Panel, context: RenderContext): Markup {
  const { id, kind, open, fields, button } = panel;
  const cancel = markup`<a class="button button-secondary" href="${context.formAction}${context.pageQuery === '' ? '' : `?${context.pageQuery.slice(0, -1)}`}#comment-${id}" data-cancel>Cancel</a>`;
  return markup`<div class="comment-panel${open && markup` is-open`}" id="comment-${id}-${kind}">${context.formStart}${fields}<div class="form-buttons">${button} ${cancel}</div></form></div>`;
}

/**
 * One reply form, open under its comment. Threads carry a link per comment instead, which keeps a
 * 200-comment section light: without JavaScript it opens this form on the comments page, and
 * site.js builds the same form in place from the section's <template>.
 */
function renderReplyForm(id: string, draft: CommentDraft | undefined, context: RenderContext): Markup {
  const field = renderCommentField({
    id: `reply-${id}`,
    label: 'Reply',
    value: draft?.body ?? '',
    error: draft?.error,
  });
  const inputs = markup`<input type="hidden" name="intent" value="reply"><input type="hidden" name="parent_id" value="${id}">`;
  const button = markup`<button>Post reply</button>`;
  return renderPanel({ id, kind: 'reply', open: true, fields: markup`${inputs}${field}`, button }, context);
}

/** The report form, open under one comment like the reply form, for the same reason. */
function renderReportForm(id: string, context: RenderContext): Markup {
  const options = REPORT_REASONS.map(
    (reason) => markup`<option value="${reason}">${REPORT_REASON_LABELS[reason]}</option>`,
  );
  const fields = markup`<input type="hidden" name="intent" value="report"><input type="hidden" name="comment_id" value="${id}"><label for="report-${id}-reason">Why are you reporting this comment?</label><select name="reason" id="report-${id}-reason">${options}</select><label for="report-${id}-note">Details (optional)</label><input name="note" id="report-${id}-note" maxlength="${MAX_REPORT_NOTE_LENGTH}">`;
  return renderPanel({ id, kind: 'report', open: true, fields, button: markup`<button>Send report</button>` }, context);
}

function renderCommentField(field: CommentField): Markup {
  return renderField({ ...field, name: 'body', type: 'textarea', required: true, maxlength: MAX_COMMENT_LENGTH });
}

function takeDraft(context: RenderContext, matches: (draft: CommentDraft) => boolean): CommentDraft | undefined {
  if (context.draft === undefined || !matches(context.draft)) return undefined;
  context.draftShown = true;
  return context.draft;
}

function countLabel(count: number): string {
  if (count === 0) return 'No comments yet';
  return count === 1 ? '1 comment' : `${count.toLocaleString('en-GB')} comments`;
}

function relativeTime(then: number, now: number): string {
  const seconds = now - then;
  if (seconds < 60) return 'just now';
  if (seconds < 60 * 60) return ago(Math.floor(seconds / 60), 'minute');
  if (seconds < SECONDS_PER_DAY) return ago(Math.floor(seconds / (60 * 60)), 'hour');
  if (seconds < 7 * SECONDS_PER_DAY) return ago(Math.floor(seconds / SECONDS_PER_DAY), 'day');
  return new Date(then * 1000).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function ago(amount: number, unit: string): string {
  return `${amount} ${unit}${amount === 1 ? '' : 's'} ago`;
}
