import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from './mailer.ts';
import { createOutboxMailer } from './outbox-mailer.ts';
import { outboxDir } from './outbox.ts';
import { createSmtpMailer } from './smtp-mailer.ts';

export function mailFromAddress(config: Pick<Config, 'MAIL_FROM' | 'PUBLIC_URL'>): string {
  return config.MAIL_FROM ?? `artsift <no-reply@${new URL(config.PUBLIC_URL).hostname}>`;
}

export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'PUBLIC_URL' | 'DATA_DIR'>, { clock, logger }: { clock: Clock; logger: Logger }): Mailer {
  const from = mailFromAddress(config);
  if (config.SMTP_URL) return createSmtpMailer({ smtpUrl: config.SMTP_URL, from });
  return createOutboxMailer({ dir: outboxDir(config.DATA_DIR), from, clock, logger });
}
