/**
 * What a signed-in reader can do in a story's comment section, with every outcome mapped to the
 * HTTP status and message that both the no-JavaScript form and the JSON API answer with.
 */
import { EDIT_WINDOW_SECONDS } from '../comments/rules.ts';
import { formatDuration } from '../markup/duration.ts';
import { screenComment, type Commenter } from '../abuse/screening.ts';
import { deleteComment, editComment, postComment } from '../comments/store.ts';
import type { Database } from '../db/database.ts';
import type { LimitsConfig } from '../abuse/limits-config.ts';
import { reportComment, type ReportReason } from '../moderation/reports.ts';
import type { StoryRef } from '../stories/story-ref.ts';

export type CommentRequest =
  | { intent: 'post'; body: string }
  | { intent: 'reply'; parentId: number; body: string }
  | { intent: 'edit'; commentId: number; body: string }
  | { intent: 'delete'; commentId: number }
  | { intent: 'report'; commentId: number; reason: ReportReason; note: string | null };

export type CommentActionResult =
  | { ok: true; status: 200 | 201; commentId: number | null; message?: string }
  | { ok: false; status: 400 | 403 | 404 | 409 | 429; error: string; message: string; retryAfterSeconds?: number };

type RefusalStatus = 400 | 403 | 404 | 409;

function refuse(status: RefusalStatus, error: string, message: string): CommentActionResult {
  return { ok: false, status, error, message };
}

export async function performCommentAction(
  db: Database,
  story: StoryRef | null,
  author: Commenter,
  request: CommentRequest,
  limits: LimitsConfig,
  now: number,
): Promise<CommentActionResult> {
  if (story === null) return refuse(404, 'unknown-story', 'There is no story at this address.');
  if (story.comments !== 'open') return refuse(403, 'comments-closed', 'Comments are closed on this story.');
  switch (request.intent) {
    case 'post':
      return post(db, story.slug, null, author, request.body, limits, now);
    case 'reply':
      return post(db, story.slug, request.parentId, author, request.body, limits, now);
    case 'edit':
      return edit(db, request.commentId, author.id, request.body, now);
    case 'delete':
      return remove(db, request.commentId, author.id, now);
    case 'report':
      return report(db, request, author.id, limits, now);
  }
}

async function post(
  db: Database,
  storySlug: string,
  parentId: number | null,
  author: Commenter,
  body: string,
  limits: LimitsConfig,
  now: number,
): Promise<CommentActionResult> {
  const screening = await screenComment(db, { user: author, body }, limits, now);
  if (!screening.ok) {
    switch (screening.reason) {
      case 'banned':
        return refuse(403, 'banned', screening.message);
      case 'too-soon':
        return {
          ok: false,
          status: 429,
          error: 'too-soon',
          message: screening.message,
          retryAfterSeconds: screening.retryAfterSeconds,
        };
      case 'duplicate':
        return {
          ok: false,
          status: 429,
          error: 'duplicate',
          message: screening.message,
          retryAfterSeconds: limits.comments.duplicateWindowSeconds,
        };
    }
  }
  const result = await postComment(
    db,
    { storySlug, parentId, authorId: author.id, body, status: screening.status },
    now,
  );
  if (result.ok) {
    return screening.status === 'pending'
      ? {
          ok: true,
          status: 201,
          commentId: result.comment.id,
          message: 'Thanks: your comment will appear once a moderator has approved it.',
        }
      : { ok: true, status: 201, commentId: result.comment.id };
  }
  switch (result.reason) {
    case 'invalid':
      return refuse(400, 'invalid-body', result.message);
    case 'parent-not-found':
      return refuse(404, 'unknown-parent', 'The comment you replied to does not exist.');
    case 'parent-other-story':
      return refuse(400, 'parent-other-story', 'The comment you replied to belongs to another story.');
    case 'parent-deleted':
      return refuse(400, 'parent-deleted', 'The comment you replied to has been deleted.');
  }
}

async function edit(
  db: Database,
  commentId: number,
  userId: number,
  body: string,
  now: number,
): Promise<CommentActionResult> {
  const result = await editComment(db, { commentId, userId, body }, now);
  if (result.ok) return { ok: true, status: 200, commentId: result.comment.id };
  switch (result.reason) {
    case 'invalid':
      return refuse(400, 'invalid-body', result.message);
    case 'not-found':
    case 'deleted':
      return refuse(404, 'unknown-comment', 'That comment does not exist.');
    case 'forbidden':
      return refuse(403, 'not-yours', 'You can only edit your own comments.');
    case 'edit-window-closed':
      return refuse(
        403,
        'edit-window-closed',
        `Comments can be edited for ${formatDuration(EDIT_WINDOW_SECONDS)} after posting.`,
      );
  }
}

async function remove(db: Database, commentId: number, userId: number, now: number): Promise<CommentActionResult> {
  const result = await deleteComment(db, { commentId, userId }, now);
  if (result.ok) return { ok: true, status: 200, commentId: null };
  return result.reason === 'forbidden'
    ? refuse(403, 'not-yours', 'You can only delete your own comments.')
    : refuse(404, 'unknown-comment', 'That comment does not exist.');
}

async function report(
  db: Database,
  request: { commentId: number; reason: ReportReason; note: string | null },
  reporterId: number,
  limits: LimitsConfig,
  now: number,
): Promise<CommentActionResult> {
  const result = await reportComment(
    db,
    { commentId: request.commentId, reporterId, reason: request.reason, note: request.note },
    { reportHideThreshold: limits.reportHideThreshold },
    now,
  );
  if (result.ok)
    return {
      ok: true,
      status: 200,
      commentId: request.commentId,
      message: 'Thank you: a moderator will look at your report.',
    };
  switch (result.reason) {
    case 'not-found':
      return refuse(404, 'unknown-comment', 'That comment does not exist.');
    case 'own-comment':
      return refuse(403, 'own-comment', 'You cannot report your own comment.');
    case 'already-reported':
      return refuse(409, 'already-reported', 'You have already reported this comment.');
    case 'banned':
      return refuse(403, 'banned', 'Your account has been banned from commenting.');
    case 'note-too-long':
      return refuse(400, 'note-too-long', result.message);
  }
}
