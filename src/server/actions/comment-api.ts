/**
 * The JSON comment API's answer to a request: the comment as stored (or word that it is gone)
 * with what the reader is to be told about it, or the refusal with its status, error code,
 * message and, for the interval limits, Retry-After.
 */
import type { Commenter } from '../abuse/screening.ts';
import type { CommentStatus } from '../comments/comment.ts';
import { getComment } from '../comments/store.ts';
import type { StoryRef } from '../stories/story-ref.ts';
import { COMMENT_NOTICES, performCommentAction, type CommentRefusal, type CommentServices } from './comment-actions.ts';
import type { ParsedCommentRequest } from './comment-request.ts';
import { messageNamed } from './message-named.ts';

export interface StoredCommentSummary {
  id: number;
  parentId: number | null;
  status: CommentStatus;
  /** The words the comments page shows after the same request (held for a moderator, report received), if any. */
  notice?: string;
}

export type CommentApiOutcome =
  | { ok: true; status: 200 | 201; comment: StoredCommentSummary | null; like?: { liked: boolean; count: number } }
  | CommentRefusal;

export async function performCommentApiRequest(
  services: CommentServices,
  story: StoryRef | null,
  author: Commenter,
  parsed: ParsedCommentRequest,
): Promise<CommentApiOutcome> {
  const outcome = await performCommentAction(services, story, author, parsed);
  if (!outcome.ok) return outcome;
  const comment = outcome.commentId === null ? null : await getComment(services.db, outcome.commentId);
  const notice = messageNamed(COMMENT_NOTICES, outcome.notice);
  return {
    ok: true,
    status: outcome.status,
    ...(outcome.like === undefined ? {} : { like: outcome.like }),
    comment:
      comment === null
        ? null
        : {
            id: comment.id,
            parentId: comment.parentId,
            status: comment.status,
            ...(notice === undefined ? {} : { notice }),
          },
  };
}
