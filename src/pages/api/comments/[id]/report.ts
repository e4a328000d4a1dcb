import type { APIRoute } from 'astro';
import { answerNamedComment } from '../../../../lib/comment-api.ts';

export const prerender = false;

/** POST {reason, note?}: report someone else's comment to the moderators, once. */
export const POST: APIRoute = (context) =>
  answerNamedComment(context, 'Sign in to report comments.', (id, fields) => ({
    intent: 'report',
    commentId: id,
    reason: fields.reason,
    note: fields.note,
  }));
