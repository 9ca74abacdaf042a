import type { AccountDataRegistry } from '../accounts/account-data-registry.ts';
import type { Db } from '../db/connect.ts';
import { deleteGenerationsOfAccount, listGenerationsForAccountExport } from '../generation/generation.repository.ts';
import type { MediaStorage } from '../media/storage.ts';
import { deleteGalleryItemsOfAccount, listGalleryItemsForAccountExport } from './gallery.repository.ts';
import type { GalleryService } from './gallery.service.ts';

/**
 * Gallery items (with their prompts and image files), generations and reference images go with
 * the account, and come with it in the data export.
 */
export function registerGalleryAccountData(registry: AccountDataRegistry, { db, storage, gallery }: { db: Db; storage: MediaStorage; gallery: GalleryService }): void {
  // Keys of the deleted rows, from the deletion transaction to the file clean-up after its commit.
  const filesOfDeletedAccounts = new Map<string, string[]>();

  registry.register({
    name: 'generations',
    async deleteInTransaction(trx, account) {
      const referenceKeys = await deleteGenerationsOfAccount(trx, account.id);
      filesOfDeletedAccounts.set(account.id, [...(filesOfDeletedAccounts.get(account.id) ?? []), ...referenceKeys]);
    },
    exportData: async (accountId) => ({
      json: (await listGenerationsForAccountExport(db, accountId)).map((row) => ({
        id: row.id,
        status: row.status,
        model: row.model,
        aspect: row.aspect,
        createdAt: row.created_at.toISOString(),
        finishedAt: row.finished_at?.toISOString() ?? null,
      })),
    }),
  });

  registry.register({
    name: 'gallery',
    async deleteInTransaction(trx, account) {
      const imageKeys = await deleteGalleryItemsOfAccount(trx, account.id);
      filesOfDeletedAccounts.set(account.id, [...(filesOfDeletedAccounts.get(account.id) ?? []), ...imageKeys]);
    },
    async afterDeletion(account) {
      const keys = filesOfDeletedAccounts.get(account.id) ?? [];
      filesOfDeletedAccounts.delete(account.id);
      await gallery.releaseFiles(keys);
    },
    async exportData(accountId) {
      const items = await listGalleryItemsForAccountExport(db, accountId);
      return {
        json: items.map((item) => ({
          id: item.id,
          file: `gallery/${item.id}.webp`,
          visibility: item.visibility,
          prompt: item.prompt,
          negativePrompt: item.negative_prompt,
          model: item.model,
          aspect: item.aspect,
          seed: Number(item.seed),
          fromArtworkId: item.artwork_id,
          createdAt: item.created_at.toISOString(),
        })),
        files: items.map((item) => ({ path: `gallery/${item.id}.webp`, open: async () => (await storage.get(item.full_key))?.body })),
      };
    },
  });
}
