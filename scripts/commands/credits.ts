import type { Command } from 'commander';
import { emailSchema } from '../../src/accounts/account-input.ts';
import { creditAdjustmentSchema } from '../../src/credits/credit-adjustment-input.ts';
import { parseCliArguments } from '../cli-arguments.ts';
import { withApp } from '../with-app.ts';

const grantOptions = creditAdjustmentSchema.extend({ email: emailSchema });

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
