import { deleteSessionsOfAccount, listSessionsOfAccount } from '../auth/session.repository.ts';
import type { Db } from '../db/connect.ts';
import type { MediaStorage } from '../media/storage.ts';
import { anonymiseSecurityEvents, listSecurityEventsForAccountExport } from '../security-log/security-log.repository.ts';
import type { AccountDataRegistry } from './account-data-registry.ts';
import type { ProfileService } from './profile.service.ts';

/**
 * The per-account data that exists today. Later features (gallery, generations, reference
 * images, credits) register their own owners the same way from the composition root.
 */
export function registerCoreAccountData(registry: AccountDataRegistry, { db, storage, profile }: { db: Db; storage: MediaStorage; profile: ProfileService }): void {
  registry.register({
    name: 'sessions',
    // The account row's foreign key cascades too; explicit so the intent does not hang on a constraint.
    deleteInTransaction: async (trx, account) => void (await deleteSessionsOfAccount(trx, account.id)),
    exportData: async (accountId) => ({
      json: (await listSessionsOfAccount(db, accountId)).map((row) => ({ createdAt: row.created_at.toISOString(), expiresAt: row.expires_at.toISOString() })),
    }),
  });

  registry.register({
    name: 'securityLog',
    // Kept for audit (who did what, when), but no longer tied to a person.
    deleteInTransaction: async (trx, account) => void (await anonymiseSecurityEvents(trx, account.id, account.anonymousId)),
    exportData: async (accountId) => ({
      json: (await listSecurityEventsForAccountExport(db, accountId)).map((row) => ({ occurredAt: row.occurred_at.toISOString(), event: row.event, details: row.details })),
    }),
  });

  registry.register({
    name: 'avatar',
    afterDeletion: (account) => profile.deleteAvatarIfUnused(account.avatarKey),
    async exportData(accountId) {
      const account = await profile.findAccount(accountId);
      const key = account?.avatarKey;
      if (!key || !(await storage.exists(key))) return {};
      return { files: [{ path: 'avatar.webp', open: async () => (await storage.get(key))?.body }] };
    },
  });
}
