/**
 * Mail as the tests read it: a transport that keeps what it is handed, a pass of the sender at
 * the services clock's time, and accounts whose address is already verified.
 */
import { deliverDueMail, type DeliveryPass, type MailDelivery } from '../../src/server/mail/delivery.ts';
import type { MailTransport, OutgoingMail } from '../../src/server/mail/transport.ts';
import type { Database } from '../../src/server/db/database.ts';
import type { ActionServices } from './action-services.ts';
import { addUser, NOW, type UserOptions } from './fixtures.ts';

export const TEST_LINK_KEY = new TextEncoder().encode('a key for the tests only, 32 bytes');

export interface CapturingTransport extends MailTransport {
  sent: OutgoingMail[];
  /** Makes the next `count` sends fail, as a mail server that is down would. */
  failNext(count: number): void;
}

export function capturingTransport(): CapturingTransport {
  const sent: OutgoingMail[] = [];
  let failures = 0;
  return {
    sent,
    failNext: (count) => void (failures = count),
    send: async (mail) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('connection refused');
      }
      sent.push(mail);
    },
    close: () => undefined,
  };
}

export function testDelivery(transport: MailTransport): MailDelivery {
  return {
    transport,
    from: 'The Ledger <no-reply@news.example>',
    site: { name: 'The Ledger', origin: 'https://news.example' },
    linkKey: TEST_LINK_KEY,
  };
}

export function deliver(
  services: Pick<ActionServices, 'db' | 'clock'>,
  transport: MailTransport,
): Promise<DeliveryPass> {
  return deliverDueMail(services.db, testDelivery(transport), services.clock.now());
}

/** A user whose address is set and verified, opted in to reply emails unless told otherwise. */
export async function addMailUser(
  db: Database,
  username: string,
  options: UserOptions & { notifyReplies?: boolean; moderatorDigest?: boolean } = {},
): Promise<number> {
  const id = await addUser(db, username, options);
  await db.run(
    'UPDATE users SET email = ?, email_verified_at = ?, notify_replies = ?, moderator_digest = ? WHERE id = ?',
    [`${username}@example.org`, NOW, options.notifyReplies === false ? 0 : 1, options.moderatorDigest ? 1 : 0, id],
  );
  return id;
}

/** The 8-digit code in a verification email. */
export function codeIn(mail: OutgoingMail): string {
  const match = /Your code is (\d{8})\./.exec(mail.text);
  if (match === null) throw new Error(`No code in: ${mail.text}`);
  return match[1] as string;
}

/** The reset link's token in a reset email. */
export function resetTokenIn(mail: OutgoingMail): string {
  const match = /\/reset-password\/\?token=([a-z2-7]+)/.exec(mail.text);
  if (match === null) throw new Error(`No reset link in: ${mail.text}`);
  return match[1] as string;
}

export async function outboxRows(db: Database): Promise<{ kind: string; recipient: string; payload: string }[]> {
  return db.all('SELECT kind, recipient, payload FROM mail_outbox ORDER BY id');
}
