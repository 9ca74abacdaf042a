import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from './mailer.ts';
import { writeOutboxMessage } from './outbox.ts';

/**
 * Without SMTP, mail is kept as files under DATA_DIR/outbox (`npm run cli -- outbox` shows them),
 * so sign-up works on a fresh install. The log line names the file, never the recipient.
 */
export function createOutboxMailer({ dir, from, clock, logger }: { dir: string; from: string; clock: Clock; logger: Logger }): Mailer {
  return {
    async send(message) {
      const stored = await writeOutboxMessage(dir, { ...message, from }, clock.now());
      logger.info({ outboxMessage: stored.id, subject: message.subject }, 'mail written to the outbox (no SMTP_URL): npm run cli -- outbox');
    },
    close() {},
  };
}
