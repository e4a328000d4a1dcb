/**
 * Mail for the running server: the background sender (src/server/mail/delivery.ts) with the
 * transport SMTP_URL chooses, and an hourly pass that queues the moderators' digest and deletes
 * what mail no longer needs (rows sent a week ago, reset links past their hour).
 */
import { join } from 'node:path';
import { deliverDueMail, startMailSender, type DeliveryPass, type MailDelivery } from '../mail/delivery.ts';
import { mailSecretKey } from '../mail/mail-secret.ts';
import { queueModeratorDigests } from '../mail/moderator-digest.ts';
import { deleteFinishedMail } from '../mail/outbox.ts';
import { deleteExpiredPasswordResets } from '../mail/password-reset.ts';
import { createMailTransport, type MailTransport } from '../mail/transport.ts';
import { findModerationQueue } from '../moderation/queue.ts';
import type { Services } from './services.ts';

const hourMilliseconds = 60 * 60 * 1000;
const sentRetentionSeconds = 7 * 24 * 60 * 60;

export interface RunningMail {
  /** One pass, for tests and the bench, at the services clock's time. */
  deliverNow(): Promise<DeliveryPass>;
  /** The hourly pass, for tests. */
  tidyNow(): Promise<void>;
  stop(): Promise<void>;
}

type MailServices = Pick<Services, 'db' | 'config' | 'clock'>;

export async function mailDelivery(
  services: MailServices,
  siteName: string,
  transport?: MailTransport,
): Promise<MailDelivery> {
  const { config, db } = services;
  return {
    transport:
      transport ?? createMailTransport({ smtpUrl: config.mail.smtpUrl, outboxDir: join(config.dataDir, 'outbox') }),
    from: config.mail.from,
    site: { name: siteName, origin: config.siteOrigin },
    linkKey: await mailSecretKey(db, config.mail.secret),
  };
}

export async function startMail(
  services: MailServices,
  siteName: string,
  transport?: MailTransport,
): Promise<RunningMail> {
  const { db, clock } = services;
  const delivery = await mailDelivery(services, siteName, transport);
  const sender = startMailSender(db, clock, delivery);
  const tidyNow = async (): Promise<void> => {
    const now = clock.now();
    const { total } = await findModerationQueue(db, { limit: 1 });
    await queueModeratorDigests(db, total, now);
    await deleteFinishedMail(db, sentRetentionSeconds, now);
    await deleteExpiredPasswordResets(db, now);
  };
  let tidying: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    tidying = tidying.then(tidyNow).catch((error: unknown) => console.error('Mail housekeeping failed:', error));
  }, hourMilliseconds);
  timer.unref();
  return {
    deliverNow: () => deliverDueMail(db, delivery, clock.now()),
    tidyNow,
    stop: async () => {
      clearInterval(timer);
      await tidying;
      await sender.stop();
    },
  };
}
