import type { APIRoute } from 'astro';
import { answerNamedComment } from '../../../../lib/comment-api.ts';

export const prerender = false;

/** POST {liked: true|false}: like someone else's comment, or take the like back; answers the new count. */
export const POST: APIRoute = (context) =>
  answerNamedComment(context, 'Sign in to like comments.', (id, fields) => ({
    intent: 'like',
    commentId: id,
    liked: fields.liked,
  }));
