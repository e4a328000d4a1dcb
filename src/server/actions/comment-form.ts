/**
 * A post from the comments page's forms, which work without JavaScript: the comment action,
 * answered with the notice and anchor to send the reader back to, or with the draft to show
 * again beside its error.
 */
import type { Commenter } from '../abuse/screening.ts';
import type { StoryRef } from '../stories/story-ref.ts';
import type { CommentDraft } from '../views/thread-html.ts';
import {
  performCommentAction,
  type CommentNotice,
  type CommentRefusal,
  type CommentServices,
} from './comment-actions.ts';
import type { CommentFormPost } from './comment-request.ts';

export type CommentFormOutcome =
  | { ok: true; notice: CommentNotice | null; anchor: string; commentId: number | null }
  | { ok: false; status: CommentRefusal['status']; retryAfterSeconds?: number; draft: CommentDraft };

export async function performCommentFormPost(
  services: CommentServices,
  story: StoryRef,
  author: Commenter,
  post: CommentFormPost,
): Promise<CommentFormOutcome> {
  const outcome = await performCommentAction(services, story, author, post.parsed);
  if (outcome.ok) {
    const anchor = outcome.commentId === null ? 'comments' : `comment-${outcome.commentId}`;
    return { ok: true, notice: outcome.notice, anchor, commentId: outcome.commentId };
  }
  const request = post.parsed.ok ? post.parsed.request : null;
  const draft: CommentDraft = {
    parentId: request?.intent === 'reply' ? request.parentId : null,
    ...(request?.intent === 'edit' ? { commentId: request.commentId } : {}),
    body: post.body,
    error: outcome.message,
  };
  const retry = outcome.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: outcome.retryAfterSeconds };
  return { ok: false, status: outcome.status, ...retry, draft };
}
