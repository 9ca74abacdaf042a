import type { Command } from 'commander';
import { z } from 'zod';
import { emailSchema, newPasswordSchema } from '../../src/accounts/account-input.ts';
import { parseCliArguments } from '../cli-arguments.ts';
import { withApp } from '../with-app.ts';

const userCreateOptions = z.object({
  email: emailSchema,
  password: newPasswordSchema,
  admin: z.boolean().default(false),
});

export function registerCommand(program: Command): void {
  const user = program.command('user').description('Manage accounts');
  user
    .command('create')
    .description('Create a verified account; with --admin, also print its TOTP enrolment and recovery codes')
    .requiredOption('--email <email>', 'the account email')
    .requiredOption('--password <password>', 'its password (at least 10 characters, not a common one)')
    .option('--admin', 'make it an admin (requires two-factor sign-in)', false)
    .action(async (rawOptions: unknown) => {
      const options = parseCliArguments(userCreateOptions, rawOptions);
      await withApp(async (app) => {
        const { account, enrolment } = await app.accounts.provisioning.createVerifiedAccount(options);
        console.log(`created ${account.role} account ${account.id} (${account.email}), email verified`);
        if (!enrolment) return;
        console.log('\nAdd this to an authenticator app (or make a QR code of it):');
        console.log(enrolment.otpauthUri);
        console.log('\nRecovery codes, each usable once if the authenticator is lost (store them safely):');
        for (const code of enrolment.recoveryCodes) console.log(`  ${code}`);
      });
    });
}
