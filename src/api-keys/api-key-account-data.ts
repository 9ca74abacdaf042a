import type { AccountDataRegistry } from '../accounts/account-data-registry.ts';
import type { Db } from '../db/connect.ts';
import { deleteApiKeysOfAccount, listApiKeysOfAccount } from './api-key.repository.ts';

/** Keys go with their account; the export lists them (never a secret, which is not kept). */
export function registerApiKeyAccountData(registry: AccountDataRegistry, { db }: { db: Db }): void {
  registry.register({
    name: 'apiKeys',
    deleteInTransaction: async (trx, account) => deleteApiKeysOfAccount(trx, account.id),
    exportData: async (accountId) => ({
      json: (await listApiKeysOfAccount(db, accountId)).map((row) => ({
        name: row.name,
        prefix: row.prefix,
        createdAt: row.created_at.toISOString(),
        lastUsedAt: row.last_used_at?.toISOString() ?? null,
      })),
    }),
  });
}
