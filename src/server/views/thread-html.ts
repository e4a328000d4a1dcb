import { EDIT_WINDOW_SECONDS, MAX_COMMENT_LENGTH } from '../comments/rules.ts';
import { renderCommentText } from '../comments/text.ts';
import type { CommentWithAuthor } from '../comments/comment.ts';
import { escapeHtml } from '../markup/html.ts';
import type { Thread, ThreadNode } from '../comments/thread.ts';

export interface CommentDraft {
  parentId: number | null;
  commentId?: number;
  body: string;
  error: string;
}

export interface CommentSectionInput {
  story: { slug: string; title: string; comments: 'open' | 'closed' };
  formAction: string;
  returnTo: string;
  viewer: { id: number; username: string; banned?: boolean } | null;
  thread: Thread;
  now: number;
  draft?: CommentDraft;
  /** The comment whose report form is open (the comments page's ?report=N). */
  reportFor?: number;
  /** The comment whose reply form is open (the comments page's ?reply=N). */
  replyFor?: number;
}

interface RenderContext {
  viewerId: number | null;
  canWrite: boolean;
  /** The opening of every form on the page, hidden `return_to` included. */
  formStart: string;
  now: number;
  draft: CommentDraft | undefined;
  draftShown: boolean;
  formAction: string;
  reportFor: number | undefined;
  replyFor: number | undefined;
}

interface Field {
  id: string;
  label: string;
  value: string;
  error: string;
}

const PLACEHOLDER_TEXT = {
  deleted: 'Comment deleted',
  hidden: 'Comment removed',
  pending: 'Comment awaiting moderation',
  visible: 'Comment unavailable',
} as const;

const SECONDS_PER_DAY = 24 * 60 * 60;

/**
 * The comment section under a story's "Add new comment" heading: the count, the form (or an
 * invitation to sign in, or the closed notice), then the thread. Forms post without JavaScript;
 * a draft that failed validation comes back open, next to its field, with the text kept.
 */
export function renderCommentSection(input: CommentSectionInput): string {
  const open = input.story.comments === 'open';
  const context: RenderContext = {
    viewerId: input.viewer === null ? null : input.viewer.id,
    canWrite: open && input.viewer !== null && input.viewer.banned !== true,
    formStart: `<form method="post" action="${escapeHtml(input.formAction)}" class="comment-form"><input type="hidden" name="return_to" value="${escapeHtml(input.returnTo)}">`,
    now: input.now,
    draft: input.draft,
    draftShown: false,
    formAction: input.formAction,
    reportFor: input.reportFor,
    replyFor: input.replyFor,
  };
  const thread = input.thread.roots.map((node) => renderNode(node, context)).join('');
  const count = `<p class="comment-count">${countLabel(input.thread.visibleCount)}</p>`;
  const template = context.canWrite
    ? `<template id="reply-template">${renderReplyForm('0', undefined, context)}</template>`
    : '';
  return count + renderTopOfThread(input, context) + thread + template;
}

function renderTopOfThread(input: CommentSectionInput, context: RenderContext): string {
  if (input.story.comments === 'closed') return '<p class="comment-closed">Comments are closed.</p>';
  if (input.viewer === null) {
    const returnTo = escapeHtml(encodeURIComponent(input.returnTo));
    return `<p class="comment-invitation">Sign in or create an account to join the discussion. <a href="/login?return_to=${returnTo}">Sign in</a> <a href="/signup?return_to=${returnTo}">Create account</a></p>`;
  }
  if (input.viewer.banned === true) {
    return '<p class="comment-closed">Your account can no longer post comments. You can still read them.</p>';
  }
  // A reply or edit whose comment is no longer on the page brings its text and error back here.
  const draft = context.draft !== undefined && !context.draftShown ? context.draft : undefined;
  return (
    context.formStart +
    '<input type="hidden" name="intent" value="post">' +
    renderField({ id: 'comment-new', label: 'Comment', value: draft?.body ?? '', error: draft?.error ?? '' }) +
    '<button>Post comment</button></form>'
  );
}

function renderNode(node: ThreadNode, context: RenderContext): string {
  const replies =
    node.replies.length === 0
      ? ''
      : `<div class="replies">${node.replies.map((reply) => renderNode(reply, context)).join('')}</div>`;
  if (node.kind === 'placeholder') {
    return `<article class="comment comment-placeholder" id="comment-${node.id}" aria-labelledby="comment-${node.id}-meta"><p class="comment-meta" id="comment-${node.id}-meta">${PLACEHOLDER_TEXT[node.status]}</p>${replies}</article>`;
  }
  const comment = node.comment;
  const id = comment.id;
  return (
    `<article class="comment" id="comment-${id}" aria-labelledby="comment-${id}-meta">` +
    renderMeta(comment, context.now) +
    `<div class="comment-body">${renderCommentText(comment.body)}</div>` +
    renderActions(comment, context) +
    replies +
    '</article>'
  );
}

function renderMeta(comment: CommentWithAuthor, now: number): string {
  const edited = comment.editedAt === null ? '' : ' <span class="comment-edited">edited</span>';
  const pending = comment.status === 'pending' ? ' <span class="comment-pending">awaiting moderation</span>' : '';
  const hidden =
    comment.status === 'hidden'
      ? ` <span class="comment-pending">hidden by a moderator${comment.hiddenReason === null || comment.hiddenReason === '' ? '' : `: ${escapeHtml(comment.hiddenReason)}`}</span>`
      : '';
  const datetime = new Date(comment.createdAt * 1000).toISOString().replace('.000Z', 'Z');
  return `<header class="comment-meta" id="comment-${comment.id}-meta"><span class="comment-author">${escapeHtml(comment.authorName)}</span> <a href="#comment-${comment.id}"><time datetime="${datetime}">${relativeTime(comment.createdAt, now)}</time></a>${edited}${pending}${hidden}</header>`;
}

function renderActions(comment: CommentWithAuthor, context: RenderContext): string {
  if (!context.canWrite) return '';
  const id = comment.id;
  let actions = '';
  if (comment.status === 'visible') {
    const draft = takeDraft(context, (draft) => draft.commentId === undefined && draft.parentId === id);
    actions +=
      draft !== undefined || context.replyFor === id
        ? renderReplyForm(String(id), draft, context)
        : `<a class="reply-link" href="${escapeHtml(context.formAction)}?reply=${id}#comment-${id}" data-reply="${id}">Reply</a>`;
  }
  if (comment.authorId === context.viewerId) {
    if (context.now - comment.createdAt <= EDIT_WINDOW_SECONDS) {
      const draft = takeDraft(context, (draft) => draft.commentId === id);
      actions += renderDisclosure(
        'edit',
        'Edit',
        draft !== undefined,
        `<input type="hidden" name="intent" value="edit"><input type="hidden" name="comment_id" value="${id}">`,
        { id: `edit-${id}`, label: 'Edit comment', value: draft?.body ?? comment.body, error: draft?.error ?? '' },
        'Save',
        context,
      );
    }
    actions += `${context.formStart}<input type="hidden" name="intent" value="delete"><input type="hidden" name="comment_id" value="${id}"><button>Delete</button></form>`;
  } else if (comment.status === 'visible') {
    actions += renderReport(id, context);
  }
  return actions === '' ? '' : `<div class="comment-actions">${actions}</div>`;
}

const REPORT_REASONS = [
  ['spam', 'Spam'],
  ['abuse', 'Abuse or harassment'],
  ['off-topic', 'Off-topic'],
  ['other', 'Something else'],
] as const;

/**
 * One reply form, open under its comment. Threads carry a link per comment instead, which keeps a
 * 200-comment section light: without JavaScript it opens this form on the comments page, and
 * site.js builds the same form in place from the section's one <template>.
 */
function renderReplyForm(id: string, draft: CommentDraft | undefined, context: RenderContext): string {
  return (
    context.formStart +
    `<input type="hidden" name="intent" value="reply"><input type="hidden" name="parent_id" value="${id}">` +
    renderField({ id: `reply-${id}`, label: 'Reply', value: draft?.body ?? '', error: draft?.error ?? '' }) +
    '<button>Post reply</button></form>'
  );
}

/** A link per comment keeps 200-comment threads light; the form opens on the comments page. */
function renderReport(id: number, context: RenderContext): string {
  if (context.reportFor !== id) {
    return `<a class="report-link" href="${escapeHtml(context.formAction)}?report=${id}#comment-${id}">Report</a>`;
  }
  const options = REPORT_REASONS.map(([value, label]) => `<option value="${value}">${label}</option>`).join('');
  return (
    `${context.formStart}<input type="hidden" name="intent" value="report"><input type="hidden" name="comment_id" value="${id}">` +
    `<label for="report-${id}-reason">Why are you reporting this comment?</label><select name="reason" id="report-${id}-reason">${options}</select>` +
    `<label for="report-${id}-note">Details (optional)</label><input name="note" id="report-${id}-note" maxlength="500">` +
    '<button>Send report</button></form>'
  );
}

function renderDisclosure(
  className: string,
  summary: string,
  open: boolean,
  hiddenInputs: string,
  field: Field,
  button: string,
  context: RenderContext,
): string {
  return `<details class="${className}"${open ? ' open' : ''}><summary>${summary}</summary>${context.formStart}${hiddenInputs}${renderField(field)}<button>${button}</button></form></details>`;
}

function renderField(field: Field): string {
  const errorId = `${field.id}-error`;
  const error =
    field.error === '' ? '' : `<p class="form-error" id="${errorId}" role="alert">${escapeHtml(field.error)}</p>`;
  const invalid = field.error === '' ? '' : ` aria-invalid="true" aria-describedby="${errorId}"`;
  // The HTML parser drops one newline straight after <textarea>, so a value starting with one needs another.
  const leadingNewline = /^[\r\n]/.test(field.value) ? '\n' : '';
  return `<label for="${field.id}">${field.label}</label>${error}<textarea name="body" id="${field.id}" required maxlength="${MAX_COMMENT_LENGTH}"${invalid}>${leadingNewline}${escapeHtml(field.value)}</textarea>`;
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
