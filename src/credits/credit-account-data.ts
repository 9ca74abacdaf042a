import type { AccountDataRegistry } from '../accounts/account-data-registry.ts';
import type { Db } from '../db/connect.ts';
import { anonymizeCreditEntries, listCreditEntriesForExport } from './credit-ledger.repository.ts';

/** The ledger outlives the account (audit), anonymized. */
export function registerCreditAccountData(registry: AccountDataRegistry, { db }: { db: Db }): void {
  registry.register({
    name: 'credits',
    async deleteInTransaction(trx, account) {
      await anonymizeCreditEntries(trx, account.id, account.anonymousId);
    },
    exportData: async (accountId) => ({
      json: (await listCreditEntriesForExport(db, accountId)).map((row) => ({
        amount: row.amount,
        reason: row.reason,
        generationId: row.generation_id,
        stripeObjectId: row.stripe_object_id,
        note: row.note,
        createdAt: row.created_at.toISOString(),
      })),
    }),
  });
}
