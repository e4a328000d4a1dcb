/**
 * What a signed-in reader can do in a story's comment section, with every outcome mapped to the
 * HTTP status and message that both the no-JavaScript form and the JSON API answer with.
 */
import { deleteComment, editComment, postComment } from './comments.ts';
import type { Database } from './db/database.ts';

export interface StoryRef {
  slug: string;
  title: string;
  comments: 'open' | 'closed' | 'hidden';
}

export type CommentRequest =
  | { intent: 'post'; body: string }
  | { intent: 'reply'; parentId: number; body: string }
  | { intent: 'edit'; commentId: number; body: string }
  | { intent: 'delete'; commentId: number };

export type CommentActionResult =
  | { ok: true; status: 200 | 201; commentId: number | null }
  | { ok: false; status: 400 | 403 | 404; error: string; message: string };

function refuse(status: 400 | 403 | 404, error: string, message: string): CommentActionResult {
  return { ok: false, status, error, message };
}

export async function performCommentAction(
  db: Database,
  story: StoryRef | null,
  authorId: number,
  request: CommentRequest,
  now: number,
): Promise<CommentActionResult> {
  if (story === null) return refuse(404, 'unknown-story', 'There is no story at this address.');
  if (story.comments !== 'open') return refuse(403, 'comments-closed', 'Comments are closed on this story.');
  switch (request.intent) {
    case 'post':
      return post(db, story.slug, null, authorId, request.body, now);
    case 'reply':
      return post(db, story.slug, request.parentId, authorId, request.body, now);
    case 'edit':
      return edit(db, request.commentId, authorId, request.body, now);
    case 'delete':
      return remove(db, request.commentId, authorId, now);
  }
}

async function post(
  db: Database,
  storySlug: string,
  parentId: number | null,
  authorId: number,
  body: string,
  now: number,
): Promise<CommentActionResult> {
  const result = await postComment(db, { storySlug, parentId, authorId, body }, now);
  if (result.ok) return { ok: true, status: 201, commentId: result.comment.id };
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
      return refuse(403, 'edit-window-closed', 'Comments can be edited for 15 minutes after posting.');
  }
}

async function remove(db: Database, commentId: number, userId: number, now: number): Promise<CommentActionResult> {
  const result = await deleteComment(db, { commentId, userId }, now);
  if (result.ok) return { ok: true, status: 200, commentId: null };
  return result.reason === 'forbidden'
    ? refuse(403, 'not-yours', 'You can only delete your own comments.')
    : refuse(404, 'unknown-comment', 'That comment does not exist.');
}
