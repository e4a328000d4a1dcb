/**
 * What a signed-in reader can do in a story's comment section, with every outcome mapped to the
 * HTTP status and message that both the no-JavaScript form and the JSON API answer with.
 */
import { EDIT_WINDOW_SECONDS } from '../comments/rules.ts';
import { formatDuration } from '../markup/duration.ts';
import {
  BANNED_MESSAGE,
  limitReport,
  recordHoldReasons,
  screenComment,
  takeCommentInterval,
  type Commenter,
} from '../abuse/screening.ts';
import { deleteComment, editComment, postComment } from '../comments/store.ts';
import { setLike } from '../comments/likes.ts';
import { takeToken } from '../abuse/rate-limit.ts';
import type { Services } from '../app/services.ts';
import { reportComment, type ReportReason } from '../moderation/reports.ts';
import type { StoryRef } from '../stories/story-ref.ts';
import { setMailPreference } from '../mail/mail-settings.ts';
import { queueReplyNotification } from '../mail/reply-notification.ts';
import type { ParsedCommentRequest } from './comment-request.ts';

/** What the reader is told after a comment that waits for a moderator, or after a report. */
export const COMMENT_NOTICES = {
  pending: 'Thanks: your comment will appear once a moderator has approved it.',
  reported: 'Thank you: a moderator will look at your report.',
} as const;

export type CommentNotice = keyof typeof COMMENT_NOTICES;

export type CommentRefusal = {
  ok: false;
  status: 400 | 403 | 404 | 409 | 429;
  error: string;
  message: string;
  retryAfterSeconds?: number;
};

export type CommentActionResult =
  | {
      ok: true;
      status: 200 | 201;
      commentId: number | null;
      notice: CommentNotice | null;
      /** After a like: whether the reader now likes the comment, and its likes. */
      like?: { liked: boolean; count: number };
    }
  | CommentRefusal;

export type CommentServices = Pick<Services, 'db' | 'config' | 'clock'>;

function refuse(status: CommentRefusal['status'], error: string, message: string): CommentRefusal {
  return { ok: false, status, error, message };
}

const UNKNOWN_COMMENT = refuse(404, 'unknown-comment', 'That comment does not exist.');
const BANNED = refuse(403, 'banned', BANNED_MESSAGE);

/** What an author is told of their comment that a moderator or readers' reports hid. */
function hiddenComment(what: 'edited' | 'deleted'): CommentRefusal {
  return refuse(
    403,
    'comment-hidden',
    `This comment has been hidden and is kept for the moderators as it is, so it cannot be ${what}.`,
  );
}

const POST_REFUSALS: Readonly<
  Record<'banned' | 'parent-not-found' | 'parent-other-story' | 'parent-deleted', CommentRefusal>
> = {
  banned: BANNED,
  'parent-not-found': refuse(404, 'unknown-parent', 'The comment you replied to does not exist.'),
  'parent-other-story': refuse(400, 'parent-other-story', 'The comment you replied to belongs to another story.'),
  'parent-deleted': refuse(400, 'parent-deleted', 'The comment you replied to has been deleted.'),
};

const EDIT_REFUSALS: Readonly<
  Record<'banned' | 'not-found' | 'deleted' | 'forbidden' | 'hidden' | 'edit-window-closed', CommentRefusal>
> = {
  banned: BANNED,
  'not-found': UNKNOWN_COMMENT,
  deleted: UNKNOWN_COMMENT,
  forbidden: refuse(403, 'not-yours', 'You can only edit your own comments.'),
  hidden: hiddenComment('edited'),
  'edit-window-closed': refuse(
    403,
    'edit-window-closed',
    `Comments can be edited for ${formatDuration(EDIT_WINDOW_SECONDS)} after posting.`,
  ),
};

const REPORT_REFUSALS: Readonly<Record<'not-found' | 'own-comment' | 'already-reported' | 'banned', CommentRefusal>> = {
  'not-found': UNKNOWN_COMMENT,
  'own-comment': refuse(403, 'own-comment', 'You cannot report your own comment.'),
  'already-reported': refuse(409, 'already-reported', 'You have already reported this comment.'),
  banned: BANNED,
};

const LIKE_REFUSALS: Readonly<Record<'not-found' | 'own-comment' | 'banned', CommentRefusal>> = {
  'not-found': UNKNOWN_COMMENT,
  'own-comment': refuse(403, 'own-comment', 'You cannot like your own comment.'),
  banned: BANNED,
};

const DELETE_REFUSALS: Readonly<Record<'banned' | 'not-found' | 'forbidden' | 'hidden', CommentRefusal>> = {
  banned: BANNED,
  'not-found': UNKNOWN_COMMENT,
  forbidden: refuse(403, 'not-yours', 'You can only delete your own comments.'),
  hidden: hiddenComment('deleted'),
};

/**
 * A request as comment-request.ts read it, refused there or carried out for `author` on `story`.
 * The routes pass the author with the request's address (`clientIp`), which the report limit needs.
 */
export async function performCommentAction(
  services: CommentServices,
  story: StoryRef | null,
  author: Commenter,
  parsed: ParsedCommentRequest,
): Promise<CommentActionResult> {
  if (!parsed.ok) return refuse(400, 'invalid-request', parsed.message);
  const { request } = parsed;
  if (story === null) return refuse(404, 'unknown-story', 'There is no story at this address.');
  if (story.comments !== 'open') return refuse(403, 'comments-closed', 'Comments are closed on this story.');
  const now = services.clock.now();
  switch (request.intent) {
    case 'post':
      return post(services, story, null, author, request, now);
    case 'reply':
      return post(services, story, request.parentId, author, request, now);
    case 'edit':
      return edit(services, request.commentId, author, request.body, now);
    case 'delete':
      return remove(services, request.commentId, author, now);
    case 'report':
      return report(services, request, author, now);
    case 'like':
      return like(services, request, author, now);
  }
}

async function post(
  { db, config }: CommentServices,
  story: StoryRef,
  parentId: number | null,
  author: Commenter,
  { body, notifyReplies }: { body: string; notifyReplies: boolean },
  now: number,
): Promise<CommentActionResult> {
  const screening = await screenComment(db, { user: author, body }, config.limits, now);
  if (!screening.ok) {
    return screening.reason === 'banned'
      ? refuse(403, 'banned', screening.message)
      : {
          ...refuse(429, 'duplicate', screening.message),
          retryAfterSeconds: config.limits.comments.duplicateWindowSeconds,
        };
  }
  const result = await postComment(
    db,
    { storySlug: story.slug, parentId, authorId: author.id, body, status: screening.status },
    now,
    (tx) => takeCommentInterval(tx, author, config.limits, now),
    async (tx, comment) => {
      if (notifyReplies) await setMailPreference(tx, author.id, 'notify_replies', true);
      await queueReplyNotification(tx, comment, story.title, now);
    },
  );
  if (result.ok) {
    await recordHoldReasons(db, result.comment.id, screening);
    const notice = screening.status === 'pending' ? 'pending' : null;
    return { ok: true, status: 201, commentId: result.comment.id, notice };
  }
  switch (result.reason) {
    case 'invalid':
      return refuse(400, 'invalid-body', result.message);
    case 'too-soon':
      return { ...refuse(429, 'too-soon', result.message), retryAfterSeconds: result.retryAfterSeconds };
    default:
      return POST_REFUSALS[result.reason];
  }
}

async function edit(
  { db, config }: CommentServices,
  commentId: number,
  author: Commenter,
  body: string,
  now: number,
): Promise<CommentActionResult> {
  const screening = await screenComment(db, { user: author, body, kind: 'edit' }, config.limits, now);
  // A ban or a suspension is the one refusal an edit can meet here: the duplicate rule is for new comments.
  if (!screening.ok) return refuse(403, 'banned', screening.message);
  const result = await editComment(db, { commentId, userId: author.id, body, status: screening.status }, now);
  if (result.ok) {
    await recordHoldReasons(db, result.comment.id, screening);
    const notice = result.comment.status === 'pending' ? 'pending' : null;
    return { ok: true, status: 200, commentId: result.comment.id, notice };
  }
  return result.reason === 'invalid' ? refuse(400, 'invalid-body', result.message) : EDIT_REFUSALS[result.reason];
}

async function remove(
  { db }: CommentServices,
  commentId: number,
  author: Commenter,
  now: number,
): Promise<CommentActionResult> {
  if (author.bannedAt !== null) return BANNED;
  const result = await deleteComment(db, { commentId, userId: author.id }, now);
  if (result.ok) return { ok: true, status: 200, commentId: null, notice: null };
  return DELETE_REFUSALS[result.reason];
}

async function report(
  { db, config }: CommentServices,
  request: { commentId: number; reason: ReportReason; note: string | null },
  reporter: Commenter,
  now: number,
): Promise<CommentActionResult> {
  if (reporter.bannedAt !== null) return BANNED;
  const limit = await limitReport(db, reporter, config.limits, now);
  if (!limit.ok) {
    return { ...refuse(429, 'too-many-reports', limit.message), retryAfterSeconds: limit.retryAfterSeconds };
  }
  const result = await reportComment(
    db,
    { commentId: request.commentId, reporterId: reporter.id, reason: request.reason, note: request.note },
    {
      reportHideThreshold: config.limits.reportHideThreshold,
      reportMinAccountAgeHours: config.limits.reportMinAccountAgeHours,
    },
    now,
  );
  if (result.ok) return { ok: true, status: 200, commentId: request.commentId, notice: 'reported' };
  return result.reason === 'note-too-long'
    ? refuse(400, 'note-too-long', result.message)
    : REPORT_REFUSALS[result.reason];
}

type TooManyLikes = { ok: false; reason: 'too-many'; retryAfterSeconds: number };

async function like(
  { db, config }: CommentServices,
  request: { commentId: number; liked: boolean },
  reader: Commenter,
  now: number,
): Promise<CommentActionResult> {
  if (reader.bannedAt !== null) return BANNED;
  const { rateLimits, likes } = config.limits;
  const input = { userId: reader.id, commentId: request.commentId, liked: request.liked };
  // The token is taken in the like's own transaction: one disk sync for both.
  const result = await setLike<TooManyLikes>(db, input, now, async (tx) => {
    if (!rateLimits) return { ok: true };
    const limit = await takeToken(tx, `like:user:${reader.id}`, likes.perAccount, now);
    return limit.ok ? limit : { ok: false, reason: 'too-many', retryAfterSeconds: limit.retryAfterSeconds };
  });
  if (!result.ok && result.reason === 'too-many') {
    const message = `You have liked a lot of comments. Try again in ${formatDuration(result.retryAfterSeconds)}.`;
    return { ...refuse(429, 'too-many-likes', message), retryAfterSeconds: result.retryAfterSeconds };
  }
  if (!result.ok) return LIKE_REFUSALS[result.reason];
  return {
    ok: true,
    status: 200,
    commentId: request.commentId,
    notice: null,
    like: { liked: result.liked, count: result.count },
  };
}
