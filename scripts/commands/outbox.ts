import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../src/config.ts';
import { outboxDir, readOutbox } from '../../src/mail/outbox.ts';
import { parseCliArguments } from '../cli-arguments.ts';

const outboxOptions = z.object({
  limit: z.coerce.number({ error: 'expected a number' }).int('expected a whole number').min(1, 'expected at least 1').max(1000, 'expected at most 1000'),
});

export function registerCommand(program: Command): void {
  program
    .command('outbox')
    .description('Show the mail kept in DATA_DIR/outbox when SMTP_URL is not set (newest first)')
    .option('--limit <n>', 'how many messages', '5')
    .action(async (rawOptions: unknown) => {
      const { limit } = parseCliArguments(outboxOptions, rawOptions);
      const config = loadConfig();
      const messages = await readOutbox(outboxDir(config.DATA_DIR), { limit });
      if (messages.length === 0) {
        console.log(config.SMTP_URL ? 'the outbox is empty (SMTP_URL is set: mail goes out through SMTP)' : 'the outbox is empty');
        return;
      }
      for (const message of messages) {
        console.log(`── ${message.createdAt}  to ${message.to}\nSubject: ${message.subject}\n\n${message.text}`);
      }
    });
}
