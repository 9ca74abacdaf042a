import { createRequire } from 'node:module';
import type nodemailer from 'nodemailer';
import type { Mailer } from './mailer.ts';

export function createSmtpMailer({ smtpUrl, from }: { smtpUrl: string; from: string }): Mailer {
  // nodemailer reads host, port, TLS and credentials from the URL (smtp://user:pass@host:587).
  // Loaded only when SMTP_URL is set: the default outbox needs no SMTP client at start.
  const mailer = createRequire(import.meta.url)('nodemailer') as typeof nodemailer;
  const transport = mailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
    close() {
      transport.close();
    },
  };
}
