import type { Command } from 'commander';
import { z } from 'zod';
import { emailSchema } from '../../src/accounts/account-input.ts';
import { parseCliArguments } from '../cli-arguments.ts';
import { withApp } from '../with-app.ts';

const grantOptions = z.object({
  email: emailSchema,
  amount: z.coerce
    .number()
    .int('must be a whole number')
    .min(-1_000_000)
    .max(1_000_000)
    .refine((amount) => amount !== 0, 'must not be 0'),
  reason: z.string().trim().min(3, 'say why, in a few words').max(200),
});

export function registerCommand(program: Command): void {
  const credits = program.command('credits').description('Credit balances');
  credits
    .command('grant')
    .description('Add (or, with a negative amount, remove) credits; recorded in the ledger and the security log')
    .requiredOption('--email <email>', 'the account email')
    .requiredOption('--amount <credits>', 'whole credits; negative to remove (never below zero)')
    .requiredOption('--reason <text>', 'why, kept in the ledger')
    .action(async (rawOptions: unknown) => {
      const { email, amount, reason } = parseCliArguments(grantOptions, rawOptions);
      await withApp(async (app) => {
        const { accountId, balance } = await app.credits.admin.adjustByEmail(email, { amount, reason });
        console.log(`account ${accountId}: ${amount > 0 ? '+' : ''}${amount} credits, balance now ${balance}`);
      });
    });
}
