/**
 * One-click unsubscribe (RFC 8058): each notification carries a link signed for its account and
 * list, which works without signing in. The page behind the link asks for a click, because mail
 * scanners follow links; the `List-Unsubscribe` target takes the mail client's POST directly.
 */
import type { Queryable } from '../db/database.ts';
import { setMailPreference, type MailPreference } from './mail-settings.ts';
import { linkSignatureMatches, signLink } from './secrets.ts';

export const MAIL_LISTS = ['replies', 'digest'] as const;
export type MailList = (typeof MAIL_LISTS)[number];

const preferenceOf: Readonly<Record<MailList, MailPreference>> = {
  replies: 'notify_replies',
  digest: 'moderator_digest',
};

export interface UnsubscribeRequest {
  userId: number;
  list: MailList;
}

export function unsubscribeLinks(
  origin: string,
  key: Uint8Array,
  request: UnsubscribeRequest,
): { page: string; oneClick: string } {
  const query = new URLSearchParams({
    user: String(request.userId),
    list: request.list,
    sig: signLink(key, subjectOf(request)),
  });
  return { page: `${origin}/unsubscribe/?${query}`, oneClick: `${origin}/api/unsubscribe?${query}` };
}

/** The request a link names, or null for anything unsigned, tampered with or malformed. */
export function readUnsubscribeLink(params: URLSearchParams, key: Uint8Array): UnsubscribeRequest | null {
  const user = params.get('user') ?? '';
  const list = params.get('list') ?? '';
  const signature = params.get('sig') ?? '';
  if (!/^[1-9]\d{0,15}$/.test(user) || !(MAIL_LISTS as readonly string[]).includes(list)) return null;
  const request = { userId: Number(user), list: list as MailList };
  return linkSignatureMatches(key, subjectOf(request), signature) ? request : null;
}

export async function unsubscribe(db: Queryable, request: UnsubscribeRequest): Promise<void> {
  await setMailPreference(db, request.userId, preferenceOf[request.list], false);
}

function subjectOf(request: UnsubscribeRequest): string {
  return `unsubscribe:${request.list}:${request.userId}`;
}
