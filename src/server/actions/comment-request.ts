import { z } from 'astro/zod';
import { REPORT_REASONS, type ReportReason } from '../moderation/reports.ts';

export type CommentRequest =
  | { intent: 'post'; body: string; notifyReplies: boolean }
  | { intent: 'reply'; parentId: number; body: string; notifyReplies: boolean }
  | { intent: 'edit'; commentId: number; body: string }
  | { intent: 'delete'; commentId: number }
  | { intent: 'report'; commentId: number; reason: ReportReason; note: string | null }
  | { intent: 'like'; commentId: number; liked: boolean };

/** A positive whole number, from JSON or a form field; never true, [1] or "1e3" coerced into one. */
const id = z
  .union([z.number(), z.string().regex(/^[1-9]\d{0,15}$/, 'That is not a comment number.')], {
    error: 'That is not a comment number.',
  })
  .transform(Number)
  .pipe(
    z
      .number()
      .int('That is not a comment number.')
      .positive('That is not a comment number.')
      .max(Number.MAX_SAFE_INTEGER, 'That is not a comment number.'),
  );
const body = z.string({ error: 'Write something before posting.' });
/** The "Email me when someone replies to me" box: a form's "on", or JSON's true. */
const notifyReplies = z
  .union([z.literal('on'), z.boolean()])
  .optional()
  .transform((value) => value === 'on' || value === true);

const commentRequestSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('post'), body, notifyReplies }),
    z.object({ intent: z.literal('reply'), parentId: id, body, notifyReplies }),
    z.object({ intent: z.literal('edit'), commentId: id, body }),
    z.object({ intent: z.literal('delete'), commentId: id }),
    z.object({
      intent: z.literal('report'),
      commentId: id,
      reason: z.enum(REPORT_REASONS, { error: 'Choose why you are reporting the comment.' }),
      note: z
        .string()
        .trim()
        .transform((note) => (note === '' ? null : note))
        .nullable()
        .default(null),
    }),
    z.object({
      intent: z.literal('like'),
      commentId: id,
      // A form sends "true" or "false"; JSON a boolean.
      liked: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')], {
        error: 'Say whether you like the comment.',
      }),
    }),
  ],
  { error: 'Say what to do: post, reply, edit, delete, report or like.' },
);

export type ParsedCommentRequest = { ok: true; request: CommentRequest } | { ok: false; message: string };

/** Reads a comment action from a form post (snake_case fields) or a JSON body (camelCase). */
export function parseCommentRequest(fields: Record<string, unknown>): ParsedCommentRequest {
  const result = commentRequestSchema.safeParse({
    intent: fields.intent,
    body: fields.body,
    parentId: fields.parentId ?? fields.parent_id,
    commentId: fields.commentId ?? fields.comment_id,
    reason: fields.reason,
    note: fields.note,
    notifyReplies: fields.notifyReplies ?? fields.notify_replies,
    liked: fields.liked,
  });
  if (result.success) return { ok: true, request: result.data };
  return { ok: false, message: result.error.issues[0]?.message ?? 'The request could not be read.' };
}

/** A comment form post: the action it asks for, the text typed (kept for a draft) and where it came from. */
export interface CommentFormPost {
  parsed: ParsedCommentRequest;
  body: string;
  returnTo: string;
}

export function parseCommentForm(form: FormData): CommentFormPost {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of form) if (typeof value === 'string') fields[name] = value;
  return {
    parsed: parseCommentRequest(fields),
    body: typeof fields.body === 'string' ? fields.body : '',
    returnTo: String(fields.return_to ?? ''),
  };
}

/** A comment id from a URL segment, or null for anything that cannot name one. */
export function parseCommentId(segment: string | undefined): number | null {
  return segment !== undefined && /^[1-9]\d{0,15}$/.test(segment) && Number.isSafeInteger(Number(segment))
    ? Number(segment)
    : null;
}
