import { z } from 'astro/zod';
import type { Role } from '../accounts/user.ts';

export type ModerationRequest =
  | { intent: 'approve' | 'restore' | 'delete'; commentId: number; reason: string | null }
  | { intent: 'hide'; commentId: number; reason: string }
  | { intent: 'ban' | 'unban'; userId: number; reason: string | null }
  | { intent: 'set-role'; username: string; role: Role; reason: string | null };

const id = z
  .string({ error: 'That is not a valid number.' })
  .regex(/^[1-9]\d{0,15}$/, 'That is not a valid number.')
  .transform(Number)
  .pipe(z.number().max(Number.MAX_SAFE_INTEGER, 'That is not a valid number.'));
const optionalReason = z
  .string()
  .trim()
  .optional()
  .transform((reason) => (reason === undefined || reason === '' ? null : reason));

const moderationRequestSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.enum(['approve', 'restore', 'delete']), commentId: id, reason: optionalReason }),
    z.object({
      intent: z.literal('hide'),
      commentId: id,
      reason: z.string({ error: 'Give the author a reason.' }).trim().min(1, 'Give the author a reason.'),
    }),
    z.object({ intent: z.enum(['ban', 'unban']), userId: id, reason: optionalReason }),
    z.object({
      intent: z.literal('set-role'),
      username: z.string().trim().min(1, 'Name the account.'),
      role: z.enum(['reader', 'moderator', 'admin'], { error: 'Choose reader, moderator or admin.' }),
      reason: optionalReason,
    }),
  ],
  { error: 'Unknown moderation action.' },
);

export type ParsedModerationRequest = { ok: true; request: ModerationRequest } | { ok: false; message: string };

export function parseModerationRequest(form: FormData): ParsedModerationRequest {
  const field = (name: string): string | undefined => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const result = moderationRequestSchema.safeParse({
    intent: field('intent'),
    commentId: field('comment_id'),
    userId: field('user_id'),
    username: field('username'),
    role: field('role'),
    reason: field('reason'),
  });
  if (result.success) return { ok: true, request: result.data };
  return { ok: false, message: result.error.issues[0]?.message ?? 'The request could not be read.' };
}
