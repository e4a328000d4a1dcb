/**
 * The background sender: every few seconds it claims the due outbox rows, renders each with what
 * it needs from the database at that moment (replies deleted meanwhile are left out; a message
 * left with none is dropped), sends it, and marks it sent or failed.
 */
import type { Database, Queryable } from '../db/database.ts';
import { renderMail, type MailSite, type ReplyForMail } from './messages.ts';
import { claimDueMail, dropMail, markMailFailed, markMailSent, type OutboxMessage } from './outbox.ts';
import { commentIdsOf } from './reply-notification.ts';
import type { MailTransport } from './transport.ts';
import { unsubscribeLinks, type MailList } from './unsubscribe.ts';

export interface MailDelivery {
  transport: MailTransport;
  from: string;
  site: MailSite;
  /** The key unsubscribe links are signed with (mail-secret.ts). */
  linkKey: Uint8Array;
}

export interface DeliveryPass {
  sent: number;
  failed: number;
  dropped: number;
}

/** Long enough for any send to finish; a row claimed by a sender that died goes out again after it. */
const LEASE_SECONDS = 10 * 60;
const BATCH = 50;

// A featured comment's email is about the reader's comments, as reply emails are: one choice stops both.
const listOf: Partial<Record<OutboxMessage['kind'], MailList>> = {
  replies: 'replies',
  featured: 'replies',
  'moderator-digest': 'digest',
};

/** One pass over what is due at `now`, in batches until none is left. */
export async function deliverDueMail(db: Database, delivery: MailDelivery, now: number): Promise<DeliveryPass> {
  const pass = { sent: 0, failed: 0, dropped: 0 };
  for (;;) {
    const messages = await claimDueMail(db, now, BATCH, LEASE_SECONDS);
    for (const message of messages) pass[await deliver(db, delivery, message, now)] += 1;
    if (messages.length < BATCH) return pass;
  }
}

async function deliver(
  db: Database,
  delivery: MailDelivery,
  message: OutboxMessage,
  now: number,
): Promise<keyof DeliveryPass> {
  const aboutComments = message.kind === 'replies' || message.kind === 'featured';
  const replies = aboutComments ? await visibleReplies(db, commentIdsOf(message.payload)) : [];
  if (aboutComments && replies.length === 0) {
    await dropMail(db, message.id, now, 'The comments it is about are no longer visible.');
    return 'dropped';
  }
  const list = listOf[message.kind];
  const unsubscribe =
    list === undefined || message.userId === null
      ? null
      : unsubscribeLinks(delivery.site.origin, delivery.linkKey, { userId: message.userId, list });
  const mail = renderMail(message, { site: delivery.site, replies, unsubscribe });
  try {
    await delivery.transport.send({ id: message.id, from: delivery.from, to: message.recipient, ...mail });
  } catch (error) {
    await markMailFailed(db, message, error instanceof Error ? error.message : String(error), now);
    return 'failed';
  }
  await markMailSent(db, message.id, now);
  return 'sent';
}

async function visibleReplies(db: Queryable, ids: readonly number[]): Promise<ReplyForMail[]> {
  if (ids.length === 0) return [];
  const rows = await db.all<{ id: number | bigint; body: string; username: string }>(
    `SELECT c.id, c.body, u.username FROM comments c JOIN users u ON u.id = c.author_id
     WHERE c.status = 'visible' AND c.id IN (${ids.map(() => '?').join(', ')}) ORDER BY c.id`,
    ids,
  );
  return rows.map((row) => ({ id: Number(row.id), authorName: row.username, body: row.body }));
}

export interface MailSender {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/** A pass every `intervalMs`, never two at once; a failed pass is reported and the next tries again. */
export function startMailSender(
  db: Database,
  clock: { now(): number },
  delivery: MailDelivery,
  intervalMs = 5_000,
): MailSender {
  let running: Promise<void> = Promise.resolve();
  let queued = false;
  const pass = (): void => {
    if (queued) return;
    queued = true;
    running = running.then(async () => {
      queued = false;
      try {
        await deliverDueMail(db, delivery, clock.now());
      } catch (error) {
        console.error('Sending mail failed; the next pass tries again:', error);
      }
    });
  };
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
      delivery.transport.close();
    },
  };
}
