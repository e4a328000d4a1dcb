import { EDIT_WINDOW_SECONDS, MAX_COMMENT_LENGTH } from '../comments/rules.ts';
import { commentTextMarkup } from '../comments/text.ts';
import type { CommentWithAuthor } from '../comments/comment.ts';
import { markup, type Markup } from '../markup/html.ts';
import type { Thread, ThreadNode } from '../comments/thread.ts';
import { MAX_REPORT_NOTE_LENGTH, REPORT_REASONS, REPORT_REASON_LABELS } from '../moderation/reports.ts';
import { renderField } from './field.ts';

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
  formStart: Markup;
  now: number;
  draft: CommentDraft | undefined;
  draftShown: boolean;
  formAction: string;
  reportFor: number | undefined;
  replyFor: number | undefined;
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
    formStart: markup`<form method="post" action="${input.formAction}" class="comment-form"><input type="hidden" name="return_to" value="${input.returnTo}">`,
    now: input.now,
    draft: input.draft,
    draftShown: false,
    formAction: input.formAction,
    reportFor: input.reportFor,
    replyFor: input.replyFor,
  };
  // The thread goes first: a draft it shows does not come back in the form at the top.
  const thread = input.thread.roots.map((node) => renderNode(node, context));
  const top = renderTopOfThread(input, context);
  const template =
    context.canWrite && markup`<template id="reply-template">${renderReplyForm('0', undefined, context)}</template>`;
  const count = countLabel(input.thread.visibleCount);
  return markup`<p class="comment-count">${count}</p>${top}${thread}${template}`.toString();
}

function renderTopOfThread(input: CommentSectionInput, context: RenderContext): Markup {
  if (input.story.comments === 'closed') return markup`<p class="comment-closed">Comments are closed.</p>`;
  if (input.viewer === null) {
    const returnTo = encodeURIComponent(input.returnTo);
    return markup`<p class="comment-invitation">Sign in or create an account to join the discussion. <a href="/login?return_to=${returnTo}">Sign in</a> <a href="/signup?return_to=${returnTo}">Create account</a></p>`;
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
  return markup`${context.formStart}<input type="hidden" name="intent" value="post">${field}<button>Post comment</button></form>`;
}

function renderNode(node: ThreadNode, context: RenderContext): Markup {
  const replies =
    node.replies.length > 0 &&
    markup`<div class="replies">${node.replies.map((reply) => renderNode(reply, context))}</div>`;
  if (node.kind === 'placeholder') {
    return markup`<article class="comment comment-placeholder" id="comment-${node.id}" aria-labelledby="comment-${node.id}-meta"><p class="comment-meta" id="comment-${node.id}-meta">${PLACEHOLDER_TEXT[node.status]}</p>${replies}</article>`;
  }
  const comment = node.comment;
  const id = comment.id;
  const meta = renderMeta(comment, context.now);
  const actions = renderActions(comment, context);
  return markup`<article class="comment" id="comment-${id}" aria-labelledby="comment-${id}-meta">${meta}<div class="comment-body">${commentTextMarkup(comment.body)}</div>${actions}${replies}</article>`;
}

function renderMeta(comment: CommentWithAuthor, now: number): Markup {
  const edited = comment.editedAt !== null && markup` <span class="comment-edited">edited</span>`;
  const pending = comment.status === 'pending' && markup` <span class="comment-pending">awaiting moderation</span>`;
  const reason = comment.hiddenReason === null || comment.hiddenReason === '' ? '' : `: ${comment.hiddenReason}`;
  const hidden =
    comment.status === 'hidden' && markup` <span class="comment-pending">hidden by a moderator${reason}</span>`;
  const datetime = new Date(comment.createdAt * 1000).toISOString().replace('.000Z', 'Z');
  const time = relativeTime(comment.createdAt, now);
  return markup`<header class="comment-meta" id="comment-${comment.id}-meta"><span class="comment-author">${comment.authorName}</span> <a href="#comment-${comment.id}"><time datetime="${datetime}">${time}</time></a>${edited}${pending}${hidden}</header>`;
}

function renderActions(comment: CommentWithAuthor, context: RenderContext): Markup | null {
  if (!context.canWrite) return null;
  const id = comment.id;
  const actions: Markup[] = [];
  if (comment.status === 'visible') {
    const draft = takeDraft(context, (draft) => draft.commentId === undefined && draft.parentId === id);
    actions.push(
      draft !== undefined || context.replyFor === id
        ? renderReplyForm(String(id), draft, context)
        : markup`<a class="reply-link" href="${context.formAction}?reply=${id}#comment-${id}" data-reply="${id}">Reply</a>`,
    );
  }
  if (comment.authorId === context.viewerId) {
    if (context.now - comment.createdAt <= EDIT_WINDOW_SECONDS) {
      const draft = takeDraft(context, (draft) => draft.commentId === id);
      actions.push(
        renderDisclosure(
          'edit',
          'Edit',
          draft !== undefined,
          markup`<input type="hidden" name="intent" value="edit"><input type="hidden" name="comment_id" value="${id}">`,
          { id: `edit-${id}`, label: 'Edit comment', value: draft?.body ?? comment.body, error: draft?.error },
          'Save',
          context,
        ),
      );
    }
    actions.push(
      markup`${context.formStart}<input type="hidden" name="intent" value="delete"><input type="hidden" name="comment_id" value="${id}"><button>Delete</button></form>`,
    );
  } else if (comment.status === 'visible') {
    actions.push(renderReport(id, context));
  }
  return actions.length === 0 ? null : markup`<div class="comment-actions">${actions}</div>`;
}

/**
 * One reply form, open under its comment. Threads carry a link per comment instead, which keeps a
 * 200-comment section light: without JavaScript it opens this form on the comments page, and
 * site.js builds the same form in place from the section's one <template>.
 */
function renderReplyForm(id: string, draft: CommentDraft | undefined, context: RenderContext): Markup {
  const field = renderCommentField({
    id: `reply-${id}`,
    label: 'Reply',
    value: draft?.body ?? '',
    error: draft?.error,
  });
  return markup`${context.formStart}<input type="hidden" name="intent" value="reply"><input type="hidden" name="parent_id" value="${id}">${field}<button>Post reply</button></form>`;
}

/** A link per comment keeps 200-comment threads light; the form opens on the comments page. */
function renderReport(id: number, context: RenderContext): Markup {
  if (context.reportFor !== id) {
    return markup`<a class="report-link" href="${context.formAction}?report=${id}#comment-${id}">Report</a>`;
  }
  const options = REPORT_REASONS.map(
    (reason) => markup`<option value="${reason}">${REPORT_REASON_LABELS[reason]}</option>`,
  );
  return markup`${context.formStart}<input type="hidden" name="intent" value="report"><input type="hidden" name="comment_id" value="${id}"><label for="report-${id}-reason">Why are you reporting this comment?</label><select name="reason" id="report-${id}-reason">${options}</select><label for="report-${id}-note">Details (optional)</label><input name="note" id="report-${id}-note" maxlength="${MAX_REPORT_NOTE_LENGTH}"><button>Send report</button></form>`;
}

function renderDisclosure(
  className: string,
  summary: string,
  open: boolean,
  hiddenInputs: Markup,
  field: CommentField,
  button: string,
  context: RenderContext,
): Markup {
  return markup`<details class="${className}"${open && markup` open`}><summary>${summary}</summary>${context.formStart}${hiddenInputs}${renderCommentField(field)}<button>${button}</button></form></details>`;
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
