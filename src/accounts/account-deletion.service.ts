import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect.ts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { SecurityLog } from '../security-log/security-log.service.ts';
import type { AccountDataRegistry, DeletedAccount } from './account-data-registry.ts';
import { deleteAccountRow, findAccountById } from './account.repository.ts';
import type { CurrentPasswordCheck } from './current-password-check.ts';

export interface DeletionConfirmation {
  password?: string | undefined;
  /** The session signed in with Google again a moment ago (accounts without a password). */
  recentlyReauthenticated: boolean;
}

export type AccountDeletionService = ReturnType<typeof createAccountDeletionService>;

/**
 * Deletes an account at once and for good: every registered data owner deletes or anonymises
 * its rows in one transaction with the account row, then removes its files.
 */
export function createAccountDeletionService(deps: { db: Db; registry: AccountDataRegistry; currentPassword: CurrentPasswordCheck; securityLog: SecurityLog; logger: Logger }) {
  const { db, registry, currentPassword, securityLog, logger } = deps;

  /** Accounts with a password confirm with it; Google-only accounts with a fresh Google sign-in. */
  async function assertConfirmed(accountId: string, passwordHash: string | null, confirmation: DeletionConfirmation): Promise<void> {
    if (passwordHash) {
      if (confirmation.password !== undefined && (await currentPassword.matches(accountId, confirmation.password, passwordHash))) return;
      throw new UnauthenticatedError(confirmation.password === undefined ? 'Enter your password to confirm' : 'That password is not right', 'password');
    }
    if (confirmation.recentlyReauthenticated) return;
    throw new ForbiddenError('Sign in with Google again to confirm that it is you', 'reauthentication');
  }

  return {
    async deleteAccount(accountId: string, confirmation: DeletionConfirmation, context: { ip?: string } = {}): Promise<void> {
      const row = await findAccountById(db, accountId);
      if (!row) throw new UnauthenticatedError('Sign in again');
      await assertConfirmed(row.id, row.password_hash, confirmation);

      const deleted: DeletedAccount = { id: row.id, anonymousId: randomUUID(), avatarKey: row.avatar_key };
      await db.transaction().execute(async (trx) => {
        for (const owner of registry.owners()) await owner.deleteInTransaction?.(trx, deleted);
        await deleteAccountRow(trx, row.id);
      });
      for (const owner of registry.owners()) {
        try {
          await owner.afterDeletion?.(deleted);
        } catch (error) {
          logger.error({ err: error, owner: owner.name, anonymousId: deleted.anonymousId }, 'clean-up after account deletion failed');
        }
      }
      await securityLog.record('account.deleted', { anonymousSubject: deleted.anonymousId, ip: context.ip });
    },
  };
}
