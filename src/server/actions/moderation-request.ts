import { z } from 'astro/zod';
import type { Role } from '../accounts/user.ts';

export type ModerationRequest =
  | {
      intent: 'approve' | 'restore' | 'delete' | 'dismiss' | 'feature' | 'unfeature';
      commentId: number;
      reason: string | null;
    }
  | { intent: 'hide'; commentId: number; reason: string }
  | { intent: 'ban' | 'unban' | 'delete-account'; userId: number; reason: string | null }
  | { intent: 'suspend'; userId: number; length: '24h' | '7d'; reason: string | null }
  | { intent: 'bulk-approve'; commentIds: number[]; reason: string | null }
  | { intent: 'bulk-hide'; commentIds: number[]; reason: string }
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

const hideReason = z.string({ error: 'Give the author a reason.' }).trim().min(1, 'Give the author a reason.');
const selection = z
  .array(id, { error: 'Choose at least one comment.' })
  .min(1, 'Choose at least one comment.')
  .max(100);

const moderationRequestSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.enum(['approve', 'restore', 'delete', 'dismiss', 'feature', 'unfeature']),
      commentId: id,
      reason: optionalReason,
    }),
    z.object({ intent: z.literal('hide'), commentId: id, reason: hideReason }),
    z.object({ intent: z.enum(['ban', 'unban', 'delete-account']), userId: id, reason: optionalReason }),
    z.object({
      intent: z.literal('suspend'),
      userId: id,
      length: z.enum(['24h', '7d'], { error: 'Choose 24 hours or 7 days.' }),
      reason: optionalReason,
    }),
    z.object({ intent: z.literal('bulk-approve'), commentIds: selection, reason: optionalReason }),
    z.object({ intent: z.literal('bulk-hide'), commentIds: selection, reason: hideReason }),
    z.object({
      intent: z.literal('set-role'),
      username: z.string().trim().min(1, 'Name the account.'),
      role: z.enum(['reader', 'moderator', 'admin'], { error: 'Choose reader, moderator or admin.' }),
      reason: optionalReason,
    }),
  ],
  { error: 'Unknown moderation action.' },
);

/** A refusal keeps the status of a body that could not be read (413, 415); a bad field is a 400. */
export type ParsedModerationRequest =
  { ok: true; request: ModerationRequest } | { ok: false; status?: 400 | 413 | 415; message: string };

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
    length: field('length'),
    commentIds: form.getAll('comment_ids').filter((value) => typeof value === 'string'),
  });
  if (result.success) return { ok: true, request: result.data };
  return { ok: false, message: result.error.issues[0]?.message ?? 'The request could not be read.' };
}

export const QUEUE_PAGE_SIZE = 25;
const QUEUE_REASON_VALUES = ['premoderation', 'first-comment', 'links', 'banned-words', 'edit', 'reports'] as const;
const CONFIRMABLE = ['delete', 'ban', 'suspend'] as const;

export interface QueueView {
  reason: (typeof QUEUE_REASON_VALUES)[number] | null;
  story: string | null;
  user: string | null;
  order: 'newest' | 'oldest';
  page: number;
  /** A destructive action waiting for its "Yes": the second step that needs no JavaScript. */
  confirm: { action: (typeof CONFIRMABLE)[number]; commentId: number; length: '24h' | '7d' } | null;
}

/** The queue's GET parameters; anything unreadable falls back to the unfiltered first page. */
export function parseQueueView(params: URLSearchParams): QueueView {
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const value = params.get(name);
    return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
  };
  const text = (name: string, pattern: RegExp): string | null => {
    const value = params.get(name)?.trim() ?? '';
    return pattern.test(value) ? value : null;
  };
  const page = Number(text('page', /^[1-9]\d{0,5}$/) ?? 1);
  const action = pick('confirm', CONFIRMABLE);
  const commentId = text('comment', /^[1-9]\d{0,15}$/);
  return {
    reason: pick('reason', QUEUE_REASON_VALUES),
    story: text('story', /^[a-z0-9][a-z0-9-]{0,199}$/),
    user: text('user', /^\S{1,100}$/),
    order: pick('order', ['newest', 'oldest'] as const) ?? 'newest',
    page,
    confirm:
      action === null || commentId === null
        ? null
        : { action, commentId: Number(commentId), length: pick('length', ['24h', '7d'] as const) ?? '24h' },
  };
}

/** The query string that shows `view` again (without its confirmation), for links and redirects. */
export function queueViewQuery(view: Omit<QueueView, 'confirm'>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (view.reason !== null) params.set('reason', view.reason);
  if (view.story !== null) params.set('story', view.story);
  if (view.user !== null) params.set('user', view.user);
  if (view.order !== 'newest') params.set('order', view.order);
  if (view.page !== 1) params.set('page', String(view.page));
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params.toString();
}

/** The item the page returns to after an action, from the form's `next` field. */
export function parseNextItem(form: FormData): number | null {
  const value = form.get('next');
  return typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : null;
}
