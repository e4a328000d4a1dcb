/**
 * Where mail goes, by nodemailer: through the SMTP server at SMTP_URL, or, when it is unset,
 * into DATA_DIR/outbox/ as one `.eml` file per message with a line on stdout, so a site on one
 * machine works with no mail server (and its owner can read or forward the files).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  /** The outbox row's id, which names the `.eml` file. */
  id: number;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailTransport(options: { smtpUrl: string | null; outboxDir: string }): MailTransport {
  if (options.smtpUrl !== null) {
    const smtp = nodemailer.createTransport(options.smtpUrl);
    return {
      send: async ({ id: _id, ...mail }) => void (await smtp.sendMail(mail)),
      close: () => smtp.close(),
    };
  }
  const files = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const { outboxDir } = options;
  return {
    send: async ({ id, ...mail }) => {
      const info = await files.sendMail(mail);
      await mkdir(outboxDir, { recursive: true });
      const path = join(outboxDir, `${String(id).padStart(8, '0')}.eml`);
      await writeFile(path, info.message as Buffer);
      console.log(`Mail to ${mail.to}: "${mail.subject}" written to ${path}`);
    },
    close: () => files.close(),
  };
}
