/** The unsubscribe link's click and the mail client's RFC 8058 one-click POST: both need only the signed link. */
import type { Services } from '../app/services.ts';
import { readMailSecretKey } from '../mail/mail-secret.ts';
import { readUnsubscribeLink, unsubscribe, type MailList, type UnsubscribeRequest } from '../mail/unsubscribe.ts';

export const UNSUBSCRIBED: Readonly<Record<MailList, string>> = {
  replies: 'You will get no more emails about replies. You can turn them on again on your account page.',
  digest: 'You will get no more moderation digests. You can turn them on again on your account page.',
};

export type UnsubscribeOutcome = { ok: true; list: MailList } | { ok: false; status: 400; message: string };

const BAD_LINK = {
  ok: false,
  status: 400,
  message: 'This unsubscribe link is not complete. Copy the whole link from the email.',
} as const;

/** Whether the link is one we signed, without acting on it (the page asks for the click first). */
export async function checkUnsubscribeLink(
  services: Pick<Services, 'db' | 'config'>,
  params: URLSearchParams,
): Promise<UnsubscribeOutcome> {
  const request = await readLink(services, params);
  return request === null ? BAD_LINK : { ok: true, list: request.list };
}

export async function performUnsubscribe(
  services: Pick<Services, 'db' | 'config'>,
  params: URLSearchParams,
): Promise<UnsubscribeOutcome> {
  const request = await readLink(services, params);
  if (request === null) return BAD_LINK;
  await unsubscribe(services.db, request);
  return { ok: true, list: request.list };
}

async function readLink(
  services: Pick<Services, 'db' | 'config'>,
  params: URLSearchParams,
): Promise<UnsubscribeRequest | null> {
  const key = await readMailSecretKey(services.db, services.config.mail.secret);
  return key === null ? null : readUnsubscribeLink(params, key);
}
